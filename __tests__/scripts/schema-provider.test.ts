// scripts/schema-provider.cjs with stand-in providers: what `npm test` does when the provider starts,
// fails or says nothing. The real provider serving real terraform commands is in
// __tests__/scripts/terraform/schema-provider.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSchemaProvider } from '../../scripts/schema-provider.cjs';
import { running } from '../support/process-running';
import { fakeProviderProject, reattachPid, type FakeProviderMode } from './support/fake-provider';

function project(mode: FakeProviderMode): { readonly root: string; readonly env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), 'tt-schema-provider-'));
  return { root, env: { ...process.env, TT_TF_PLUGIN_MIRROR: fakeProviderProject(root, mode).mirror } };
}

describe('scripts/schema-provider.cjs', () => {
  it('starts the mirror’s provider of the bindings’ version with -debug, hands over its reattach value, and stops it', async () => {
    const { root, env } = project('serves');
    const started = await startSchemaProvider(root, env);
    if (started.reattach === undefined) {
      throw new Error(started.reason);
    }
    const pid = reattachPid(started.reattach);
    expect([started.reattach.includes('"registry.terraform.io/hashicorp/aws":{'), running(pid)]).toEqual([true, true]);
    started.stop();
    for (let tries = 0; running(pid) && tries < 50; tries += 1) {
      await sleep(20);
    }
    expect(running(pid)).toBe(false);
  });

  it.each([
    ['a provider that exits', 'exits', /-debug exited \(3\) before it printed a reattach line: Error: no debug mode here$/],
    ['a provider that never prints its reattach line', 'silent', /-debug printed no reattach line within 0\.2 s$/],
  ] as const)('%s: no provider, and why', async (_name, mode, reason) => {
    const { root, env } = project(mode);
    expect(await startSchemaProvider(root, env, 200)).toEqual({ reason: expect.stringMatching(reason) });
  });

  it('no mirror, or no bindings installed: no provider, and why', async () => {
    const { root, env } = project('serves');
    expect(await startSchemaProvider(root, { ...env, TT_TF_PLUGIN_MIRROR: join(root, 'nowhere') })).toEqual({
      reason: `no unpacked hashicorp/aws 5.100.0 for ${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch} in the mirror ${join(root, 'nowhere')}`,
    });
    expect(await startSchemaProvider(join(root, 'mirror'), env)).toEqual({ reason: '@cdktf/provider-aws is not installed (npm ci)' });
  });
});
