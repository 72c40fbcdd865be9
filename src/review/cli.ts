import { ReviewInputError } from './errors';
import { parseReviewArgs, REVIEW_USAGE } from './args';
import { loadInput, readJsonFile } from './load';
import { loadUsage } from './prices';
import { renderJson } from './render/json';
import { renderMarkdown } from './render/markdown';
import { renderTerminal } from './render/terminal';
import { errorsOf, review } from './review';
import { parseSuppressionConfig } from './suppressions';

/** Where the CLI writes and what it knows of its terminal; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly columns: number | undefined;
}

/** Runs `npm run review`; returns the exit status (0 clean, 1 error-level findings, 2 bad input). */
export function runReview(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseReviewArgs(argv);
    if (args.help) {
      io.stdout(`${REVIEW_USAGE}\n`);
      return 0;
    }
    const model = loadInput(args.input, args.outdir);
    const suppressions = args.suppressions === undefined ? [] : parseSuppressionConfig(readJsonFile(args.suppressions), args.suppressions);
    const result = review(model, { suppressions, usage: loadUsage(args.usage) });
    const color = args.color ?? (io.isTty && io.env.NO_COLOR === undefined);
    const text = args.format === 'json' ? renderJson(result) : args.format === 'markdown' ? renderMarkdown(result) : renderTerminal(result, { color, width: Math.min(io.columns ?? 140, 180) });
    io.stdout(text);
    return errorsOf(result).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ReviewInputError) {
      io.stderr(`review: ${error.message}\n`);
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
