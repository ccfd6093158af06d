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
  if (!MARK.test(text)) return text;
  // One string with up to 8 UTF-16 units of context either side; only the marks are looked at,
  // since every article's text passes through here (see BENCHMARKS.md, Build, Changes).
  const head = before.slice(-8);
  const s = head + text + after.slice(0, 8);
  const end = head.length + text.length;
  let out = '';
  let copied = head.length;
  // The regular expression finds the marks: stepping through every character cost 0.5 ms an article.
  MARKS.lastIndex = head.length;
  for (let m = MARKS.exec(s); m && m.index < end; m = MARKS.exec(s)) {
    const i = m.index;
    if (isCjk(neighbour(s, i, -1)) || isCjk(neighbour(s, i, 1))) {
      out += s.slice(copied, i) + FULLWIDTH[m[0]]!;
      copied = i + 1;
    }
  }
  return out + s.slice(copied, end);
}

const MARK = /[,;:()!?]/;
const MARKS = /[,;:()!?]/g;
const SPACE = /\s/;
const isCjk = (c: string | undefined) => c !== undefined && CJK.test(c);

/**
 * The nearest character (a whole code point) in direction `step` from index `i` of `s` that is
 * not white space, looking through other ASCII marks.
 */
function neighbour(s: string, i: number, step: 1 | -1): string | undefined {
  let j = i + step;
  while (j >= 0 && j < s.length) {
    let c = s[j]!;
    const code = c.charCodeAt(0);
    if (step < 0 && code >= 0xdc00 && code <= 0xdfff && j > 0 && isHigh(s.charCodeAt(j - 1))) {
      c = s[j - 1]! + c;
      j--;
    } else if (step > 0 && isHigh(code) && j + 1 < s.length && isLow(s.charCodeAt(j + 1))) {
      c += s[j + 1]!;
      j++;
    }
    if (SPACE.test(c)) return undefined;
    if (!(c in FULLWIDTH)) return c;
    j += step;
  }
  return undefined;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
