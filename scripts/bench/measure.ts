// Runs one benchmark command as a child process and measures its wall time and peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** GNU time when present; BENCH_RSS_FALLBACK=1 forces the preload probe (to try it on a machine with time). */
function useGnuTime(): boolean {
  return existsSync(GNU_TIME) && process.env.BENCH_RSS_FALLBACK === undefined;
}

export interface Sample {
  readonly wallMs: number;
  /** Peak resident set size of the heaviest process in the run's tree, in KiB. */
  readonly peakRssKiB: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** A scratch file path this run may use for its RSS report. */
  readonly rssFile: string;
}

/** How peak RSS is taken on this machine; recorded with the results. */
export function rssMethod(): string {
  return useGnuTime() ? `${GNU_TIME} -f %M (max RSS over the process and the children it waited for)` : 'process.resourceUsage().maxRSS of every node process, via a NODE_OPTIONS preload (largest taken)';
}

function lastNumber(text: string): number | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
  return lines.length === 0 ? undefined : Math.max(...lines);
}

/**
 * Runs `command` through `sh -c`, as cdktf runs its `app` string. Rejects with the tail of the
 * output when the command fails, since a failed run's time means nothing.
 */
export function runMeasured(command: string, options: RunOptions): Promise<Sample> {
  rmSync(options.rssFile, { force: true });
  const gnuTime = useGnuTime();
  const file = gnuTime ? GNU_TIME : 'sh';
  const args = gnuTime ? ['-f', '%M', '-o', options.rssFile, 'sh', '-c', command] : ['-c', command];
  const preload = join(__dirname, 'maxrss.cjs');
  const env = gnuTime ? options.env : { ...options.env, BENCH_RSS_FILE: options.rssFile, NODE_OPTIONS: `${options.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() };

  return new Promise((resolve, reject) => {
    const output: Buffer[] = [];
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        const tail = Buffer.concat(output).toString('utf8').split('\n').slice(-25).join('\n');
        reject(new Error(`\`${command}\` failed (${signal ?? `exit ${String(code)}`}):\n${tail}`));
        return;
      }
      const peakRssKiB = existsSync(options.rssFile) ? lastNumber(readFileSync(options.rssFile, 'utf8')) : undefined;
      if (peakRssKiB === undefined) {
        reject(new Error(`\`${command}\`: no peak RSS was reported`));
        return;
      }
      resolve({ wallMs, peakRssKiB });
    });
  });
}
