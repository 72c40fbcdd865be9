import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one NAT instance's boot script needs to know. */
export interface NatBootSpec {
  /** The slot's dedicated network interface (a Terraform reference at synth, a literal in tests). */
  readonly networkInterfaceId: string;
  /** The allocation id of the slot's Elastic IP, which the script associates with the instance. */
  readonly allocationId: string;
  /** The slot's Auto Scaling group: a failed boot marks the instance Unhealthy in it. */
  readonly autoScalingGroupName: string;
  /** Region of the EC2 and Auto Scaling APIs the script calls. */
  readonly region: string;
  /** The private-app subnets' CIDRs: the only sources that get masqueraded. */
  readonly sourceCidrs: readonly string[];
  /**
   * Attempts to attach the interface (10 s apart), and to see it and the default route (2 s apart),
   * before the boot fails and the instance is marked Unhealthy.
   * @default 30
   */
  readonly attachAttempts?: number;
}

/** Identifiers, regions, CIDRs and cdktf tokens (`${TfToken[TOKEN.1]}`); nothing the shell would expand. */
const SAFE_ARGUMENT = /^[A-Za-z0-9${}[\]._:/-]+$/;

const SETTINGS = /# --- settings: natInstanceUserData replaces this block ---\n[\s\S]*?# --- end of settings ---\n/;

/**
 * The user data of a NAT instance on Amazon Linux 2023 (source: `boot/nat-instance.sh`): it turns
 * the source/destination check of its primary interface off, attaches the slot's dedicated interface
 * (taking it over from a predecessor still holding it), moves the slot's Elastic IP to its primary
 * interface, turns on forwarding and masquerades the private-app subnets out of the interface of the
 * default route with nftables. Any failure marks the instance Unhealthy. Files live under `$NAT_ROOT`
 * (empty on an instance) and every command is looked up on PATH, so tests run it under bash with stub
 * commands or in network namespaces. No `${` appears outside the Terraform references given.
 */
export function natInstanceUserData(spec: NatBootSpec): string {
  for (const value of [spec.networkInterfaceId, spec.allocationId, spec.autoScalingGroupName, spec.region, ...spec.sourceCidrs]) {
    if (!SAFE_ARGUMENT.test(value)) {
      throw new Error(`NAT instance boot script: ${JSON.stringify(value)} is not a plain identifier, region or CIDR`);
    }
  }
  if (spec.sourceCidrs.length === 0) {
    throw new Error('NAT instance boot script: needs at least one source CIDR to masquerade');
  }
  const attempts = spec.attachAttempts ?? 30;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new Error(`NAT instance boot script: attachAttempts must be a positive integer, got ${attempts}`);
  }
  const settings = [
    `eni='${spec.networkInterfaceId}'`,
    `allocation='${spec.allocationId}'`,
    `group='${spec.autoScalingGroupName}'`,
    `region='${spec.region}'`,
    `sources='${spec.sourceCidrs.join(', ')}'`,
    `attach_attempts=${attempts}`,
    '',
  ].join('\n');
  const script = readFileSync(join(__dirname, 'boot', 'nat-instance.sh'), 'utf8');
  if (!SETTINGS.test(script)) {
    throw new Error('boot/nat-instance.sh lost its settings block');
  }
  return script.replace(SETTINGS, () => settings);
}
