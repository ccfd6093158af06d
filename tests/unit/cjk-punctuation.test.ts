import { describe, expect, it } from 'vitest';
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
