import { topologyOf } from '../topology';
import { isProduction, type Model } from '../model';
import { albAccessLogs, albDeletionProtection, albDropInvalidHeaders, albHttps, albRedirect, albTlsPolicy } from './alb';
import { ebsEncrypted, imdsHopLimit, imdsV2 } from './compute';
import { flowLogs, privateSubnetsNoPublicIp } from './network';
import { statefulReplacement } from './plan';
import { rdsBackups, rdsDeletionProtection, rdsEncrypted, rdsMultiAz, rdsPrivate } from './rds';
import { s3Encryption, s3PublicAccessBlock, s3PublicAcl, s3TlsOnly, s3Versioning } from './s3';
import { plainSecrets, userDataSecrets } from './secrets';
import { defaultGroupClosed, describedRules, internetIngress, worldSsh } from './security-groups';
import { albWaf, logGroupEncryption, publicIpAutoAssignment, s3AbortMultipart } from './armour';
import { alarmActions } from './alarm-actions';
import { alarmsMissing } from './alarms-missing';
import type { Finding, Rule, Severity } from './types';
import { zoneLoss } from './zone-loss';

/** Every rule, in report order. */
export const RULES: readonly Rule[] = [
  statefulReplacement,
  internetIngress,
  worldSsh,
  defaultGroupClosed,
  describedRules,
  imdsV2,
  imdsHopLimit,
  ebsEncrypted,
  userDataSecrets,
  plainSecrets,
  rdsEncrypted,
  rdsPrivate,
  rdsBackups,
  rdsDeletionProtection,
  rdsMultiAz,
  albHttps,
  albRedirect,
  albDropInvalidHeaders,
  albTlsPolicy,
  albDeletionProtection,
  albAccessLogs,
  privateSubnetsNoPublicIp,
  flowLogs,
  s3Versioning,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Encryption,
  s3PublicAcl,
  albWaf,
  publicIpAutoAssignment,
  s3AbortMultipart,
  logGroupEncryption,
  zoneLoss,
  alarmsMissing,
  alarmActions,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Runs every rule over a model; findings come out errors first, then in rule order, then by address. */
export function runRules(model: Model, topology = topologyOf(model)): readonly Finding[] {
  const context = { model, topology, production: isProduction(model) };
  const findings = RULES.flatMap((rule, order) =>
    rule.check(context).map((violation) => ({
      order,
      finding: {
        id: rule.id,
        severity: violation.severity ?? rule.severity,
        address: violation.address,
        message: violation.message,
        fix: rule.fix,
        peers: rule.peers,
        ...(violation.subject === undefined ? {} : { subject: violation.subject }),
      },
    })),
  );
  return findings.sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.order - b.order || a.finding.address.localeCompare(b.finding.address)).map(({ finding }): Finding => finding);
}
