import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { layoutOf, renderSvg, toDot, toMermaid } from './diagram';
import { ReviewInputError } from './errors';
import { loadInput } from './load';
import type { Model } from './model';
import { reachabilityOf } from './reachability';
import { topologyOf } from './topology';

/** The committed picture the README shows: the prod stack's, rewritten only on request (`--docs`). */
export const DOCS_SVG = join('docs', 'architecture.svg');

export const DIAGRAM_USAGE = `usage: npm run diagram -- [stack | path/to/cdk.tf.json | plan.json] [--out <file.svg> | --docs]

  stack                a synthesized stack: cdktf.out/stacks/<stack>/cdk.tf.json (default: prod)
  --out <file.svg>     where to write the SVG (Graphviz, compiled to WebAssembly); the Mermaid .mmd goes
                       beside it (default: cdktf.out/diagram/<stack>.svg)
  --docs               rewrite the committed ${DOCS_SVG} and .mmd (the README's picture, from prod)
  --help               this text

exit status: 0 written, 2 bad input`;

/** The diagram of a model as SVG and Mermaid. */
export async function diagramOf(model: Model): Promise<{ readonly svg: string; readonly mermaid: string }> {
  const topology = topologyOf(model);
  const layout = layoutOf(model, topology, reachabilityOf(topology));
  return { svg: await renderSvg(toDot(layout)), mermaid: toMermaid(layout) };
}

interface DiagramArgs {
  readonly input: string;
  readonly out: string;
  readonly help: boolean;
}

/** The default picture's name: the stack's, or the input file's without folders and extension. */
function nameOf(input: string): string {
  const base = basename(input).replace(/\.(tf\.)?json$/, '');
  return base === 'cdk' || base === '' ? basename(dirname(input)) || 'diagram' : base;
}

function parse(argv: readonly string[]): DiagramArgs {
  let input: string | undefined;
  let out: string | undefined;
  let docs = false;
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--out') {
      const value = argv[index + 1];
      if (value === undefined || !value.endsWith('.svg')) {
        throw new ReviewInputError(`--out needs a path ending in .svg\n\n${DIAGRAM_USAGE}`);
      }
      out = value;
      index += 1;
    } else if (arg === '--docs') {
      docs = true;
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg.startsWith('-')) {
      throw new ReviewInputError(`unknown option ${arg}\n\n${DIAGRAM_USAGE}`);
    } else if (input !== undefined) {
      throw new ReviewInputError(`one input at a time, got ${input} and ${arg}\n\n${DIAGRAM_USAGE}`);
    } else {
      input = arg;
    }
  }
  if (docs && out !== undefined) {
    throw new ReviewInputError(`--docs writes ${DOCS_SVG}; give --out or --docs, not both\n\n${DIAGRAM_USAGE}`);
  }
  const stack = input ?? 'prod';
  return { input: stack, out: docs ? DOCS_SVG : (out ?? join('cdktf.out', 'diagram', `${nameOf(stack)}.svg`)), help };
}

/** Runs `npm run diagram`; returns the exit status (0 written, 2 bad input). */
export async function runDiagram(argv: readonly string[], write: (path: string, text: string) => void, log: (text: string) => void, print: (text: string) => void = log): Promise<number> {
  try {
    const { input, out, help } = parse(argv);
    if (help) {
      print(`${DIAGRAM_USAGE}\n`);
      return 0;
    }
    const { svg, mermaid } = await diagramOf(loadInput(input));
    const mmd = out.replace(/\.svg$/, '.mmd');
    write(out, svg);
    write(mmd, mermaid);
    log(`wrote ${out} and ${mmd} from ${input}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ReviewInputError) {
      log(`diagram: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  void runDiagram(
    process.argv.slice(2),
    (path, text) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    },
    (text) => process.stderr.write(text),
    (text) => process.stdout.write(text),
  ).then((status) => {
    process.exitCode = status;
  });
}
