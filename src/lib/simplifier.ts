/**
 * A converter from traditional characters to simplified, one character at a time, built from
 * OpenCC's pairs: a string of each traditional character followed by its simplified one
 * (`T2S_PAIRS` in ./t2s-table). Kept apart from the table, which the search page fetches as
 * data (/search/to-simplified.txt) only for a query that needs it.
 */
export function simplifier(pairs: string): (text: string) => string {
  const chars = Array.from(pairs);
  const table = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i]!, chars[i + 1]!);
  return (text) => {
    let out = '';
    for (const ch of text) out += table.get(ch) ?? ch;
    return out;
  };
}
