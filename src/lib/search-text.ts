/**
 * The search text codec: how article text is fed to Pagefind and how queries are rewritten to
 * match it. Shared by the index builder (Node) and the search page (browser), so both ends
 * segment text the same way.
 *
 * Why: Pagefind segments Chinese with a dictionary at index time and with `Intl.Segmenter` in the
 * browser; the two disagree (螺蛳粉, 专精特新 …) and the dictionary is slow and memory-hungry at
 * archive scale. Instead every letter or digit becomes one token holding itself and the character
 * after it (a character bigram; the last character of a run stands alone). Any substring of two or
 * more characters is then the chain of its bigrams, and a single character is a prefix of its
 * tokens. Tokens are spelled in ASCII (`a0jx` per character) so that no segmenter, at either end,
 * can split or merge them; the token for character i sits at word position i, and the first four
 * letters of each token spell the text back, so the index stores no second copy of it.
 */

/** One character's code: a letter a–x for code point ÷ 36³, then three base-36 digits. */
export const CODE_LENGTH = 4;
const HIGH = 36 ** 3;
/** Letters and digits index; everything else (punctuation, spaces, symbols) separates runs. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** `foldChar` of each character seen: NFKC is slow, and an article repeats a few thousand characters. */
const folds = new Map<string, string>();

/**
 * Whether a character is a letter that folds to itself: a CJK unified ideograph (U+4E00–U+9FFF,
 * none of which NFKC changes) — most of any Chinese text, taken without a lookup.
 * tests/unit/search-text.test.ts checks the range against NFKC and lower case.
 */
function isPlainHan(ch: string): boolean {
  if (ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return c >= 0x4e00 && c <= 0x9fff;
}

/** A character as it is compared: NFKC (全角１２５ → 125) and lower case, when that stays one character. */
export function foldChar(ch: string): string {
  if (isPlainHan(ch)) return ch;
  let folded = folds.get(ch);
  if (folded === undefined) {
    folded = ch.normalize('NFKC').toLowerCase();
    if (Array.from(folded).length !== 1) folded = ch;
    folds.set(ch, folded);
  }
  return folded;
}

/** Folds text for comparison: each character as `foldChar`, each run of white space one space. */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\s+/gu, ' ').trim()) out += foldChar(ch);
  return out;
}

function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(foldChar(ch));
}

/** The four-letter code of a code point, in lower case. */
function spell(cp: number): string {
  return String.fromCharCode(97 + Math.floor(cp / HIGH)) + (cp % HIGH).toString(36).padStart(3, '0');
}

/** The four-letter code of a character; upper case when the printed character is upper case. */
function code(ch: string): string {
  const folded = foldChar(ch);
  const spelled = spell(folded.codePointAt(0)!);
  return folded !== ch && ch.toLowerCase() !== ch ? spelled.toUpperCase() : spelled;
}

function decodeChar(spelled: string): string {
  const lower = spelled.toLowerCase();
  const cp = (lower.charCodeAt(0) - 97) * HIGH + parseInt(lower.slice(1), 36);
  const ch = String.fromCodePoint(cp);
  return spelled !== lower ? ch.toUpperCase() : ch;
}

/** The letters an index word spells: one or two four-letter codes (`tokenWord`'s inverse). */
export function wordLetters(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i += CODE_LENGTH) out += decodeChar(word.slice(i, i + CODE_LENGTH));
  return out;
}

const TOKEN = /^[a-xA-X][0-9a-zA-Z]{3}(?:[a-xA-X][0-9a-zA-Z]{3})?$/;

/** Splits text into runs of letters/digits and the separators between them. */
function runs(text: string): { run: string[]; sep: string }[] {
  const out: { run: string[]; sep: string }[] = [{ run: [], sep: '' }];
  for (const ch of text) {
    const last = out.at(-1)!;
    if (isWordChar(ch)) {
      if (last.sep) out.push({ run: [ch], sep: '' });
      else last.run.push(ch);
    } else last.sep += ch;
  }
  return out;
}

/**
 * Encodes text as Pagefind content: per character a bigram token, separators kept (without white
 * space) as their own words so the text can be shown again. `decodeIndexText` inverts it.
 */
export function encodeIndexText(text: string): string {
  const words: string[] = [];
  for (const { run, sep } of runs(text)) {
    run.forEach((ch, i) => words.push(code(ch) + (i + 1 < run.length ? code(run[i + 1]!) : '')));
    const kept = sep.replace(/\s+/gu, '');
    if (kept) words.push(kept);
  }
  return words.join(' ');
}

/** The text back from `encodeIndexText` (white space between runs becomes one space). */
export function decodeIndexText(content: string): string {
  let out = '';
  let afterRun = false;
  for (const word of content.split(' ')) {
    if (!word) continue;
    if (TOKEN.test(word)) {
      // A lone code ends a run; two runs in a row were separated by white space.
      if (afterRun && out && !out.endsWith(' ')) out += ' ';
      out += decodeChar(word.slice(0, CODE_LENGTH));
      afterRun = word.length === CODE_LENGTH;
    } else {
      out += word;
      afterRun = false;
    }
  }
  return out;
}

/** `indexText`'s letters and digits as they read back from the index (null: not one). */
const shown = new Map<string, string | null>();

/**
 * The text as it reads back from the index: `decodeIndexText(encodeIndexText(text))` in one
 * pass. White space beside punctuation is dropped and other white space between runs becomes one
 * space, as the tokens see it, so a term's occurrences in it are the ones the index found.
 */
export function indexText(text: string): string {
  let out = '';
  let sep = '';
  for (const ch of text) {
    let letter = isPlainHan(ch) ? ch : shown.get(ch);
    if (letter === undefined) shown.set(ch, (letter = isWordChar(ch) ? decodeChar(code(ch)) : null));
    if (letter === null) {
      sep += ch;
      continue;
    }
    if (sep) {
      const kept = sep.replace(/\s+/gu, '');
      // White space alone separates two runs (a separator run always follows one, except at the start).
      out += kept || (out ? ' ' : '');
      sep = '';
    }
    out += letter;
  }
  return out + sep.replace(/\s+/gu, '');
}

/** Per code point: its folded code point when it is a letter or digit, SEPARATOR or SPACE otherwise. */
const SEPARATOR = -1;
const SPACE = -2;
/** Cache of `classify` for the Basic Multilingual Plane (value + 3; 0 = not yet known). */
const bmp = new Int32Array(0x10000);
const astral = new Map<number, number>();

function classifyUncached(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return /\s/u.test(ch) ? SPACE : isWordChar(ch) ? foldChar(ch).codePointAt(0)! : SEPARATOR;
}

function classify(cp: number): number {
  if (cp < 0x10000) {
    const cached = bmp[cp]!;
    if (cached) return cached - 3;
    const c = classifyUncached(cp);
    bmp[cp] = c + 3;
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) astral.set(cp, (c = classifyUncached(cp)));
  return c;
}

/**
 * The index words of `text`, as `encodeIndexText` spells them, without building the string:
 * calls `token(position, first, second)` for each letter or digit with the folded code points of
 * it and of the character after it in its run (0 at the end of a run). Separators take a
 * position and no token, as Pagefind gives a word with nothing to index. Returns the number of
 * words (Pagefind's word count of the page).
 */
export function forEachToken(text: string, token: (position: number, first: number, second: number) => void): number {
  let position = 0;
  let pending = 0; // a letter or digit waiting to learn whether its run goes on
  let inSeparator = false;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    const c = classify(cp);
    if (c >= 0) {
      if (pending) token(position++, pending, c);
      else if (inSeparator) position++;
      pending = c;
      inSeparator = false;
    } else {
      if (pending) token(position++, pending, 0);
      pending = 0;
      if (c === SEPARATOR) inSeparator = true;
    }
  }
  if (pending) token(position++, pending, 0);
  else if (inSeparator) position++;
  return position;
}

/** The index word of a token from `forEachToken`, as Pagefind stores it (lower case). */
export function tokenWord(first: number, second: number): string {
  return second ? spell(first) + spell(second) : spell(first);
}

/** A parsed query: the strings a result must contain, and the Pagefind searches that find them. */
export interface PreparedQuery {
  /** Folded strings every result must contain (a quoted phrase is one string). */
  terms: string[];
  /**
   * One Pagefind search per run of letters or digits in the terms; a result must be found by
   * every one. A run of two or more characters is the quoted chain of its bigram tokens, which
   * Pagefind matches only at consecutive positions, so only pages holding the exact run match;
   * a single character is its code, which Pagefind matches as the start of that character's
   * tokens. Empty when nothing is searchable.
   */
  searches: string[];
  /**
   * Every term is one run of letters or digits, so the pages the searches find are exactly those
   * holding the terms: their number is the count of results. (A term with punctuation or a
   * space inside is searched as its runs, and the shown results are checked against it.)
   */
  exact: boolean;
}

/**
 * Prepares what a reader typed: words separated by spaces must all occur; a phrase in quotes
 * ("…", “…”, 「…」) is one exact string.
 */
export function prepareQuery(q: string): PreparedQuery {
  const terms: string[] = [];
  const rest = q.normalize('NFC').replace(/["“”「」『』]([^"“”「」『』]+)["“”「」『』]/gu, (_, phrase: string) => {
    terms.push(phrase);
    return ' ';
  });
  terms.push(...rest.split(/\s+/u));
  const folded = [...new Set(terms.map(foldText).filter((t) => Array.from(t).some(isWordChar)))];
  const searches = new Set<string>();
  for (const term of folded) {
    for (const { run } of runs(term)) {
      if (run.length === 1) searches.add(code(run[0]!));
      else if (run.length > 1) searches.add(`"${run.slice(0, -1).map((ch, i) => code(ch) + code(run[i + 1]!)).join(' ')}"`);
    }
  }
  return { terms: folded, searches: [...searches], exact: folded.every((t) => Array.from(t).every(isWordChar)) };
}

/** How many times each term occurs in folded text; 0 for a term that does not occur. */
export function countTerms(folded: string, terms: string[]): number[] {
  return terms.map((t) => {
    let n = 0;
    for (let i = folded.indexOf(t); i >= 0; i = folded.indexOf(t, i + t.length)) n++;
    return n;
  });
}

/**
 * Where the terms occur in text, as a flag per character (of `Array.from(text)`), comparing
 * folded characters so 全角 digits and capitals match what the reader typed.
 */
export function markTerms(text: string, terms: string[]): boolean[] {
  const chars = Array.from(text);
  const marked = new Array<boolean>(chars.length).fill(false);
  if (chars.length === text.length) {
    // No character outside the BMP: each is one code unit, and folds to one (`foldChar`), so the
    // terms are found by the native search, at the indices of the characters.
    let folded = '';
    for (const c of text.replace(/\s/gu, ' ')) folded += foldChar(c);
    if (folded.length === chars.length) {
      for (const term of terms) {
        if (!term) continue;
        for (let i = folded.indexOf(term); i >= 0; i = folded.indexOf(term, i + 1)) marked.fill(true, i, i + term.length);
      }
      return marked;
    }
  }
  const folded = chars.map((c) => (/\s/u.test(c) ? ' ' : foldChar(c)));
  for (const term of terms) {
    const t = Array.from(term);
    if (!t.length) continue;
    for (let i = 0; i + t.length <= chars.length; i++) {
      if (t.every((c, j) => folded[i + j] === c)) marked.fill(true, i, i + t.length);
    }
  }
  return marked;
}
