import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import type { Lb } from '@cdktf/provider-aws/lib/lb';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Fn, Op, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import { Naming } from './naming';

export interface DomainProps {
  readonly naming: Naming;
  /** The apex domain, such as `example.com`. */
  readonly domain: string;
  /**
   * An existing public hosted zone for the domain; when undefined, a zone is created.
   * @default undefined
   */
  readonly hostedZoneId?: string;
  /** Host names under the domain that the certificate covers, such as `['app', 'api']`. */
  readonly hostNames: readonly string[];
}

/**
 * Domains nobody can register or delegate (RFC 2606, RFC 6761): `example.com/.net/.org` and their
 * subdomains, and the `.example`, `.test`, `.invalid` and `.localhost` TLDs. An RE2 pattern, so
 * that Terraform's `regexall` and JavaScript agree; `[.]` instead of `\.` keeps it free of escapes.
 */
export const RESERVED_DOMAIN_PATTERN = '(^|[.])example[.](com|net|org)$|[.](example|test|invalid|localhost)$';

/** True for a placeholder or reserved domain that Route 53 and ACM cannot serve. */
export function isReservedDomain(domain: string): boolean {
  return new RegExp(RESERVED_DOMAIN_PATTERN).test(domain);
}

/**
 * The domain's Route 53 zone (created or existing), an ACM certificate for the site's host names
 * validated through DNS, and alias records to load balancers.
 */
export class Domain extends Construct {
  public readonly zoneId: string;
  public readonly zone?: Route53Zone;
  public readonly certificate: AcmCertificate;
  /** The certificate ARN once validation has finished: HTTPS listeners wait on it. */
  public readonly validatedCertificateArn: string;
  private readonly domain: string;

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, id);
    const names = [...new Set(props.hostNames)];
    if (names.length === 0) {
      throw new Error('Domain needs at least one host name');
    }
    this.domain = props.domain;
    if (props.hostedZoneId === undefined) {
      this.zone = new Route53Zone(this, 'zone', { name: props.domain, comment: `${props.naming.prefix}, managed by cdktf`, tags: props.naming.tags('zone') });
      this.zoneId = this.zone.zoneId;
    } else {
      this.zoneId = props.hostedZoneId;
    }

    // Synth accepts a placeholder domain, so that a fresh clone shows the whole architecture; plan
    // does not. The condition must reference something, hence the local.
    const domainLocal = new TerraformLocal(this, 'dns_domain', props.domain);
    const fqdns = names.map((name) => this.fqdn(name));
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: fqdns[0],
      subjectAlternativeNames: fqdns.slice(1),
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      tags: props.naming.tags('certificate'),
      lifecycle: {
        createBeforeDestroy: true,
        precondition: [
          {
            condition: Op.lt(Fn.lengthOf(Fn.regexall(RESERVED_DOMAIN_PATTERN, domainLocal.asString)), 1),
            errorMessage:
              `dns.domain is ${JSON.stringify(props.domain)}, a placeholder or reserved domain that Route 53 and ACM refuse: ` +
              'set dns.domain to a domain you own (config/<env>.json or TT_<ENV>__dns__domain) before planning or deploying.',
          },
        ],
      },
    });

    // One record per host name, indexed into the (unordered) validation options: the count is known
    // at plan time, which a for_each over the options would not be.
    const options = Fn.tolist(this.certificate.domainValidationOptions);
    const validationRecords = fqdns.map(
      (_fqdn, index) =>
        new Route53Record(this, `validation-${index}`, {
          zoneId: this.zoneId,
          name: Fn.lookup(Fn.element(options, index), 'resource_record_name', ''),
          type: Fn.lookup(Fn.element(options, index), 'resource_record_type', ''),
          records: [Fn.lookup(Fn.element(options, index), 'resource_record_value', '')],
          ttl: 60,
          allowOverwrite: true,
        }),
    );
    const validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: validationRecords.map((record) => record.fqdn),
    });
    this.validatedCertificateArn = validation.certificateArn;
  }

  /** `app` -> `app.example.com`. */
  public fqdn(hostName: string): string {
    return `${hostName}.${this.domain}`;
  }

  /** An alias A record from `<hostName>.<domain>` to a load balancer. */
  public aliasToLoadBalancer(hostName: string, loadBalancer: Lb): Route53Record {
    return new Route53Record(this, `alias-${hostName}`, {
      zoneId: this.zoneId,
      name: this.fqdn(hostName),
      type: 'A',
      alias: { name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true },
    });
  }
}
