import { ReviewInputError } from './errors';

export type Format = 'terminal' | 'markdown' | 'json';

export interface ReviewArgs {
  readonly input: string;
  readonly format: Format;
  readonly suppressions: string | undefined;
  readonly usage: string | undefined;
  /** Undefined: colour when writing to a terminal. */
  readonly color: boolean | undefined;
  readonly outdir: string;
  readonly help: boolean;
}

export const REVIEW_USAGE = `usage: npm run review -- <stack | path/to/cdk.tf.json | path/to/plan.json> [options]

  <stack>                  a synthesized stack: reads cdktf.out/stacks/<stack>/cdk.tf.json
  path                     any cdk.tf.json (or its folder), or a plan from \`terraform show -json\`
  --format <f>             terminal (default), markdown (for a pull-request comment) or json
  --suppressions <file>    JSON list of { "id", "address", "reason" } (address: a resource address or prefix)
  --usage <file>           JSON object overriding data/usage-assumptions.json
  --outdir <dir>           where stacks are synthesized (default cdktf.out)
  --color, --no-color      force colours on or off (default: on for a terminal)

exit status: 0 no error-level finding, 1 error-level findings, 2 bad input`;

const FORMATS: readonly Format[] = ['terminal', 'markdown', 'json'];

/** Parses the review's command line; bad arguments throw with the usage text. */
export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  const positional: string[] = [];
  const options: { format: Format; suppressions?: string; usage?: string; color?: boolean; outdir: string; help: boolean } = { format: 'terminal', outdir: 'cdktf.out', help: false };
  const valueOf = (index: number, flag: string): string => {
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new ReviewInputError(`${flag} needs a value\n\n${REVIEW_USAGE}`);
    }
    return value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline !== undefined) {
        return inline;
      }
      const value = valueOf(index, flag);
      index += 1;
      return value;
    };
    switch (flag) {
      case '--format': {
        const format = take();
        const known = FORMATS.find((candidate) => candidate === format);
        if (known === undefined) {
          throw new ReviewInputError(`unknown format "${format}": use ${FORMATS.join(', ')}`);
        }
        options.format = known;
        break;
      }
      case '--suppressions':
        options.suppressions = take();
        break;
      case '--usage':
        options.usage = take();
        break;
      case '--outdir':
        options.outdir = take();
        break;
      case '--color':
        options.color = true;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        if (arg.startsWith('-')) {
          throw new ReviewInputError(`unknown option ${arg}\n\n${REVIEW_USAGE}`);
        }
        positional.push(arg);
    }
  }
  if (positional.length > 1) {
    throw new ReviewInputError(`one input at a time, got ${positional.join(', ')}\n\n${REVIEW_USAGE}`);
  }
  if (positional.length === 0 && !options.help) {
    throw new ReviewInputError(`which stack or file? \n\n${REVIEW_USAGE}`);
  }
  return { input: positional[0] ?? '', format: options.format, suppressions: options.suppressions, usage: options.usage, color: options.color, outdir: options.outdir, help: options.help };
}
