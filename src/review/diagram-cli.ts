import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { layoutOf, renderSvg, toDot, toMermaid } from './diagram';
import { ReviewInputError } from './errors';
import { loadInput } from './load';
import type { Model } from './model';
import { reachabilityOf } from './reachability';
import { topologyOf } from './topology';

const DIAGRAM_USAGE = `usage: npm run diagram -- [stack | path/to/cdk.tf.json | plan.json] [--out <file.svg>]

  writes docs/architecture.svg (Graphviz, compiled to WebAssembly) and docs/architecture.mmd (Mermaid)
  from the synthesized stack (default: prod); --out picks another .svg path (the .mmd goes beside it)`;

/** The diagram of a model as SVG and Mermaid. */
export async function diagramOf(model: Model): Promise<{ readonly svg: string; readonly mermaid: string }> {
  const topology = topologyOf(model);
  const layout = layoutOf(model, topology, reachabilityOf(topology));
  return { svg: await renderSvg(toDot(layout)), mermaid: toMermaid(layout) };
}

function parse(argv: readonly string[]): { readonly input: string; readonly out: string } {
  let input = 'prod';
  let out = join('docs', 'architecture.svg');
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--out') {
      const value = argv[index + 1];
      if (value === undefined || !value.endsWith('.svg')) {
        throw new ReviewInputError(`--out needs a path ending in .svg\n\n${DIAGRAM_USAGE}`);
      }
      out = value;
      index += 1;
    } else if (arg.startsWith('-')) {
      throw new ReviewInputError(`unknown option ${arg}\n\n${DIAGRAM_USAGE}`);
    } else {
      input = arg;
    }
  }
  return { input, out };
}

/** Runs `npm run diagram`; returns the exit status (0 written, 2 bad input). */
export async function runDiagram(argv: readonly string[], write: (path: string, text: string) => void, log: (text: string) => void): Promise<number> {
  try {
    const { input, out } = parse(argv);
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
  ).then((status) => {
    process.exitCode = status;
  });
}
