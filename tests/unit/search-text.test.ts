import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countTerms, decodeIndexText, encodeIndexText, foldChar, foldText, forEachToken, indexText, markTerms, prepareQuery, tokenWord, wordLetters } from '~/lib/search-text';
import { toSimplified } from '~/lib/to-simplified';

/** Characters the archive holds: Han (BMP and beyond), digits, Latin, full-width forms, punctuation. */
const CHARS = Array.from('党建专精特新螺蛳粉联东谷𠮷125４０U７.89亿元ABCabc，。、“”（）《》%-·');
const text = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 40 }).map((a) => a.join(''));

/** The words Pagefind indexes from encoded content: lower case, punctuation-only words dropped. */
function indexWords(content: string): string[] {
  return content.split(' ').filter((w) => /^[a-x]/i.test(w)).map((w) => w.toLowerCase());
}

describe('encodeIndexText / decodeIndexText', () => {
  it.each([
    ['专精特新', '专精特新'],
    ['联东U谷', '联东U谷'],
    ['达125家，其中', '达125家，其中'],
    ['７.89亿元', '7.89亿元'],
    ['六安开发区 家政', '六安开发区 家政'],
    ['𠮷野家', '𠮷野家'],
    ['“专精特新”', '“专精特新”'],
  ])('%s reads back as %s', (input, expected) => {
    expect(decodeIndexText(encodeIndexText(input))).toBe(expected);
  });

  it('gives one word per character, so word positions are character positions', () => {
    expect(encodeIndexText('专精特')).toBe(`${encodeIndexText('专').slice(0, 4)}${encodeIndexText('精').slice(0, 4)} ${encodeIndexText('精').slice(0, 4)}${encodeIndexText('特').slice(0, 4)} ${encodeIndexText('特')}`);
    expect(encodeIndexText('专精特').split(' ')).toHaveLength(3);
  });

  it('writes only ASCII letters and digits for text, which no segmenter splits', () => {
    fc.assert(fc.property(text, (t) => indexWords(encodeIndexText(t)).every((w) => /^[a-x][0-9a-z]{3}(?:[a-x][0-9a-z]{3})?$/.test(w))));
  });

  it('reads back any text without white space, folded', () => {
    fc.assert(fc.property(text, (t) => foldText(decodeIndexText(encodeIndexText(t))) === foldText(t)));
  });
});

describe('wordLetters', () => {
  it('reads back the letters of every word forEachToken makes', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'党建引领专精特新联东U谷125家ａＢ') }), (text) => {
        const folded = foldText(text);
        forEachToken(text, (_position, first, second) => {
          const letters = String.fromCodePoint(first) + (second ? String.fromCodePoint(second) : '');
          expect(wordLetters(tokenWord(first, second))).toBe(letters);
          expect(folded).toContain(letters);
        });
      }),
    );
  });
});

describe('indexText', () => {
  // White space of every kind, leading and trailing too, and letters that fold or case-change.
  const spaced = fc.array(fc.constantFrom(...CHARS, 'Ａ', 'ｂ', 'İ', 'ß', ' ', '  ', '\n', '\t', '　'), { maxLength: 40 }).map((a) => a.join(''));

  it('is the text as it reads back from the index, in one pass', () => {
    fc.assert(fc.property(spaced, (t) => indexText(t) === decodeIndexText(encodeIndexText(t))), { numRuns: 5000 });
  });

  it.each([
    ['六安 ， 开发区', '六安，开发区'],
    ['  专精特新  企业 ', '专精特新 企业'],
    ['（ 联东U谷 ）', '（联东U谷）'],
  ])('%j reads %j', (input, expected) => {
    expect(indexText(input)).toBe(expected);
  });
});

describe('prepareQuery', () => {
  it.each([
    ['专精特新', ['专精特新'], 3],
    ['125家', ['125家'], 3],
    ['联东U谷', ['联东u谷'], 3],
    ['六安 党建', ['六安', '党建'], 2],
    ['"新能源 汽车"', ['新能源 汽车'], 3],
    ['“党建”引领', ['党建', '引领'], 2],
    ['党', ['党'], 1],
    ['，。', [], 0],
    ['', [], 0],
  ])('%s → terms %j in %i tokens', (q, terms, tokens) => {
    const prepared = prepareQuery(q);
    expect(prepared.terms).toEqual(terms);
    expect(prepared.searches.flatMap((q) => q.replace(/"/g, '').split(' '))).toHaveLength(tokens);
  });

  it('finds any substring of the text: each quoted search is a run of consecutive index words, a lone code the start of one', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.integer({ min: 1, max: 8 }), (t, at, length) => {
        const chars = Array.from(t);
        const start = at % chars.length;
        const q = chars.slice(start, start + length).join('');
        const { searches } = prepareQuery(q);
        // Every word, separators too: they take positions, so a phrase cannot run across one.
        const words = encodeIndexText(t).split(' ').map((w) => w.toLowerCase());
        return searches.every((s) => {
          if (!s.startsWith('"')) return words.some((w) => w.startsWith(s));
          const phrase = s.slice(1, -1).split(' ');
          return words.some((_, i) => phrase.every((p, k) => words[i + k] === p));
        });
      }),
    );
  });

  it('quotes a run of two or more characters and leaves a single character bare', () => {
    expect(prepareQuery('党建 党').searches).toEqual([`"${encodeIndexText('党建').split(' ')[0]}"`, encodeIndexText('党')]);
  });
});

describe('countTerms and markTerms', () => {
  it.each([
    ['专精特新企业，专精特新', ['专精特新'], [2]],
    ['专精 特新', ['专精特新'], [0]],
    ['联东U谷', ['联东u谷', '谷'], [1, 1]],
  ])('%s: %j occur %j times', (t, terms, counts) => {
    expect(countTerms(foldText(t), terms)).toEqual(counts);
  });

  it('marks full-width and capital letters the reader typed in plain form', () => {
    expect(markTerms('达１２５家', ['125家'])).toEqual([false, true, true, true, true]);
    expect(markTerms('联东U谷', ['u谷'])).toEqual([false, false, true, true]);
  });

  /** markTerms as first written: each character folded and compared, at every position. */
  function markEveryPosition(t: string, terms: string[]): boolean[] {
    const chars = Array.from(t);
    const folded = chars.map((c) => (/\s/u.test(c) ? ' ' : foldChar(c)));
    const marked = new Array<boolean>(chars.length).fill(false);
    for (const term of terms.map((x) => Array.from(x)).filter((x) => x.length)) {
      for (let i = 0; i + term.length <= chars.length; i++) if (term.every((c, j) => folded[i + j] === c)) marked.fill(true, i, i + term.length);
    }
    return marked;
  }

  it('marks what comparing at every position marks, overlapping and astral characters included', () => {
    const spaced = fc.array(fc.constantFrom(...CHARS, ' ', '\u3000', '\n', '专', '专'), { minLength: 0, maxLength: 60 }).map((a) => a.join(''));
    const terms = fc.array(fc.oneof(text.map(foldText), fc.constantFrom('专专', '专', 'u', '𠮷', '125', '')), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(spaced, terms, (t, ts) => {
      expect(markTerms(t, ts)).toEqual(markEveryPosition(t, ts));
    }), { numRuns: 3000 });
    expect(markTerms('专专专', ['专专'])).toEqual([true, true, true]);
  });
});

describe('foldChar', () => {
  it('leaves every CJK unified ideograph as it is, as NFKC and lower case do (it takes them without a lookup)', () => {
    for (let cp = 0x4e00; cp <= 0x9fff; cp++) {
      const ch = String.fromCharCode(cp);
      if (ch.normalize('NFKC').toLowerCase() !== ch || foldChar(ch) !== ch) throw new Error(`U+${cp.toString(16)} folds to something else`);
    }
    // Around the range, the lookup still folds: 全角 digits, capitals, compatibility ideographs.
    expect([foldChar('１'), foldChar('Ａ'), foldChar('U'), foldChar('\uf900')]).toEqual(['1', 'a', 'u', '豈']);
  });
});

describe('toSimplified', () => {
  it.each([
    ['黨建', '党建'],
    ['專精特新', '专精特新'],
    ['開發區', '开发区'],
    ['党建', '党建'],
    ['U谷125', 'U谷125'],
  ])('%s → %s', (t, s) => {
    expect(toSimplified(t)).toBe(s);
  });
});
