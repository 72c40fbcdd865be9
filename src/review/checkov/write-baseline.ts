import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformStack } from 'cdktf';
import { isObject } from '../json';
import { BASELINE_FILE, baselineEntriesOf, toCheckovBaseline } from './baseline';

/**
 * Makes the stack's synthesis also write `cdktf.out/stacks/<stack>/.checkov.baseline`, generated from
 * the suppressions in the JSON it writes beside it: never hand-edited, never stale.
 */
export function writeCheckovBaselineOnSynth(stack: TerraformStack): void {
  const synthesizer = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session) {
      synthesizer.synthesize(session);
      // Read back the JSON just written (a second toTerraform() would resolve every token again);
      // `cdktf synth --hcl` writes HCL, which only toTerraform() gives as JSON.
      const stackFile = session.manifest.forStack(stack);
      const json: unknown = stackFile.synthesizedStackPath.endsWith('.json') ? JSON.parse(readFileSync(join(session.outdir, stackFile.synthesizedStackPath), 'utf8')) : stack.toTerraform();
      const baseline = toCheckovBaseline(isObject(json) ? baselineEntriesOf(json) : []);
      writeFileSync(join(session.outdir, stackFile.workingDirectory, BASELINE_FILE), `${JSON.stringify(baseline, null, 2)}\n`);
    },
  };
}
