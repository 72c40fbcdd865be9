// `npm run bench`: synth speed of this project against the cdktf default setup (issue 5).
//   (a) the project's synth app command, exactly cdktf.json's `app`, run again on unchanged inputs
//       (its synth output cache filled by the warm-up, as by the developer's previous synth);
//   (e) (a) building every stack (TT_SYNTH_CACHE=off), as after any change to code or config;
//   (b) the cdktf init default on the same code: `npx ts-node main.ts`, type-checking;
//   (c) the floor: node loading only the package modules a full synth loads and writing the same JSON;
//   (d) (e) with an empty transpile cache too, as on a first run (scripts/register-ts.cjs loads SWC);
// then synth time for 1, 2, 4 and 8 environment stacks. Benchmark figures, not a timed test: the
// target checks are informational and the exit code is 0 unless a run fails.
// Flags: --runs N (a, c, d), --ts-node-runs N (b), --scale-runs N, --stacks 1,2,4,8, --no-scaling, --out FILE.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareOutputs, type Comparison } from './bench/compare';
import { rssMethod, runMeasured, type Sample } from './bench/measure';
import { fitLine, summarize, type LinearFit, type Summary } from './bench/stats';

const ROOT = resolve(__dirname, '..');
const KIB_PER_MIB = 1024;
const TARGET_WALL_MS = 1500;
const TARGET_SPEEDUP = 6;
const TARGET_FLOOR_RATIO = 1.3;
const TARGET_RSS_MIB = 300;
const TARGET_REVIEW_MS = 1000;

interface Options {
  readonly runs: number;
  readonly tsNodeRuns: number;
  readonly scaleRuns: number;
  readonly stacks: readonly number[];
  readonly scaling: boolean;
  readonly out: string;
}

function positiveInteger(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} needs a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string', default: '5' },
      'ts-node-runs': { type: 'string', default: '3' },
      'scale-runs': { type: 'string', default: '3' },
      stacks: { type: 'string', default: '1,2,4,8' },
      'no-scaling': { type: 'boolean', default: false },
      out: { type: 'string', default: join('bench-results', 'bench.json') },
    },
  });
  const stacks = values.stacks.split(',').map((item) => positiveInteger(item.trim(), '--stacks'));
  return {
    runs: positiveInteger(values.runs, '--runs'),
    tsNodeRuns: positiveInteger(values['ts-node-runs'], '--ts-node-runs'),
    scaleRuns: positiveInteger(values['scale-runs'], '--scale-runs'),
    stacks,
    scaling: !values['no-scaling'] && stacks.length >= 2,
    out: resolve(ROOT, values.out),
  };
}

function readJson(path: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return parsed;
}

function fieldOf(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;
}

function stringField(value: unknown, field: string): string | undefined {
  const found = fieldOf(value, field);
  return typeof found === 'string' ? found : undefined;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function packageVersion(name: string): string {
  try {
    return stringField(readJson(join(ROOT, 'node_modules', name, 'package.json')), 'version') ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Scratch space: one output folder per run, removed at the end. */
class Scratch {
  readonly root = mkdtempSync(join(os.tmpdir(), 'tt-bench-'));
  private counter = 0;

  next(label: string): string {
    this.counter += 1;
    return join(this.root, `${label}-${this.counter}`);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The environment every case runs in: all stacks (no TT_ENVIRONMENTS filter), its own output folder. */
function caseEnv(outdir: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, CDKTF_OUTDIR: outdir };
  delete env.TT_ENVIRONMENTS;
  return env;
}

interface CaseSpec {
  readonly id: 'a' | 'b' | 'c' | 'd' | 'e';
  readonly title: string;
  readonly command: string;
  readonly extraEnv: Readonly<Record<string, string>>;
  readonly runs: number;
  /** Each run gets its own empty transpile cache folder (TT_TS_CACHE_DIR). */
  readonly coldTranspileCache?: boolean;
}

interface CaseResult {
  readonly id: CaseSpec['id'];
  readonly title: string;
  readonly command: string;
  readonly warmups: number;
  readonly samples: readonly Sample[];
  readonly wallMs: Summary;
  readonly peakRssMiB: Summary;
  /** The output folder of the last measured run, for the equivalence checks. */
  readonly lastOutdir: string;
}

async function runCase(spec: CaseSpec, scratch: Scratch, env: Readonly<Record<string, string>> = {}, label: string = spec.id): Promise<{ sample: Sample; outdir: string }> {
  const outdir = scratch.next(label);
  const cache: Record<string, string> = spec.coldTranspileCache === true ? { TT_TS_CACHE_DIR: `${outdir}.ts-cache` } : {};
  const sample = await runMeasured(spec.command, {
    cwd: ROOT,
    env: caseEnv(outdir, { ...spec.extraEnv, ...cache, ...env }),
    rssFile: `${outdir}.rss`,
  });
  return { sample, outdir };
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function formatSample(sample: Sample): string {
  return `${sample.wallMs.toFixed(0)} ms, ${(sample.peakRssKiB / KIB_PER_MIB).toFixed(0)} MiB`;
}

/**
 * One warm-up per case, then the measured runs interleaved (a, c, b, a, c, b, ...) so that a slow
 * spell of the shared machine lands on every case rather than on one.
 */
async function measureCases(specs: readonly CaseSpec[], scratch: Scratch): Promise<CaseResult[]> {
  for (const spec of specs) {
    const { sample } = await runCase(spec, scratch);
    progress(`(${spec.id}) warm-up: ${formatSample(sample)}`);
  }
  const samples = new Map<CaseSpec['id'], Sample[]>(specs.map((spec) => [spec.id, []]));
  const lastOutdirs = new Map<CaseSpec['id'], string>();
  const rounds = Math.max(...specs.map((spec) => spec.runs));
  for (let round = 0; round < rounds; round += 1) {
    for (const spec of specs.filter((candidate) => round < candidate.runs)) {
      const { sample, outdir } = await runCase(spec, scratch);
      samples.get(spec.id)?.push(sample);
      lastOutdirs.set(spec.id, outdir);
      progress(`(${spec.id}) run ${round + 1}/${spec.runs}: ${formatSample(sample)}`);
    }
  }
  return specs.map((spec) => {
    const taken = samples.get(spec.id) ?? [];
    const lastOutdir = lastOutdirs.get(spec.id);
    if (lastOutdir === undefined) {
      throw new Error(`case (${spec.id}) has no measured run`);
    }
    return {
      id: spec.id,
      title: spec.title,
      command: spec.command,
      warmups: 1,
      samples: taken,
      wallMs: summarize(taken.map((sample) => sample.wallMs)),
      peakRssMiB: summarize(taken.map((sample) => sample.peakRssKiB / KIB_PER_MIB)),
      lastOutdir,
    };
  });
}

interface ScalingPoint {
  readonly stacks: number;
  readonly wallMs: Summary;
  readonly peakRssMiB: Summary;
  readonly samples: readonly Sample[];
}

interface ScalingResult {
  readonly command: string;
  readonly runs: number;
  readonly points: readonly ScalingPoint[];
  readonly fit: LinearFit;
}

/** The scaling app runs with the loader of cdktf.json's app: the app's entry file swapped for it. */
function scalingCommand(app: string): string {
  const script = 'scripts/bench/scaled-app.ts';
  return /\S+\.ts(?=\s|$)/.test(app) ? app.replace(/\S+\.ts(?=\s|$)/, script) : `node --require ./scripts/register-ts.cjs ${script}`;
}

async function measureScaling(app: string, options: Options, scratch: Scratch): Promise<ScalingResult> {
  const spec: CaseSpec = { id: 'a', title: 'scaling', command: scalingCommand(app), extraEnv: {}, runs: options.scaleRuns };
  const warmup = await runCase(spec, scratch, { BENCH_STACKS: String(options.stacks[0]) }, 'scale');
  progress(`(scaling) warm-up, ${options.stacks[0]} stack(s): ${formatSample(warmup.sample)}`);
  const samples = new Map<number, Sample[]>(options.stacks.map((count) => [count, []]));
  for (let round = 0; round < options.scaleRuns; round += 1) {
    // Rotate the order each round so drift in machine load does not line up with stack count.
    const order = options.stacks.map((_, index) => options.stacks[(index + round) % options.stacks.length]);
    for (const count of order) {
      const { sample } = await runCase(spec, scratch, { BENCH_STACKS: String(count) }, 'scale');
      samples.get(count)?.push(sample);
      progress(`(scaling) ${count} stack(s), run ${round + 1}/${options.scaleRuns}: ${formatSample(sample)}`);
    }
  }
  const points = options.stacks.map((count) => {
    const taken = samples.get(count) ?? [];
    return {
      stacks: count,
      wallMs: summarize(taken.map((sample) => sample.wallMs)),
      peakRssMiB: summarize(taken.map((sample) => sample.peakRssKiB / KIB_PER_MIB)),
      samples: taken,
    };
  });
  return { command: spec.command, runs: options.scaleRuns, points, fit: fitLine(points.map((point) => ({ x: point.stacks, y: point.wallMs.median }))) };
}

function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function describeComparison(label: string, comparison: Comparison): string {
  const verdict = comparison.identical ? 'byte-identical' : comparison.jsonEqual ? 'JSON-equal (bytes differ)' : 'DIFFERENT';
  const details = comparison.differences.map((difference) => `\n    ${difference}`).join('');
  return `${label}: ${verdict} (${comparison.files} files)${details}`;
}

interface TargetCheck {
  readonly target: string;
  readonly value: string;
  readonly pass: boolean;
}

interface ReviewResult {
  readonly command: string;
  readonly runs: number;
  readonly wallMs: Summary;
  readonly peakRssMiB: Summary;
}

/** `npm run review` of the prod stack the reference synth wrote, as a user runs it (npm included). */
async function measureReview(stackFile: string, runs: number, scratch: Scratch): Promise<ReviewResult> {
  const command = `npm run -s review -- ${shellQuote(stackFile)} --format json > /dev/null`;
  const run = async (label: string): Promise<Sample> => {
    const dir = scratch.next(label);
    return runMeasured(command, { cwd: ROOT, env: caseEnv(dir, {}), rssFile: `${dir}.rss` });
  };
  await run('review-warmup');
  const samples: Sample[] = [];
  for (let index = 0; index < runs; index += 1) {
    const sample = await run('review');
    progress(`(review) run ${index + 1}/${runs}: ${formatSample(sample)}`);
    samples.push(sample);
  }
  return {
    command,
    runs,
    wallMs: summarize(samples.map((sample) => sample.wallMs)),
    peakRssMiB: summarize(samples.map((sample) => sample.peakRssKiB / KIB_PER_MIB)),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const app = stringField(readJson(join(ROOT, 'cdktf.json')), 'app');
  if (app === undefined) {
    throw new Error('cdktf.json has no "app" command');
  }
  if (process.env.TT_ENVIRONMENTS !== undefined) {
    progress(`note: TT_ENVIRONMENTS=${process.env.TT_ENVIRONMENTS} is ignored; the bench synthesizes every stack`);
  }
  const scratch = new Scratch();
  // Ctrl-C should not leave run folders behind in the temp directory.
  process.once('SIGINT', () => {
    scratch.dispose();
    process.exit(130);
  });
  try {
    // A reference synth with a recorder preloaded: which package modules the app's files require, and
    // the JSON the floor must write. Not measured (the recorder would skew it); built afresh, so that
    // the floor loads what building the stacks needs.
    const referenceDir = scratch.next('reference');
    const modulesFile = join(scratch.root, 'modules.json');
    const recorder = join(__dirname, 'bench', 'record-modules.cjs');
    await runMeasured(app, {
      cwd: ROOT,
      env: caseEnv(referenceDir, {
        BENCH_MODULES_FILE: modulesFile,
        TT_SYNTH_CACHE: 'off',
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${recorder}`.trim(),
      }),
      rssFile: `${referenceDir}.rss`,
    });
    const recorded = readJson(modulesFile);
    const modules = fieldOf(recorded, 'direct');
    if (!isStringArray(modules)) {
      throw new Error(`the module recorder wrote no module list to ${modulesFile}`);
    }
    const packageFiles = fieldOf(recorded, 'packageFiles');
    const floorManifest = join(scratch.root, 'floor-manifest.json');
    writeFileSync(floorManifest, JSON.stringify({ modules, referenceDir }));

    const specs: CaseSpec[] = [
      // Its own synth cache folder, which only its warm-up fills.
      { id: 'a', title: 'synth app command (cdktf.json app), inputs unchanged', command: app, extraEnv: { TT_SYNTH_CACHE_DIR: join(scratch.root, 'synth-cache') }, runs: options.runs },
      { id: 'e', title: 'synth app command, building every stack', command: app, extraEnv: { TT_SYNTH_CACHE: 'off' }, runs: options.runs },
      {
        id: 'c',
        title: 'floor: package modules + write JSON',
        command: `node scripts/bench/floor.cjs ${shellQuote(floorManifest)}`,
        extraEnv: {},
        runs: options.runs,
      },
      { id: 'd', title: 'synth app, building every stack, empty transpile cache', command: app, extraEnv: { TT_SYNTH_CACHE: 'off' }, runs: options.runs, coldTranspileCache: true },
      // ts-node type-checks by default; the variable makes sure no config turns that off.
      { id: 'b', title: 'cdktf default: ts-node, type-checked', command: 'npx ts-node main.ts', extraEnv: { TS_NODE_TRANSPILE_ONLY: 'false' }, runs: options.tsNodeRuns },
    ];
    const cases = await measureCases(specs, scratch);
    const byId = (id: CaseSpec['id']): CaseResult => {
      const found = cases.find((result) => result.id === id);
      if (found === undefined) {
        throw new Error(`case (${id}) missing`);
      }
      return found;
    };
    const [a, b, c, d, e] = [byId('a'), byId('b'), byId('c'), byId('d'), byId('e')];
    const equivalence = {
      aVsB: compareOutputs(a.lastOutdir, b.lastOutdir),
      eVsA: compareOutputs(e.lastOutdir, a.lastOutdir),
      dVsA: compareOutputs(d.lastOutdir, a.lastOutdir),
      cVsReference: compareOutputs(c.lastOutdir, referenceDir),
    };
    const scaling = options.scaling ? await measureScaling(app, options, scratch) : undefined;
    const review = await measureReview(join(referenceDir, 'stacks', 'prod', 'cdk.tf.json'), options.runs, scratch);

    const ratios = {
      aOverB: a.wallMs.median / b.wallMs.median,
      aOverC: a.wallMs.median / c.wallMs.median,
      eOverB: e.wallMs.median / b.wallMs.median,
      eOverC: e.wallMs.median / c.wallMs.median,
      dOverE: d.wallMs.median / e.wallMs.median,
    };
    const targets: TargetCheck[] = [
      { target: `(a) median wall time <= ${TARGET_WALL_MS} ms`, value: `${a.wallMs.median.toFixed(0)} ms`, pass: a.wallMs.median <= TARGET_WALL_MS },
      {
        target: `(a) at least ${TARGET_SPEEDUP}x faster than (b): a/b <= ${(1 / TARGET_SPEEDUP).toFixed(3)}`,
        value: `${ratios.aOverB.toFixed(3)} (${(1 / ratios.aOverB).toFixed(1)}x)`,
        pass: ratios.aOverB <= 1 / TARGET_SPEEDUP,
      },
      {
        target: `(a) within ${TARGET_FLOOR_RATIO}x of the floor (c): a/c <= ${TARGET_FLOOR_RATIO}`,
        value: ratios.aOverC.toFixed(2),
        pass: ratios.aOverC <= TARGET_FLOOR_RATIO,
      },
      { target: `(e) median wall time <= ${TARGET_WALL_MS} ms`, value: `${e.wallMs.median.toFixed(0)} ms`, pass: e.wallMs.median <= TARGET_WALL_MS },
      {
        target: `(e) at least ${TARGET_SPEEDUP}x faster than (b): e/b <= ${(1 / TARGET_SPEEDUP).toFixed(3)}`,
        value: `${ratios.eOverB.toFixed(3)} (${(1 / ratios.eOverB).toFixed(1)}x)`,
        pass: ratios.eOverB <= 1 / TARGET_SPEEDUP,
      },
      {
        target: `(e) within ${TARGET_FLOOR_RATIO}x of the floor (c): e/c <= ${TARGET_FLOOR_RATIO}`,
        value: ratios.eOverC.toFixed(2),
        pass: ratios.eOverC <= TARGET_FLOOR_RATIO,
      },
      // Peak means the worst run, not the median one.
      { target: `(a) peak RSS <= ${TARGET_RSS_MIB} MiB (max over runs)`, value: `${a.peakRssMiB.max.toFixed(0)} MiB`, pass: a.peakRssMiB.max <= TARGET_RSS_MIB },
      { target: `npm run review of prod: median <= ${TARGET_REVIEW_MS} ms`, value: `${review.wallMs.median.toFixed(0)} ms`, pass: review.wallMs.median <= TARGET_REVIEW_MS },
    ];

    const cpus = os.cpus();
    const machine = {
      cpuModel: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      availableParallelism: os.availableParallelism(),
      totalMemoryMiB: Math.round(os.totalmem() / (KIB_PER_MIB * KIB_PER_MIB)),
      loadAverage1m: os.loadavg()[0],
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      date: new Date().toISOString(),
    };
    const versions = Object.fromEntries(['cdktf', '@cdktf/provider-aws', 'constructs', '@swc/core', 'ts-node', 'typescript'].map((name) => [name, packageVersion(name)]));

    const report = {
      machine,
      versions,
      settings: {
        warmupsPerCase: 1,
        runs: { a: options.runs, b: options.tsNodeRuns, c: options.runs, d: options.runs, e: options.runs },
        transpileCache: '(a) and (e) run with the transpile cache warm (the warm-up fills it); (d) with an empty one per run',
        synthCache: '(a) restores the output of its warm-up (src/synth/output-cache.ts); (d) and (e) build every stack (TT_SYNTH_CACHE=off)',
        scaleRuns: options.scaling ? options.scaleRuns : 0,
        peakRssMethod: rssMethod(),
        wallTime: 'process.hrtime.bigint() around the child process (spawned via sh -c), spawn to close',
        stacks: 'every stack main.ts builds (TT_ENVIRONMENTS unset); each run writes to its own temp CDKTF_OUTDIR',
        floorDefinition:
          'node requiring only the package modules that the app files require directly (recorded from a reference synth), ' +
          'then writing every file of that synth output (JSON parsed and re-serialised with json-stable-stringify as cdktf does); no construct tree, no TypeScript loader',
        floorModules: modules.map((file) => relative(ROOT, file)),
        appPackageFilesLoaded: typeof packageFiles === 'number' ? packageFiles : undefined,
      },
      // Temp paths mean nothing once the scratch folder is gone.
      cases: cases.map(({ lastOutdir: _unused, ...result }) => ({ ...result, command: result.command.split(scratch.root).join('$TMP') })),
      ratios,
      equivalence,
      scaling,
      review: { ...review, command: review.command.split(scratch.root).join('$TMP') },
      targets,
    };
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);

    const mib = (value: number): string => value.toFixed(0);
    const ms = (value: number): string => value.toFixed(0);
    const out: string[] = [];
    out.push('');
    out.push(`Synth benchmark, ${machine.date}`);
    out.push(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryMiB} MiB RAM, ${machine.platform}, node ${machine.node}, load ${machine.loadAverage1m.toFixed(2)}`);
    out.push(
      `versions: ${Object.entries(versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')}`,
    );
    out.push(`each case: 1 warm-up, then measured runs interleaved; all stacks; wall = spawn to exit; peak RSS: ${rssMethod()}`);
    out.push('');
    out.push(
      renderTable(
        ['case', 'runs', 'median ms', 'min ms', 'max ms', 'RSS median MiB', 'RSS min', 'RSS max'],
        cases.map((result) => [
          `(${result.id}) ${result.title}`,
          String(result.samples.length),
          ms(result.wallMs.median),
          ms(result.wallMs.min),
          ms(result.wallMs.max),
          mib(result.peakRssMiB.median),
          mib(result.peakRssMiB.min),
          mib(result.peakRssMiB.max),
        ]),
      ),
    );
    out.push('');
    for (const result of cases) {
      const shown = result.command.split(scratch.root).join('$TMP');
      const notes: Record<CaseSpec['id'], string> = {
        a: '   [TT_SYNTH_CACHE_DIR=<a folder its warm-up fills>]',
        b: '   [TS_NODE_TRANSPILE_ONLY=false]',
        c: '',
        d: '   [TT_SYNTH_CACHE=off TT_TS_CACHE_DIR=<an empty folder per run>]',
        e: '   [TT_SYNTH_CACHE=off]',
      };
      const note = notes[result.id];
      out.push(`(${result.id}) $ ${shown}${note}`);
    }
    out.push(`(c) is the floor: ${report.settings.floorDefinition}.`);
    out.push(`    The app's files require ${modules.length} package modules directly (${String(packageFiles)} package files in all); $TMP/floor-manifest.json lists them.`);
    out.push('');
    out.push(`a/b = ${ratios.aOverB.toFixed(3)}  ((a) is ${(1 / ratios.aOverB).toFixed(1)}x faster than the cdktf default)`);
    out.push(`a/c = ${ratios.aOverC.toFixed(2)}  ((a) costs ${ms(a.wallMs.median - c.wallMs.median)} ms over the floor)`);
    out.push('');
    out.push(`e/b = ${ratios.eOverB.toFixed(3)}  ((e) is ${(1 / ratios.eOverB).toFixed(1)}x faster than the cdktf default)`);
    out.push(`e/c = ${ratios.eOverC.toFixed(2)}  ((e) costs ${ms(e.wallMs.median - c.wallMs.median)} ms over the floor: building and resolving the construct tree, and the review)`);
    out.push('');
    out.push(`d/e = ${ratios.dOverE.toFixed(2)}  (an empty transpile cache costs ${ms(d.wallMs.median - e.wallMs.median)} ms)`);
    out.push('');
    out.push(describeComparison('output of (a) vs (b)', equivalence.aVsB));
    out.push(describeComparison('output of (e) vs (a)', equivalence.eVsA));
    out.push(describeComparison('output of (d) vs (a)', equivalence.dVsA));
    out.push(describeComparison('output of (c) vs the reference synth', equivalence.cVsReference));
    if (scaling !== undefined) {
      out.push('');
      out.push(`Scaling: N dev-environment stacks in one App, ${scaling.runs} runs each after a warm-up, median`);
      out.push(`$ BENCH_STACKS=N ${scaling.command}`);
      out.push(
        renderTable(
          ['stacks', 'median ms', 'min ms', 'max ms', 'RSS median MiB'],
          scaling.points.map((point) => [String(point.stacks), ms(point.wallMs.median), ms(point.wallMs.min), ms(point.wallMs.max), mib(point.peakRssMiB.median)]),
        ),
      );
      out.push(`least squares: wall ms = ${scaling.fit.interceptMs.toFixed(0)} + ${scaling.fit.slopeMsPerStack.toFixed(1)} x stacks, R^2 = ${scaling.fit.rSquared.toFixed(3)}`);
    }
    out.push('');
    out.push(`Review: ${review.runs} runs after a warm-up, median ${ms(review.wallMs.median)} ms (min ${ms(review.wallMs.min)}, max ${ms(review.wallMs.max)}), RSS ${mib(review.peakRssMiB.median)} MiB`);
    out.push(`$ ${review.command.split(scratch.root).join('$TMP')}`);
    out.push('');
    out.push('Targets (informational):');
    for (const check of targets) {
      out.push(`${check.pass ? 'PASS' : 'FAIL'}  ${check.target}: ${check.value}`);
    }
    out.push('');
    out.push(`results written to ${relative(ROOT, options.out)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    scratch.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
