/** ASCII punctuation that Chinese typesetting prints full-width, and its full-width form. */
const FULLWIDTH: Record<string, string> = {
  ',': '，',
  ';': '；',
  ':': '：',
  '(': '（',
  ')': '）',
  '!': '！',
  '?': '？',
};

/** Han ideographs (all CJK blocks incl. Extension B+), CJK punctuation and full-width forms. */
const CJK = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\u2018-\u201D\u2026\u2014\u00B7《》]/u;

/**
 * Renders ASCII `,;:()!?` full-width where they sit in Chinese text, leaving numbers and Latin
 * text intact: `联东U谷(六安)` → `联东U谷（六安）`, `1,000` and `f(x)` stay as they are.
 * A mark is Chinese when the character right beside it on either side (looking past adjacent
 * marks, but not past white space) is Chinese. `before`/`after` give the text around `text`
 * when it is one piece of a longer run, such as a Markdown text node next to `**bold**`.
 */
export function toFullwidthPunctuation(text: string, before = '', after = ''): string {
  if (!/[,;:()!?]/.test(text)) return text;
  const head = Array.from(before.slice(-8));
  const chars = [...head, ...Array.from(text), ...Array.from(after.slice(0, 8))];
  const end = chars.length - Array.from(after.slice(0, 8)).length;
  return chars
    .slice(0, end)
    .map((ch, i) => {
      if (i < head.length) return '';
      const full = FULLWIDTH[ch];
      if (!full) return ch;
      const prev = neighbour(chars, i, -1);
      const next = neighbour(chars, i, 1);
      const isCjk = (c: string | undefined) => c !== undefined && CJK.test(c);
      return isCjk(prev) || isCjk(next) ? full : ch;
    })
    .join('');
}

/** The nearest character in direction `step` that is not white space, looking through other ASCII marks. */
function neighbour(chars: string[], i: number, step: 1 | -1): string | undefined {
  for (let j = i + step; j >= 0 && j < chars.length; j += step) {
    const c = chars[j]!;
    if (/\s/.test(c)) return undefined;
    if (c in FULLWIDTH) continue;
    return c;
  }
  return undefined;
}
