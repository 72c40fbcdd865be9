import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { BASELINE_FILE } from '../review/checkov/baseline-file';

/** What `npm run synth` lists about the stacks it wrote. */
export interface SynthListing {
  readonly state: { readonly region: string; readonly bucket: string };
  readonly environments: readonly {
    readonly name: string;
    readonly region: string;
    readonly production: boolean;
    /** The `extends` chain, the environment itself last (`['prod', 'staging']`). */
    readonly chain: readonly string[];
  }[];
}

export interface SynthOutputCacheProps {
  /** Where the synth writes (the stack folders and `manifest.json`). */
  readonly outdir: string;
  /** The variables the synth reads (`TT_*`, `CDKTF_*`, `SYNTH_HCL_OUTPUT`) and the cache's own. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The folder whose `main.ts`, `src/` and `data/` make up the app's code and data. @default this project's root */
  readonly projectRoot?: string;
  /** Where entries are kept. @default env.TT_SYNTH_CACHE_DIR ?? `<projectRoot>/node_modules/.cache/synth-output` */
  readonly cacheDir?: string;
}

/** Keep the newest few entries: one per combination of config and variables a developer switches between. */
const MAX_ENTRIES = 16;
/** Bumped when the entry format changes, so that older entries are never read. */
const FORMAT = 1;

/** Variables a synth reads, apart from where it writes: each is part of an entry's key. */
const INPUT_VARIABLE = /^(TT_|CDKTF_|SYNTH_HCL_OUTPUT$)/;
/** Variables that say where things are kept, or whether to cache, not what is built. */
const NOT_INPUTS = new Set(['CDKTF_OUTDIR', 'TT_SYNTH_CACHE', 'TT_SYNTH_CACHE_DIR', 'TT_TS_CACHE_DIR']);

const entrySchema = z.object({
  format: z.literal(FORMAT),
  key: z.string(),
  project: z.string(),
  packages: z.array(z.object({ path: z.string(), size: z.number(), mtimeMs: z.number() })),
  listing: z.object({
    state: z.object({ region: z.string(), bucket: z.string() }),
    environments: z.array(z.object({ name: z.string(), region: z.string(), production: z.boolean(), chain: z.array(z.string()) })),
  }),
  files: z.record(z.string(), z.string()),
});
type Entry = z.infer<typeof entrySchema>;

const manifestSchema = z.object({
  stacks: z.record(z.string(), z.object({ workingDirectory: z.string(), synthesizedStackPath: z.string() })),
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Every file below a folder, relative to it, sorted; none when the folder does not exist. */
function filesBelow(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((path) => statSync(join(dir, path)).isFile())
        .sort()
    : [];
}

/** Files below `root` by path and content. */
function digestFiles(root: string, paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash
      .update(`${path}\0`)
      .update(readFileSync(join(root, path)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** Writes through a temp file renamed into place, so that a concurrent reader never sees half of it. */
export function writeFileAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nor could the temp file have been made (its folder cannot exist).
    }
    throw error;
  }
}

/**
 * Skips building the construct tree when nothing a synth reads has changed since an earlier one:
 * the same code (`main.ts` and every file under `src/` and `data/`, by content; the package files it loaded,
 * by size and modification time), the same config folder (by content) and the same `TT_*` /
 * `CDKTF_*` variables. Such a synth writes the same bytes, so the output is restored from that
 * synth's entry. Only successful synths are stored: bad input is always reported afresh.
 *
 * `TT_SYNTH_CACHE=off` turns it off; entries are disposable (delete the folder any time).
 */
export class SynthOutputCache {
  /**
   * The cache the environment asks for, or undefined when `TT_SYNTH_CACHE=off` or for HCL output
   * (`cdktf synth --hcl`, which also writes a metadata file per stack: rare enough to always build).
   * Throws ConfigError for any other value than on/off.
   */
  static fromEnvironment(props: SynthOutputCacheProps): SynthOutputCache | undefined {
    const env = props.env ?? process.env;
    const setting = env.TT_SYNTH_CACHE ?? 'on';
    if (setting !== 'on' && setting !== 'off') {
      throw new ConfigError(`TT_SYNTH_CACHE: ${JSON.stringify(setting)} is not a setting; allowed: on, off`);
    }
    return setting === 'on' && env.SYNTH_HCL_OUTPUT !== 'true' ? new SynthOutputCache(props) : undefined;
  }

  private readonly outdir: string;
  private readonly projectRoot: string;
  private readonly entryPath: string;
  private readonly cacheDir: string;
  private readonly key: string;
  private readonly projectDigest: string;

  constructor(props: SynthOutputCacheProps) {
    const env = props.env ?? process.env;
    this.outdir = props.outdir;
    this.projectRoot = props.projectRoot ?? resolve(__dirname, '..', '..');
    this.cacheDir = props.cacheDir ?? env.TT_SYNTH_CACHE_DIR ?? join(this.projectRoot, 'node_modules', '.cache', 'synth-output');
    this.projectDigest = digestAppSources(this.projectRoot);
    this.key = sha256(JSON.stringify([FORMAT, process.version, this.projectDigest, digestVariables(env), digestConfigDir(env.TT_CONFIG_DIR ?? 'config')]));
    this.entryPath = join(this.cacheDir, `${this.key}.json`);
  }

  /** Writes the stored output of an identical synth to the outdir and returns its listing, or undefined (a miss). */
  restore(): SynthListing | undefined {
    const entry = this.read();
    if (entry === undefined || entry.project !== this.projectDigest || !entry.packages.every(unchanged)) {
      return undefined;
    }
    for (const [path, content] of Object.entries(entry.files)) {
      const target = join(this.outdir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    return entry.listing;
  }

  /**
   * Stores what a successful synth just wrote to the outdir: `manifest.json` and, for each stack it
   * lists, the stack's Terraform file and Checkov baseline (not what deploys leave beside them, such
   * as `.terraform/` or `.terraform.lock.hcl`).
   * @param packageFiles the package files the synth loaded @default those in require.cache
   */
  store(listing: SynthListing, packageFiles: readonly string[] = Object.keys(require.cache).filter((path) => path.includes(`${sep}node_modules${sep}`))): void {
    const manifestText = readFileSync(join(this.outdir, 'manifest.json'), 'utf8');
    const manifest = manifestSchema.parse(JSON.parse(manifestText));
    const files: Record<string, string> = { 'manifest.json': manifestText };
    for (const { workingDirectory, synthesizedStackPath } of Object.values(manifest.stacks)) {
      files[synthesizedStackPath] = readFileSync(join(this.outdir, synthesizedStackPath), 'utf8');
      const baseline = join(workingDirectory, BASELINE_FILE);
      if (existsSync(join(this.outdir, baseline))) {
        files[baseline] = readFileSync(join(this.outdir, baseline), 'utf8');
      }
    }
    const packages = packageFiles.map((path) => {
      const { size, mtimeMs } = statSync(path);
      return { path, size, mtimeMs };
    });
    const entry: Entry = {
      format: FORMAT,
      key: this.key,
      project: this.projectDigest,
      packages,
      listing: { state: listing.state, environments: listing.environments.map((environment) => ({ ...environment, chain: [...environment.chain] })) },
      files,
    };
    this.write(entry);
  }

  private read(): Entry | undefined {
    try {
      const parsed = entrySchema.safeParse(JSON.parse(readFileSync(this.entryPath, 'utf8')));
      return parsed.success && parsed.data.key === this.key ? parsed.data : undefined;
    } catch {
      // No entry yet, or one cut short: a miss, which the synth that follows overwrites.
      return undefined;
    }
  }

  /** Writes the entry (atomically: concurrent synths never read half of one) and drops the oldest beyond MAX_ENTRIES. */
  private write(entry: Entry): void {
    try {
      mkdirSync(this.cacheDir, { recursive: true });
      writeFileAtomically(this.entryPath, JSON.stringify(entry));
      const entries = readdirSync(this.cacheDir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => ({ path: join(this.cacheDir, name), mtimeMs: statSync(join(this.cacheDir, name)).mtimeMs }))
        .sort((a, b) => b.mtimeMs - a.mtimeMs);
      for (const old of entries.slice(MAX_ENTRIES)) {
        rmSync(old.path, { force: true });
      }
    } catch {
      // A cache that cannot be written (a read-only folder) only costs the next synth its speed.
    }
  }
}

/** Folders of the app's code and data, below the project root. */
const APP_FOLDERS = ['src', 'data'];

/**
 * The app's code and data by content: `main.ts` and every file under `src/` (boot scripts among them)
 * and `data/` (the price tables: no synth reads them today, but one could).
 */
export function digestAppSources(projectRoot: string): string {
  const files = APP_FOLDERS.flatMap((folder) => filesBelow(join(projectRoot, folder)).map((file) => join(folder, file)));
  return digestFiles(projectRoot, ['main.ts', ...files]);
}

function unchanged(file: { readonly path: string; readonly size: number; readonly mtimeMs: number }): boolean {
  try {
    const { size, mtimeMs } = statSync(file.path);
    return size === file.size && mtimeMs === file.mtimeMs;
  } catch {
    return false;
  }
}

function digestVariables(env: NodeJS.ProcessEnv): string {
  const inputs = Object.entries(env)
    .filter(([name, value]) => INPUT_VARIABLE.test(name) && !NOT_INPUTS.has(name) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify(inputs));
}

/** The config folder's files by name and content; a missing folder digests as such (the synth then reports it). */
function digestConfigDir(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return `missing ${resolve(dir)}`;
  }
  return digestFiles(dir, filesBelow(dir));
}
