import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import providerPackage from '@cdktf/provider-aws/package.json';
import { terraformPlatform } from '../../src/terraform/platform.cjs';

/** The provider version the bindings were generated for, which the stacks pin and the mirror holds. */
const VERSION = providerPackage.cdktf.provider.version;

/** One start of the provider: its pid (the wrapper execs the provider, so it keeps the pid) and arguments. */
export interface ProviderStart {
  readonly pid: number;
  readonly args: string;
}

/**
 * A provider mirror (TT_TF_PLUGIN_MIRROR) whose hashicorp/aws logs each start, then runs the real
 * provider of `realMirror`: tests count how often terraform, or our code, starts it.
 */
export function loggingMirror(realMirror: string): { readonly mirror: string; readonly starts: () => readonly ProviderStart[] } {
  const root = mkdtempSync(join(tmpdir(), 'tt-logging-mirror-'));
  const folder = join('registry.terraform.io', 'hashicorp', 'aws', VERSION, terraformPlatform());
  const name = `terraform-provider-aws_v${VERSION}_x5`;
  const log = join(root, 'starts.log');
  mkdirSync(join(root, 'mirror', folder), { recursive: true });
  writeFileSync(join(root, 'mirror', folder, name), `#!/bin/bash\necho "$$ $*" >> '${log}'\nexec '${join(realMirror, folder, name)}' "$@"\n`);
  chmodSync(join(root, 'mirror', folder, name), 0o755);
  const starts = (): readonly ProviderStart[] =>
    (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []).map((line) => {
      const [pid, ...args] = line.split(' ');
      return { pid: Number(pid), args: args.join(' ') };
    });
  return { mirror: join(root, 'mirror'), starts };
}
