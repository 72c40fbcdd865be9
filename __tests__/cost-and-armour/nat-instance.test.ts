import { Testing } from 'cdktf';
import { NatInstance } from '../../src/constructs/nat-instance';
import { Naming } from '../../src/constructs/naming';
import { isObject } from '../../src/review/json';
import { resourcesOf, synthEnvironment } from '../support/stacks';
import { describeWithTerraformBinary, renderWithTerraform } from '../behaviour/support/render-user-data';
import { objects, parseObject } from './support/json';
import { ALLOCATION, AVAILABLE, ENI, INSTANCE, OURS, PRIMARY_ENI, runNatBoot } from './support/nat-boot-harness';

const instanceMode = { TT__network__natMode: 'instance' };

const only = <T>(record: Record<string, T>): [string, T] => {
  const entries = Object.entries(record);
  expect(entries).toHaveLength(1);
  return entries[0];
};

describe('NAT instance mode (network.natMode "instance")', () => {
  const dev = synthEnvironment('dev', instanceMode);

  it('routes each private-app table to the slot interface, with no NAT gateway', () => {
    const [eniName, eni] = only(resourcesOf(dev, 'aws_network_interface'));
    expect(eni.source_dest_check).toBe(false);
    expect(Object.keys(resourcesOf(dev, 'aws_nat_gateway'))).toHaveLength(0);
    const appRoutes = Object.values(resourcesOf(dev, 'aws_route')).filter((route) => route.network_interface_id !== undefined);
    expect(appRoutes).toHaveLength(2);
    for (const route of appRoutes) {
      expect(route.network_interface_id).toBe(`\${aws_network_interface.${eniName}.id}`);
    }
    // The Elastic IP is associated at boot with the serving instance's primary interface, not in Terraform.
    const eips = Object.values(resourcesOf(dev, 'aws_eip'));
    expect(eips.filter((eip) => eip.network_interface !== undefined || eip.instance !== undefined)).toEqual([]);
  });

  it('the NAT security group takes a name_prefix and create_before_destroy: a changed description replaces a group the interface still uses (terraform-provider-aws#27476 DependencyViolation)', () => {
    const group = Object.values(resourcesOf(dev, 'aws_security_group')).find((sg) => String(sg.description).startsWith('NAT instance'));
    expect(group?.name).toBeUndefined();
    expect(group?.name_prefix).toBe('three-tier-dev-nat-ap-northeast-2a-');
    expect(group?.lifecycle).toEqual({ create_before_destroy: true });
  });

  it('default tags reach the group, and the instance, volume and network interface it launches (default_tags reach none of them, terraform-provider-aws#19387)', () => {
    const tagged = synthEnvironment('dev', { ...instanceMode, TT__tags: '{"CostCenter":"cc-42"}' });
    const group = Object.values(resourcesOf(tagged, 'aws_autoscaling_group')).find((asg) => String(asg.name).includes('-nat-'));
    expect(group?.tag).toEqual(
      expect.arrayContaining([
        { key: 'CostCenter', value: 'cc-42', propagate_at_launch: true },
        { key: 'Environment', value: 'dev', propagate_at_launch: true },
        { key: 'Name', value: 'three-tier-dev-nat-ap-northeast-2a', propagate_at_launch: true },
        { key: 'NatSlot', value: 'three-tier-dev-nat-ap-northeast-2a', propagate_at_launch: true },
      ]),
    );
    const tags: unknown = group?.tag;
    const keys = (Array.isArray(tags) ? tags : []).map((tag: unknown) => (isObject(tag) ? tag.key : undefined));
    expect(new Set(keys).size).toBe(keys.length);
    const template = Object.values(resourcesOf(tagged, 'aws_launch_template')).find((lt) => lt.instance_type === 't4g.nano');
    const specifications = template?.tag_specifications as { resource_type: string; tags: Record<string, string> }[];
    expect(specifications.map((spec) => spec.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    for (const spec of specifications) {
      expect(spec.tags.CostCenter).toBe('cc-42');
    }
    expect(specifications[2].tags.NatSlot).toBe('three-tier-dev-nat-ap-northeast-2a');
  });

  it('the group waits for its inline policy and managed policy: an instance that calls EC2 at once must not start before them', () => {
    const group = Object.values(resourcesOf(dev, 'aws_autoscaling_group')).find((asg) => String(asg.name).includes('-nat-'));
    const dependsOn = group?.depends_on as string[];
    expect(dependsOn.filter((dependency) => dependency.startsWith('aws_iam_role_policy.'))).toHaveLength(1);
    expect(dependsOn.filter((dependency) => dependency.startsWith('aws_iam_role_policy_attachment.'))).toHaveLength(1);
  });

  it('runs one Graviton AL2023 instance in a self-healing group of one, its AMI resolved by EC2 (no data source)', () => {
    const template = Object.values(resourcesOf(dev, 'aws_launch_template')).find((lt) => lt.instance_type === 't4g.nano');
    expect(template?.image_id).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64');
    const group = Object.values(resourcesOf(dev, 'aws_autoscaling_group')).find((asg) => String(asg.name).includes('-nat-'));
    expect([group?.min_size, group?.max_size, group?.desired_capacity]).toEqual([1, 1, 1]);
    expect(parseObject(dev).data).toBeUndefined();
  });

  it('lets the instance role attach only its own slot interface', () => {
    const [eniName] = only(resourcesOf(dev, 'aws_network_interface'));
    const policy = Object.values(resourcesOf(dev, 'aws_iam_role_policy')).find((candidate) => candidate.name === 'attach-own-interface');
    const statements = objects(parseObject(String(policy?.policy)).Statement, 'Statement');
    const attach = statements.filter((statement) => [statement.Action].flat().includes('ec2:AttachNetworkInterface'));
    expect(attach.map((statement) => statement.Resource)).toEqual([`\${aws_network_interface.${eniName}.arn}`, 'arn:aws:ec2:ap-northeast-2:*:instance/*']);
    const ownSlot = { StringEquals: { 'aws:ResourceTag/NatSlot': 'three-tier-dev-nat-ap-northeast-2a' } };
    expect(attach[1].Condition).toEqual(ownSlot);
    // Its own primary interface (tagged at launch), its own Elastic IP, its own group's health.
    const bySid = Object.fromEntries(statements.map((statement) => [statement.Sid, statement]));
    expect(bySid.SlotPrimaryInterfaces).toMatchObject({ Action: ['ec2:ModifyNetworkInterfaceAttribute', 'ec2:AssociateAddress'], Resource: 'arn:aws:ec2:ap-northeast-2:*:network-interface/*', Condition: ownSlot });
    expect(bySid.SlotAddress.Resource).toMatch(/^arn:aws:ec2:ap-northeast-2:\*:elastic-ip\/\$\{aws_eip\.[^.]+\.allocation_id\}$/);
    expect(bySid.ReportOwnHealth).toMatchObject({ Action: 'autoscaling:SetInstanceHealth', Resource: 'arn:aws:autoscaling:ap-northeast-2:*:autoScalingGroup:*:autoScalingGroupName/three-tier-dev-nat-ap-northeast-2a' });
  });

  it('admits only the private-app subnets on 80/443 and sends out only 80/443', () => {
    const ingress = Object.values(resourcesOf(dev, 'aws_vpc_security_group_ingress_rule')).filter((rule) => String(rule.security_group_id).includes('nat-instance'));
    const egress = Object.values(resourcesOf(dev, 'aws_vpc_security_group_egress_rule')).filter((rule) => String(rule.security_group_id).includes('nat-instance'));
    const appCidrs = Object.values(resourcesOf(dev, 'aws_subnet'))
      .filter((subnet) => String(subnet.cidr_block).endsWith('/20'))
      .map((subnet) => subnet.cidr_block);
    expect(new Set(ingress.map((rule) => rule.cidr_ipv4))).toEqual(new Set(appCidrs));
    expect(new Set(ingress.map((rule) => rule.from_port))).toEqual(new Set([80, 443]));
    expect(egress.map((rule) => [rule.from_port, rule.to_port, rule.cidr_ipv4]).sort()).toEqual([
      [443, 443, '0.0.0.0/0'],
      [80, 80, '0.0.0.0/0'],
    ]);
  });

  it('with natInstancePerAz, gives each AZ its own slot and route', () => {
    const perAz = synthEnvironment('dev', { ...instanceMode, TT__network__natInstancePerAz: 'true' });
    const interfaces = Object.keys(resourcesOf(perAz, 'aws_network_interface'));
    expect(interfaces).toHaveLength(2);
    const targets = Object.values(resourcesOf(perAz, 'aws_route'))
      .map((route) => route.network_interface_id)
      .filter((target) => target !== undefined);
    expect(new Set(targets)).toEqual(new Set(interfaces.map((name) => `\${aws_network_interface.${name}.id}`)));
  });

  it('rejects an empty source list and a root volume below the AMI', () => {
    const base = { naming: new Naming('t', 'dev'), region: 'ap-northeast-2', vpcId: 'vpc-1', availabilityZone: 'ap-northeast-2a', publicSubnetId: 'subnet-1' };
    expect(() => new NatInstance(Testing.app(), 'a', { ...base, sourceCidrs: [] })).toThrow('NatInstance ap-northeast-2a: sourceCidrs must name the private-app subnets; got none');
    expect(() => new NatInstance(Testing.app(), 'b', { ...base, sourceCidrs: ['10.0.16.0/20'], rootVolumeGb: 4 })).toThrow('rootVolumeGb 4 is below the 8 GiB');
  });
});

describeWithTerraformBinary('unit', "NAT instance boot, as Terraform renders it (the app tiers' harness)", () => {
  it('boots: the user data Terraform renders into the launch template runs under bash with stubs and masquerades the app subnets', () => {
    const template = Object.values(resourcesOf(synthEnvironment('dev', instanceMode), 'aws_launch_template')).find((lt) => lt.instance_type === 't4g.nano');
    // A1's renderer lets Terraform evaluate the expression; the interface id is known only after apply.
    const expression = String(template?.user_data)
      .replace(/aws_network_interface\.[A-Za-z0-9_-]+\.id/g, JSON.stringify(ENI))
      .replace(/aws_eip\.[A-Za-z0-9_-]+\.allocation_id/g, JSON.stringify(ALLOCATION));
    const { nat } = renderWithTerraform({ nat: expression });
    const run = runNatBoot(nat.toString('utf8'), [AVAILABLE, OURS]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toContain(`aws ec2 attach-network-interface --network-interface-id ${ENI} --instance-id ${INSTANCE} --device-index 1`);
    expect(run.calls).toContain(`aws ec2 associate-address --allocation-id ${ALLOCATION} --network-interface-id ${PRIMARY_ENI} --allow-reassociation`);
  });
});
