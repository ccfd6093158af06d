import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toFullwidthPunctuation } from '~/lib/cjk-punctuation';

describe('toFullwidthPunctuation', () => {
  it.each([
    ['本报讯(王晨)六安', '本报讯（王晨）六安'],
    ['联东U谷(六安)智造产业园', '联东U谷（六安）智造产业园'],
    ['研发投入上报数7.89亿元,较同期增长30%。', '研发投入上报数7.89亿元，较同期增长30%。'],
    ['每组9-10个党组织,安排2-3个', '每组9-10个党组织，安排2-3个'],
    ['ABC分类管理', 'ABC分类管理'],
    ['不怕死的警察!”', '不怕死的警察！”'],
    ['编者注:原版', '编者注：原版'],
    ['是否愿意?', '是否愿意？'],
    ['目标;措施', '目标；措施'],
    ['1,000 and 10:30', '1,000 and 10:30'],
    ['f(x) = y', 'f(x) = y'],
    ['Hello, world!', 'Hello, world!'],
    ['(试行)》,将', '（试行）》，将'],
    ['𠮷野家(分店)', '𠮷野家（分店）'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(toFullwidthPunctuation(input)).toBe(expected);
  });

  it.each([
    [',', '强调', '后文', '，'],
    [',', 'Latin', 'text', ','],
    ['(', '', '六安', '（'],
  ])('judges %s by its neighbours %s|%s', (text, before, after, expected) => {
    expect(toFullwidthPunctuation(text, before, after)).toBe(expected);
  });
});

// The first implementation (code point by code point over the whole text), kept as the
// specification of the faster one that only looks at the marks.
const FULLWIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '!': '！', '?': '？' };
const CJK = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\u2018-\u201D\u2026\u2014\u00B7《》]/u;
function reference(text: string, before = '', after = ''): string {
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

describe('toFullwidthPunctuation, against the first implementation', () => {
  const char = fc.oneof(
    fc.constantFrom('中', '文', '𠮷', 'A', 'b', '1', ' ', '\n', '\u3000', '\u00a0', ',', ';', ':', '(', ')', '!', '?', '。', '“', '”', '—', '·', '%'),
    fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0, max: 0x2ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)),
  );
  const piece = fc.array(char, { maxLength: 24 }).map((a) => a.join(''));
  it('gives the same text for any text and context', () => {
    fc.assert(
      fc.property(piece, piece, piece, (text, before, after) => {
        expect(toFullwidthPunctuation(text, before, after)).toBe(reference(text, before, after));
      }),
      { numRuns: 3000 },
    );
  });
});
