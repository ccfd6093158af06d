import { describe, expect, it } from 'vitest';
import { formatGbt7714 } from '~/lib/citation';

describe('formatGbt7714 (GB/T 7714-2015, newspaper articles)', () => {
  it.each([
    [
      'three authors, page unknown',
      { authors: ['丁小溪', '董博婷', '张研'], title: '书写人民满意的时代答卷', newspaper: '报名不详', date: '2022-09-01' },
      '丁小溪, 董博婷, 张研. 书写人民满意的时代答卷[N]. 报名不详, 2022-09-01(版次不详).',
    ],
    [
      'the standard’s own example form, with a page number',
      { authors: ['丁文祥'], title: '数字革命与竞争国际化', newspaper: '中国青年报', date: '2000-11-20', page: 15 },
      '丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).',
    ],
    [
      'more than three authors end in 等',
      { authors: ['甲', '乙', '丙', '丁'], title: '题', newspaper: '报', date: '2022-09-01', page: 2 },
      '甲, 乙, 丙, 等. 题[N]. 报, 2022-09-01(2).',
    ],
    ['no byline starts with the title', { authors: [], title: '题', newspaper: '报', date: '2022-09-01' }, '题[N]. 报, 2022-09-01(版次不详).'],
  ])('%s', (_, input, expected) => expect(formatGbt7714(input)).toBe(expected));
});
