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

/** How many UTF-16 units of the text around a piece of text toFullwidthPunctuation looks at. */
export const PUNCTUATION_CONTEXT = 8;

/**
 * Renders ASCII `,;:()!?` full-width where they sit in Chinese text, leaving numbers and Latin
 * text intact: `联东U谷(六安)` → `联东U谷（六安）`, `1,000` and `f(x)` stay as they are.
 * A mark is Chinese when the character right beside it on either side (looking past adjacent
 * marks, but not past white space) is Chinese. `before`/`after` give the text around `text`
 * when it is one piece of a longer run, such as a Markdown text node next to `**bold**`.
 */
export function toFullwidthPunctuation(text: string, before = '', after = ''): string {
  if (!hasAsciiMark(text)) return text;
  // One string with up to 8 UTF-16 units of context either side; only the marks are looked at,
  // since every article's text passes through here (see BENCHMARKS.md, Build, Changes).
  const head = before.slice(-PUNCTUATION_CONTEXT);
  const s = head + text + after.slice(0, PUNCTUATION_CONTEXT);
  const end = head.length + text.length;
  let out = '';
  let copied = head.length;
  // The regular expression finds the marks: stepping through every character cost 0.5 ms an article.
  MARKS.lastIndex = head.length;
  for (let m = MARKS.exec(s); m && m.index < end; m = MARKS.exec(s)) {
    const i = m.index;
    if (cjkBeside(s, i, -1) || cjkBeside(s, i, 1)) {
      out += s.slice(copied, i) + FULLWIDTH[m[0]]!;
      copied = i + 1;
    }
  }
  return out + s.slice(copied, end);
}

const MARK = /[,;:()!?]/;
const MARKS = /[,;:()!?]/g;
const SPACE = /\s/;

/** Whether `text` holds any of the ASCII marks toFullwidthPunctuation may change. */
export const hasAsciiMark = (text: string): boolean => MARK.test(text);

/**
 * Whether the nearest character (a whole code point) in direction `step` from index `i` of `s`
 * that is not another ASCII mark is Chinese; white space in between makes it not.
 * Character codes rather than one-character strings and regular expressions: this runs for every
 * mark of every article (BENCHMARKS.md, Build).
 */
function cjkBeside(s: string, i: number, step: 1 | -1): boolean {
  for (let j = i + step; j >= 0 && j < s.length; j += step) {
    let code = s.charCodeAt(j);
    if (step < 0 && isLow(code) && j > 0 && isHigh(s.charCodeAt(j - 1))) code = s.codePointAt(--j)!;
    else if (step > 0 && isHigh(code) && j + 1 < s.length && isLow(s.charCodeAt(j + 1))) code = s.codePointAt(j++)!;
    if (code < 0x80) {
      if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return false;
      if (!isAsciiMark(code)) return false;
      continue;
    }
    // The common case first: the CJK Unified Ideographs block is all Han.
    if (code >= 0x4e00 && code <= 0x9fff) return true;
    const c = String.fromCodePoint(code);
    return !SPACE.test(c) && CJK.test(c);
  }
  return false;
}

/** The character codes of the marks of FULLWIDTH. */
const ASCII_MARK_CODES = new Set(Object.keys(FULLWIDTH).map((mark) => mark.charCodeAt(0)));
const isAsciiMark = (code: number) => ASCII_MARK_CODES.has(code);
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
