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
const CODE_LENGTH = 4;
const HIGH = 36 ** 3;
/** Letters and digits index; everything else (punctuation, spaces, symbols) separates runs. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A character as it is compared: NFKC (全角１２５ → 125) and lower case, when that stays one character. */
export function foldChar(ch: string): string {
  const folded = ch.normalize('NFKC').toLowerCase();
  return Array.from(folded).length === 1 ? folded : ch;
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

/** The four-letter code of a character; upper case when the printed character is upper case. */
function code(ch: string): string {
  const folded = foldChar(ch);
  const cp = folded.codePointAt(0)!;
  const spelled = String.fromCharCode(97 + Math.floor(cp / HIGH)) + (cp % HIGH).toString(36).padStart(3, '0');
  return folded !== ch && ch.toLowerCase() !== ch ? spelled.toUpperCase() : spelled;
}

function decodeChar(spelled: string): string {
  const lower = spelled.toLowerCase();
  const cp = (lower.charCodeAt(0) - 97) * HIGH + parseInt(lower.slice(1), 36);
  const ch = String.fromCodePoint(cp);
  return spelled !== lower ? ch.toUpperCase() : ch;
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

/** A parsed query: the strings a result must contain, and the rewritten query for Pagefind. */
export interface PreparedQuery {
  /** Folded strings every result must contain (a quoted phrase is one string). */
  terms: string[];
  /** The query in index tokens, for `pagefind.search`. Empty when nothing is searchable. */
  pagefind: string;
}

/**
 * Prepares what a reader typed: words separated by spaces must all occur; a phrase in quotes
 * ("…", “…”, 「…」) is one exact string. Each term becomes the chain of its bigram tokens; a
 * one-character term stays one code, which Pagefind matches as a prefix of that character's tokens.
 */
export function prepareQuery(q: string): PreparedQuery {
  const terms: string[] = [];
  const rest = q.normalize('NFC').replace(/["“”「」『』]([^"“”「」『』]+)["“”「」『』]/gu, (_, phrase: string) => {
    terms.push(phrase);
    return ' ';
  });
  terms.push(...rest.split(/\s+/u));
  const folded = [...new Set(terms.map(foldText).filter((t) => Array.from(t).some(isWordChar)))];
  const tokens = new Set<string>();
  for (const term of folded) {
    for (const { run } of runs(term)) {
      if (run.length === 1) tokens.add(code(run[0]!));
      for (let i = 0; i + 1 < run.length; i++) tokens.add(code(run[i]!) + code(run[i + 1]!));
    }
  }
  return { terms: folded, pagefind: [...tokens].join(' ') };
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
  const folded = chars.map((c) => (/\s/u.test(c) ? ' ' : foldChar(c)));
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    const t = Array.from(term);
    if (!t.length) continue;
    for (let i = 0; i + t.length <= chars.length; i++) {
      if (t.every((c, j) => folded[i + j] === c)) marked.fill(true, i, i + t.length);
    }
  }
  return marked;
}
