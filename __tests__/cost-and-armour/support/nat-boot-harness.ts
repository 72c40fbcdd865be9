/** Runs NAT instance boot scripts under bash with stub commands, files under a temporary root. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ENI = 'eni-0123456789abcdef0';
export const MAC = '0a:1b:2c:3d:4e:5f';
export const INSTANCE = 'i-0fedcba9876543210';
/** describe-network-interfaces answers: free, and attached to this instance. */
export const AVAILABLE = `available\tNone\tNone\t${MAC}`;
export const OURS = `in-use\t${INSTANCE}\teni-attach-new\t${MAC}`;

/** What `aws ec2 describe-network-interfaces` answers, in order; the last answer repeats. */
export type Describe = readonly string[];

export interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly root: string;
  /** Every stub command call, one line each: `<command> <args...>`. */
  readonly calls: readonly string[];
}

/** Runs a NAT boot script under bash with stub curl, aws, ip, sysctl, systemctl, dnf, nft and sleep. */
export function runNatBoot(scriptText: string, describe: Describe, interfaces: Readonly<Record<string, string>> = { ens5: '0a:00:00:00:00:01', ens6: MAC }): Run {
  const dir = mkdtempSync(join(tmpdir(), 'nat-boot-'));
  const root = join(dir, 'root');
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const [name, mac] of Object.entries(interfaces)) {
    mkdirSync(join(root, 'sys/class/net', name), { recursive: true });
    writeFileSync(join(root, 'sys/class/net', name, 'address'), `${mac}\n`);
  }
  const log = join(dir, 'calls.log');
  describe.forEach((answer, index) => writeFileSync(join(dir, `describe-${index}`), `${answer}\n`));
  const stub = (name: string, body: string): void => {
    writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${log}'\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub('curl', `case "$*" in *api/token*) echo token-1 ;; *instance-id*) echo ${INSTANCE} ;; *) exit 22 ;; esac`);
  stub(
    'aws',
    [
      `count=$(grep -c '^aws ec2 describe-network-interfaces' '${log}')`,
      `last=${describe.length - 1}`,
      'index=$((count - 1)); if [ "$index" -gt "$last" ]; then index=$last; fi',
      `case "$2" in describe-network-interfaces) cat '${dir}'/describe-$index ;; attach-network-interface) echo '{"AttachmentId": "eni-attach-new"}' ;; esac`,
    ].join('\n'),
  );
  stub('ip', `if [ "$*" = "-4 route show default" ]; then echo 'default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.10 metric 512'; fi`);
  for (const name of ['sysctl', 'systemctl', 'dnf', 'nft', 'sleep']) {
    stub(name, 'true');
  }
  const script = join(dir, 'user-data.sh');
  writeFileSync(script, scriptText);
  const result = spawnSync('bash', [script], { env: { PATH: `${bin}:/usr/bin:/bin`, NAT_ROOT: root }, encoding: 'utf8' });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, stderr: result.stderr, root, calls };
}

