/** Runs NAT instance boot scripts under bash with stub commands, files under a temporary root. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ENI = 'eni-0123456789abcdef0';
export const ALLOCATION = 'eipalloc-0a1b2c3d4e5f60718';
export const GROUP = 'three-tier-dev-nat-ap-northeast-2a';
export const MAC = '0a:1b:2c:3d:4e:5f';
export const PRIMARY_MAC = '0a:00:00:00:00:01';
export const PRIMARY_ENI = 'eni-0primary000000000';
export const INSTANCE = 'i-0fedcba9876543210';
/** describe-network-interfaces answers: free, and attached to this instance. */
export const AVAILABLE = `available\tNone\tNone\t${MAC}`;
export const OURS = `in-use\t${INSTANCE}\teni-attach-new\t${MAC}`;

/** What `aws ec2 describe-network-interfaces` answers, in order; the last answer repeats. */
export type Describe = readonly string[];

export interface NatBootOptions {
  /** Interfaces by name and MAC, as `ip -br link` lists them. @default ens5 (primary) and ens6 (the slot) */
  readonly interfaces?: Readonly<Record<string, string>>;
  /** How many times each failing command fails before it succeeds, such as `{ 'aws ec2 modify-network-interface-attribute': 2 }`. */
  readonly failures?: Readonly<Record<string, number>>;
  /** No nft on the instance yet: dnf must install it. @default false */
  readonly withoutNft?: boolean;
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly root: string;
  /** Every stub command call, one line each: `<command> <args...>`. */
  readonly calls: readonly string[];
}

/** Runs a NAT boot script under bash with stub curl, aws, ip, sysctl, systemctl, dnf, nft and sleep. */
export function runNatBoot(scriptText: string, describe: Describe, options: NatBootOptions = {}): Run {
  const interfaces = options.interfaces ?? { ens5: PRIMARY_MAC, ens6: MAC };
  const dir = mkdtempSync(join(tmpdir(), 'nat-boot-'));
  const root = join(dir, 'root');
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'calls.log');
  describe.forEach((answer, index) => writeFileSync(join(dir, `describe-${index}`), `${answer}\n`));
  const failures = Object.entries(options.failures ?? {});
  const stub = (name: string, body: string): void => {
    // A failing command: its first N calls exit 1 (counted by prefix in the log).
    const failing = failures
      .filter(([prefix]) => prefix.split(' ')[0] === name)
      .map(([prefix, times]) => `if [[ "${name} $*" == '${prefix}'* ]] && [ "$(grep -c '^${prefix}' '${log}')" -le ${times} ]; then echo 'An error occurred (UnauthorizedOperation)' >&2; exit 1; fi`);
    writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${log}'\n${failing.join('\n')}\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub(
    'curl',
    [
      'case "$*" in',
      '  *api/token*) echo token-1 ;;',
      `  */meta-data/instance-id) echo ${INSTANCE} ;;`,
      `  */meta-data/mac) echo ${PRIMARY_MAC} ;;`,
      `  */interfaces/macs/${PRIMARY_MAC}/interface-id) echo ${PRIMARY_ENI} ;;`,
      '  *) exit 22 ;;',
      'esac',
    ].join('\n'),
  );
  stub(
    'aws',
    [
      `count=$(grep -c '^aws ec2 describe-network-interfaces' '${log}')`,
      `last=${describe.length - 1}`,
      'index=$((count - 1)); if [ "$index" -gt "$last" ]; then index=$last; fi',
      `case "$2" in describe-network-interfaces) cat '${dir}'/describe-$index ;; attach-network-interface) echo '{"AttachmentId": "eni-attach-new"}' ;; esac`,
    ].join('\n'),
  );
  const links = Object.entries(interfaces).map(([name, mac]) => `${name} UP ${mac} <BROADCAST,MULTICAST,UP,LOWER_UP>`);
  stub(
    'ip',
    [
      'case "$*" in',
      `  '-br link show') printf '%s\\n' ${links.map((line) => `'${line}'`).join(' ')} ;;`,
      "  '-4 route show default table main') echo 'default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.10 metric 512' ;;",
      'esac',
    ].join('\n'),
  );
  for (const name of ['sysctl', 'systemctl', 'sleep', ...(options.withoutNft === true ? [] : ['nft'])]) {
    stub(name, 'true');
  }
  // Installing nftables brings nft.
  stub('dnf', `if [[ "$*" == *nftables* ]]; then printf '#!/bin/bash\\necho "nft $*" >> %s\\n' '${log}' > '${join(bin, 'nft')}'; chmod 755 '${join(bin, 'nft')}'; fi`);
  const script = join(dir, 'user-data.sh');
  writeFileSync(script, scriptText);
  // No /usr/sbin on PATH: a real nft must not stand in for an absent one.
  const result = spawnSync('bash', [script], { env: { PATH: `${bin}:/usr/bin:/bin`, NAT_ROOT: root }, encoding: 'utf8' });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, root, calls };
}
