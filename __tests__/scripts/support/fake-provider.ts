import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { terraformPlatform } from '../../../src/terraform/platform.cjs';

/** How a stand-in provider behaves when started with `-debug`. */
export type FakeProviderMode = 'serves' | 'exits' | 'silent';

/**
 * A project root holding @cdktf/provider-aws's manifest (hashicorp/aws 5.100.0), and a mirror holding a
 * stand-in provider binary: `serves` prints a reattach line with its pid as the real one does in debug
 * mode and waits to be killed; `exits` fails at once; `silent` waits without a word.
 */
export function fakeProviderProject(root: string, mode: FakeProviderMode): { readonly mirror: string } {
  mkdirSync(join(root, 'node_modules', '@cdktf', 'provider-aws'), { recursive: true });
  writeFileSync(join(root, 'node_modules', '@cdktf', 'provider-aws', 'package.json'), JSON.stringify({ cdktf: { provider: { name: 'registry.terraform.io/hashicorp/aws', version: '5.100.0' } } }));
  const mirror = join(root, 'mirror');
  const folder = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', terraformPlatform());
  mkdirSync(folder, { recursive: true });
  const body = {
    serves: [
      'echo "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:"',
      `echo "	TF_REATTACH_PROVIDERS='{\\"registry.terraform.io/hashicorp/aws\\":{\\"Protocol\\":\\"grpc\\",\\"ProtocolVersion\\":5,\\"Pid\\":$$,\\"Test\\":true,\\"Addr\\":{\\"Network\\":\\"unix\\",\\"String\\":\\"/tmp/plugin-fake\\"}}}'"`,
      'exec sleep 600',
    ],
    exits: ['echo "Error: no debug mode here" >&2', 'exit 3'],
    silent: ['exec sleep 600'],
  }[mode];
  const binary = join(folder, 'terraform-provider-aws_v5.100.0_x5');
  writeFileSync(binary, ['#!/bin/bash', ...body, ''].join('\n'));
  chmodSync(binary, 0o755);
  return { mirror };
}

/** The pid a reattach value names. */
export function reattachPid(reattach: string): number {
  const parsed: unknown = JSON.parse(reattach);
  const match = /"Pid":(\d+)/.exec(JSON.stringify(parsed));
  if (match === null) {
    throw new Error(`no Pid in ${reattach}`);
  }
  return Number(match[1]);
}
