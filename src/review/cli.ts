import { ReviewInputError } from './errors';
import { parseReviewArgs, REVIEW_USAGE, type ReviewArgs } from './args';
import { reviewChange } from './change/change-review';
import { loadChange } from './change/sides';
import { loadInput, readJsonFile } from './load';
import { loadUsage } from './prices';
import { renderChangeJson } from './render/change-json';
import { renderChangeMarkdown } from './render/change-markdown';
import { renderChangeTerminal } from './render/change-terminal';
import { renderJson } from './render/json';
import { renderMarkdown } from './render/markdown';
import { renderTerminal } from './render/terminal';
import { errorsOf, review } from './review';
import { parseSuppressionConfig, type ConfigSuppression } from './suppressions';

/** Where the CLI writes and what it knows of its terminal; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly columns: number | undefined;
}

function suppressionsOf(args: ReviewArgs): readonly ConfigSuppression[] {
  return args.suppressions === undefined ? [] : parseSuppressionConfig(readJsonFile(args.suppressions), args.suppressions);
}

/** Without a terminal to measure (a pipe, a file, CI) and no COLUMNS, tables fit this many columns. */
export const DEFAULT_WIDTH = 100;

/** The width tables fit: the terminal's, else `COLUMNS`, else DEFAULT_WIDTH; never below 40. */
export function terminalWidth(io: Pick<CliIo, 'isTty' | 'columns' | 'env'>): number {
  const fromEnv = Number(io.env.COLUMNS);
  const width = io.isTty && io.columns !== undefined && io.columns > 0 ? io.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_WIDTH;
  return Math.max(40, width);
}

function colorOf(args: ReviewArgs, io: CliIo): boolean {
  return args.color ?? (io.isTty && io.env.NO_COLOR === undefined);
}

/** `--base` or `--change`: what the change opens, costs, destroys and broadens; exit 1 when it blocks. */
function runChangeReview(args: ReviewArgs, io: CliIo): number {
  const sides = loadChange(args.base, args.input, args.outdir);
  const change = reviewChange(sides, { suppressions: suppressionsOf(args), usage: loadUsage(args.usage), failOn: args.failOn });
  const text = args.format === 'json' ? renderChangeJson(change) : args.format === 'markdown' ? renderChangeMarkdown(change) : renderChangeTerminal(change, { color: colorOf(args, io), width: terminalWidth(io) });
  io.stdout(text);
  return change.exitCode;
}

/** Runs `npm run review`; returns the exit status (0 clean, 1 error-level findings, 2 bad input). */
export function runReview(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseReviewArgs(argv);
    if (args.help) {
      io.stdout(`${REVIEW_USAGE}\n`);
      return 0;
    }
    if (args.change) {
      return runChangeReview(args, io);
    }
    const model = loadInput(args.input, args.outdir, args.config);
    const suppressions = suppressionsOf(args);
    const result = review(model, { suppressions, usage: loadUsage(args.usage) });
    const color = colorOf(args, io);
    const text = args.format === 'json' ? renderJson(result) : args.format === 'markdown' ? renderMarkdown(result) : renderTerminal(result, { color, width: terminalWidth(io) });
    io.stdout(text);
    return errorsOf(result).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ReviewInputError) {
      io.stderr(`review: ${error.message}\n`);
      return 2;
    }
    if (error instanceof RangeError) {
      // A value nested or repeated beyond what the analyses can walk: bad input, not a crash.
      io.stderr(`review: the input is too deeply nested or too large to analyse (${error.message})\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = runReview(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stdout.isTTY === true,
    env: process.env,
    columns: process.stdout.columns,
  });
}
