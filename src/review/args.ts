import type { FailOn } from './change/change-review';
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
  /** The folder of the Terraform files a plan was made from (its locals are not in the plan JSON). */
  readonly config: string | undefined;
  readonly help: boolean;
  /** Change review: the "before" side (a stack, cdk.tf.json or plan JSON); undefined without --base. */
  readonly base: string | undefined;
  /** Change review of one plan against its own prior state (`--change`), or of --base against the input. */
  readonly change: boolean;
  /** What else than errors fails a change review. */
  readonly failOn: readonly FailOn[];
}

export const REVIEW_USAGE = `usage: npm run review -- <stack | path/to/cdk.tf.json | path/to/plan.json> [options]

  <stack>                  a synthesized stack: reads cdktf.out/stacks/<stack>/cdk.tf.json
  path                     any cdk.tf.json (or its folder), or a plan from \`terraform show -json\`
  --format <f>             terminal (default), markdown (for a pull-request comment) or json
  --suppressions <file>    JSON list of { "id", "address", "reason" } (address: a resource address or prefix)
  --usage <file>           JSON object overriding data/usage-assumptions.json
  --outdir <dir>           where stacks are synthesized (default cdktf.out)
  --config <dir>           the Terraform files a plan was made from, whose locals a plan JSON
                           does not record (default: the plan's own folder, when it holds .tf files)
  --color, --no-color      force colours on or off (default: on for a terminal)

change review (what a change opens, costs, destroys and broadens):
  --base <before>          compare <before> (stack, cdk.tf.json or plan JSON) with the input
  --change                 review one plan JSON as a change: its prior state against its planned values
  --fail-on broadening     also exit 1 when security-group rules or IAM statements are added

exit status: 0 no error-level finding, 1 error-level findings, 2 bad input
change review: 0 nothing blocking, 1 a new error-level finding, a stateful delete or replace,
  or (with --fail-on broadening) a broadening; 2 bad input`;

const FORMATS: readonly Format[] = ['terminal', 'markdown', 'json'];

/** Parses the review's command line; bad arguments throw with the usage text. */
export function parseReviewArgs(argv: readonly string[]): ReviewArgs {
  const positional: string[] = [];
  const options: { format: Format; suppressions?: string; usage?: string; color?: boolean; outdir: string; config?: string; help: boolean; base?: string; change: boolean; failOn: FailOn[] } = {
    format: 'terminal',
    outdir: 'cdktf.out',
    help: false,
    change: false,
    failOn: [],
  };
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
      case '--config':
        options.config = take();
        break;
      case '--color':
        options.color = true;
        break;
      case '--base':
        options.base = take();
        break;
      case '--change':
        options.change = true;
        break;
      case '--fail-on': {
        const value = take();
        if (value !== 'broadening') {
          throw new ReviewInputError(`unknown --fail-on "${value}": use broadening (errors and stateful replacements always fail)`);
        }
        options.failOn.push(value);
        break;
      }
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
  if (options.failOn.length > 0 && options.base === undefined && !options.change) {
    throw new ReviewInputError(`--fail-on applies to a change review: add --base <before>, or --change for one plan JSON\n\n${REVIEW_USAGE}`);
  }
  return {
    input: positional[0] ?? '',
    format: options.format,
    suppressions: options.suppressions,
    usage: options.usage,
    color: options.color,
    outdir: options.outdir,
    config: options.config,
    help: options.help,
    base: options.base,
    change: options.change || options.base !== undefined,
    failOn: options.failOn,
  };
}
