import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CHECKOV_CHECKS, CHECKOV_VERSION, GRAPH_CKV_AWS, isGraphCheck, PYTHON_CKV2_AWS } from '../../src/review/checkov/checks';
import { checkov, ROOT } from './support/checkov';
import { describeTier } from '../support/tiers';

/** Checkov's own package folder: beside the offline build's `run`, or where the interpreter of a pip-installed `checkov` finds it. */
function checkovPackage(): string | undefined {
  const candidates = ['/work/shared/tools/checkov/src/checkov', resolve(ROOT, '../shared/tools/checkov/src/checkov')];
  if (checkov !== undefined) {
    candidates.unshift(join(dirname(checkov.file), 'src', 'checkov'));
    const shebang = /^#!\s*(\S*python[\d.]*)\s*$/.exec(readFileSync(checkov.file, 'utf8').split('\n')[0]);
    if (shebang !== null) {
      const found = spawnSync(shebang[1], ['-c', 'import checkov, os; print(os.path.dirname(checkov.__file__))'], { encoding: 'utf8' });
      candidates.unshift(found.stdout.trim());
    }
  }
  return candidates.find((dir) => dir !== '' && existsSync(join(dir, 'terraform', 'checks', 'graph_checks')));
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(entry.parentPath, entry.name));
}

const source = checkovPackage();
const requirement = source === undefined ? { available: false as const, reason: "no Checkov source found (the offline build's src/checkov, or a pip install's package)" } : { available: true as const };

describeTier('policy', "the baseline's naming, against Checkov's own source", requirement, () => {
  const checks = join(source ?? '', 'terraform', 'checks');
  const ids = (files: readonly string[], pattern: RegExp): Set<string> => new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((match) => match[1])));
  const graph = ids(filesUnder(join(checks, 'graph_checks', 'aws'), '.yaml'), /^\s*id:\s*"?(CKV2?_AWS_\d+)"?\s*$/gm);
  const python = ids(
    ['resource', 'data', 'provider', 'module'].filter((kind) => existsSync(join(checks, kind))).flatMap((kind) => filesUnder(join(checks, kind), '.py')),
    /["'](CKV2?_AWS_\d+)["']/g,
  );

  it(`is the source of Checkov ${CHECKOV_VERSION}, the release the baselines are named for`, () => {
    expect(readFileSync(join(source ?? '', 'version.py'), 'utf8')).toContain(`version = '${CHECKOV_VERSION}'`);
  });

  it('graph checks are the YAML ones (every CKV2_AWS but the Python CKV2_AWS_70, and CKV_AWS_18, 19, 20, 21, 57, 103, 144, 145, 378)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(python.size).toBeGreaterThan(300);
    expect([...graph].filter((id) => python.has(id))).toEqual([]);
    expect([...graph].filter((id) => id.startsWith('CKV_AWS_')).sort()).toEqual([...GRAPH_CKV_AWS].sort());
    expect([...python].filter((id) => id.startsWith('CKV2_AWS_')).sort()).toEqual([...PYTHON_CKV2_AWS].sort());
    expect([...graph].filter((id) => !isGraphCheck(id))).toEqual([]);
    expect([...python].filter((id) => isGraphCheck(id))).toEqual([]);
  });

  it('every check this project maps to or excepts exists in this Checkov', () => {
    expect(Object.keys(CHECKOV_CHECKS).filter((id) => !graph.has(id) && !python.has(id))).toEqual([]);
  });

  it('the terraform_json runner names a Python check resource.<name> and a graph check by its vertex id', () => {
    const runner = readFileSync(join(source ?? '', 'terraform_json', 'runner.py'), 'utf8');
    expect(runner).toContain('entity_id = f"{block_type}.{entity_name}"');
    expect(runner).toContain('resource=entity[CustomAttributes.ID]');
    const baseline = readFileSync(join(source ?? '', 'common', 'output', 'baseline.py'), 'utf8');
    // Matched by resource and check id only, never by file; passed results kept only when the baseline names them.
    expect(baseline).toContain('if finding["resource"] == failed_check_resource and failed_check_id in finding["check_ids"]:');
    expect(baseline).toContain('check for check in scan_report.passed_checks if self._is_check_in_baseline(check)');
  });
});
