import { T2S_PAIRS } from './t2s-table';

let table: Map<string, string> | undefined;

/** Converts traditional characters to simplified, one character at a time (OpenCC's table). */
export function toSimplified(text: string): string {
  if (!table) {
    const chars = Array.from(T2S_PAIRS);
    table = new Map();
    for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i]!, chars[i + 1]!);
  }
  let out = '';
  for (const ch of text) out += table.get(ch) ?? ch;
  return out;
}
