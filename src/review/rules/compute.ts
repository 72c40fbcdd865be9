import { block, blocks, bool, num, str, type JsonObject } from '../json';
import { displayName, ofType, type Model, type Resource } from '../model';
import type { Rule, Violation } from './types';

function metadataOptions(resource: Resource): JsonObject | undefined {
  return block(resource.values, 'metadata_options');
}

function launchesInstances(model: Model): readonly Resource[] {
  return ofType(model, 'aws_instance', 'aws_launch_template', 'aws_launch_configuration');
}

export const imdsV2: Rule = {
  id: 'TT-EC2-001',
  title: 'IMDSv2 required (no IMDSv1)',
  severity: 'error',
  fix: 'Set metadata_options { http_tokens = "required" } on the instance or launch template.',
  peers: ['CKV_AWS_79', 'NIST.800.53.R5-EC2IMDSv2Enabled'],
  check: ({ model }) =>
    launchesInstances(model)
      .filter((resource) => {
        const options = metadataOptions(resource);
        return options?.http_endpoint !== 'disabled' && options?.http_tokens !== 'required';
      })
      .map((resource) => ({
        address: resource.address,
        message: `${displayName(resource)} allows IMDSv1 (http_tokens is ${str(metadataOptions(resource)?.http_tokens) ?? 'unset, so "optional"'}): any SSRF can read the instance role's credentials`,
      })),
};

export const imdsHopLimit: Rule = {
  id: 'TT-EC2-002',
  title: 'Instance metadata hop limit of 1',
  severity: 'warning',
  fix: 'Set http_put_response_hop_limit = 1, unless containers on a bridge network must reach the metadata service (then suppress with that reason).',
  peers: ['CKV_AWS_341'],
  check: ({ model }) =>
    launchesInstances(model)
      .filter((resource) => (num(metadataOptions(resource)?.http_put_response_hop_limit) ?? 1) > 1)
      .map((resource) => ({
        address: resource.address,
        message: `${displayName(resource)} lets metadata responses travel ${num(metadataOptions(resource)?.http_put_response_hop_limit)} hops, so containers can fetch the instance's credentials`,
      })),
};

/** The EBS volumes a resource declares, with a label for messages. */
function volumes(resource: Resource): readonly { readonly label: string; readonly ebs: JsonObject }[] {
  switch (resource.type) {
    case 'aws_instance':
    case 'aws_launch_configuration':
      return [
        ...blocks(resource.values, 'root_block_device').map((ebs) => ({ label: 'root volume', ebs })),
        ...blocks(resource.values, 'ebs_block_device').map((ebs) => ({ label: `volume ${str(ebs.device_name) ?? ''}`.trim(), ebs })),
      ];
    case 'aws_launch_template':
      return blocks(resource.values, 'block_device_mappings').flatMap((mapping) => blocks(mapping, 'ebs').map((ebs) => ({ label: `volume ${str(mapping.device_name) ?? ''}`.trim(), ebs })));
    default:
      return [{ label: 'volume', ebs: resource.values }];
  }
}

export const ebsEncrypted: Rule = {
  id: 'TT-EC2-003',
  title: 'EBS volumes encrypted',
  severity: 'error',
  fix: 'Set encrypted = true on every root and data volume (block_device_mappings.ebs in a launch template), or enable aws_ebs_encryption_by_default.',
  peers: ['CKV_AWS_8', 'CKV_AWS_3', 'CKV2_AWS_2', 'AwsSolutions-EC26'],
  check: ({ model }) => {
    const byDefault = ofType(model, 'aws_ebs_encryption_by_default').some((resource) => bool(resource.values.enabled) !== false);
    if (byDefault) {
      return [];
    }
    return [...launchesInstances(model), ...ofType(model, 'aws_ebs_volume')].flatMap((resource): Violation[] => {
      const declared = volumes(resource);
      if (declared.length === 0 && resource.type !== 'aws_ebs_volume') {
        return [{ address: resource.address, severity: 'warning', message: `${displayName(resource)} does not declare its root volume, so encryption depends on the AMI and the account default` }];
      }
      return declared
        .filter(({ ebs }) => bool(ebs.encrypted) !== true)
        .map(({ label, ebs }): Violation =>
          bool(ebs.encrypted) === false
            ? { address: resource.address, subject: { facts: [label] }, message: `${displayName(resource)}: ${label} is not encrypted` }
            : {
                // Unset (or known only after apply): EBS encrypts it when the account's default encryption is on, which the input cannot show.
                address: resource.address,
                subject: { facts: [label] },
                severity: 'warning',
                message: `${displayName(resource)}: ${label} does not set encrypted, so whether it is encrypted depends on the account's EBS default encryption (and the AMI or snapshot)`,
              },
        );
    });
  },
};
