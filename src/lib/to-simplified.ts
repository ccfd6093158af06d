import { simplifier } from './simplifier';
import { T2S_PAIRS } from './t2s-table';

let convert: ((text: string) => string) | undefined;

/** Converts traditional characters to simplified, one character at a time (OpenCC's table). */
export function toSimplified(text: string): string {
  convert ??= simplifier(T2S_PAIRS);
  return convert(text);
}
