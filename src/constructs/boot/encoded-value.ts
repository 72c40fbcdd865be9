import { Fn, LazyBase, TerraformLocal, Token, Tokenization } from 'cdktf';
import type { Construct } from 'constructs';

/** Separates the base64 pieces of one value; not in the base64 alphabet. */
const PIECE_SEPARATOR = '.';

/** The literal and token fragments of a string, in order. */
function fragmentsOf(value: string): string[] {
  const fragments = Tokenization.reverseString(value);
  if (fragments.length < 2) {
    return [value];
  }
  const pieces: string[] = [];
  // join() folds left to right: the first call sees fragments 0 and 1, each later one the next fragment.
  fragments.join({
    join: (left: unknown, right: unknown): undefined => {
      if (pieces.length === 0) {
        pieces.push(String(left));
      }
      pieces.push(String(right));
      return undefined;
    },
  });
  return pieces;
}

/**
 * A value as base64 pieces joined by `.`: literal text is encoded here, each Terraform reference by
 * Terraform's `base64encode` at apply time. The result holds only `[A-Za-z0-9+/=.]` and `${base64encode(...)}`
 * calls that render to base64, so neither the HCL string it is embedded in nor the shell can alter it;
 * `three-tier-app` decodes the pieces and concatenates them byte for byte.
 */
export function encodedValue(value: string): string {
  return fragmentsOf(value)
    .filter((piece) => piece !== '')
    .map((piece) => (Token.isUnresolved(piece) ? Fn.base64encode(piece) : Buffer.from(piece, 'utf8').toString('base64')))
    .join(PIECE_SEPARATOR);
}

/** The literal (non-token) text of a value, for validation. */
export function literalText(value: string): string {
  return fragmentsOf(value)
    .filter((piece) => !Token.isUnresolved(piece))
    .join('');
}

/**
 * The value with each lazy token replaced by a reference to a Terraform local holding it. A lazy
 * value that produces text around a reference (`http://${aws_lb.x.dns_name}`) renders as a bare,
 * invalid expression inside a function call such as base64encode; a local renders it as a string.
 */
export function lazyValuesAsLocals(scope: Construct, id: string, value: string): string {
  return fragmentsOf(value)
    .map((piece, index) => (Tokenization.reverseString(piece).tokens[0] instanceof LazyBase ? new TerraformLocal(scope, `${id}-${index}`, piece).asString : piece))
    .join('');
}
