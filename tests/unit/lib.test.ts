import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBylines } from '~/lib/labels';
import { formatDateZh, formatWeekdayZh, splitIsoDate } from '~/lib/dates';
import { articlePath, editionPath, isArticlePageFile, pagePath, withBase } from '~/lib/paths';
import { toSlug, uniqueSlugs } from '~/lib/slugs';
import { clip, firstSentence, htmlToPlain, plainExcerpt } from '~/lib/text';
import { isRealDate } from '~/schemas/common';

describe('formatBylines', () => {
  it.each([
    [[{ name: '周子寒' }, { name: '储勇', role: '本报记者' }], '周子寒 本报记者 储勇'],
    [[{ name: '丁小溪', role: '新华社记者' }, { name: '董博婷', role: '新华社记者' }, { name: '张研', role: '新华社记者' }], '新华社记者 丁小溪 董博婷 张研'],
    [[{ name: '徐昱', role: '新华社记者', photo: true }], '新华社记者 徐昱 摄'],
    [[{ name: '周小漫', photo: true }], '周小漫 摄'],
    [[], ''],
  ])('%j → %s', (bylines, expected) => {
    expect(formatBylines(bylines)).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2022-09-01', '2022年9月1日', '星期四'],
    ['2000-02-29', '2000年2月29日', '星期二'],
  ])('%s', (iso, date, weekday) => {
    expect(formatDateZh(iso)).toBe(date);
    expect(formatWeekdayZh(iso)).toBe(weekday);
  });
  it.each([
    ['2022-09-01', true],
    ['2022-02-30', false],
    ['2023-02-29', false],
    ['2024-02-29', true],
    ['2022-13-01', false],
    ['2022-9-1', false],
  ])('isRealDate(%s) = %s', (iso, ok) => {
    expect(isRealDate(iso)).toBe(ok);
  });
  it('splits a date into URL parts', () => {
    expect(splitIsoDate('2022-09-01')).toEqual({ year: '2022', month: '09', day: '01' });
  });
});

describe('paths', () => {
  it.each([
    [editionPath('2022-09-01'), '/2022/09/01/'],
    [pagePath('2022-09-01', 'jingkaiqu'), '/2022/09/01/pages/jingkaiqu/'],
    [articlePath('2022-09-01', 'dangjian-yinling-juheli'), '/2022/09/01/dangjian-yinling-juheli/'],
    [withBase('/2022/09/01/', '/'), '/2022/09/01/'],
    [withBase('/2022/09/01/', '/archive/'), '/archive/2022/09/01/'],
    [withBase('/', '/archive'), '/archive/'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('withBase joins with one slash and composes what is not ASCII (NFC), as the regular expressions it replaced did', () => {
    expect(withBase('/tags/cafe\u0301/', '/')).toBe('/tags/caf\u00e9/');
    const part = fc.string({ unit: fc.constantFrom('/', 'a', '\u00e9', 'e\u0301', '\u515a', '-', '.') });
    fc.assert(
      fc.property(part, part, (path, base) => {
        expect(withBase(path, base)).toBe(`${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`.normalize('NFC'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isArticlePageFile', () => {
  it.each([
    ['2022/09/01/dangjian-yinling-juheli/index.html', true],
    ['2022/09/01/index.html', false],
    ['2022/09/01/pages/jingkaiqu/index.html', false],
    ['2022/09/01/dangjian-yinling-juheli/photo.jpg', false],
    ['tags/dangjian/index.html', false],
  ])('%s → %s', (file, expected) => expect(isArticlePageFile(file)).toBe(expected));
});

describe('slugs', () => {
  it.each([
    ['专精特新', 'zhuan-jing-te-xin'],
    ['联东U谷', 'lian-dong-u-gu'],
    ['125家', '125-jia'],
    ['六安经开区', 'lu-an-jing-kai-qu'],
    ['！！', 'x'],
  ])('toSlug(%s) = %s', (text, slug) => {
    expect(toSlug(text)).toBe(slug);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('numbers texts that share a slug', () => {
    const slugs = uniqueSlugs(['一', '衣', '一']);
    expect(new Set(slugs.values()).size).toBe(2);
    expect([...slugs.values()].sort()).toEqual(['yi', 'yi-2']);
  });
  it('never gives a reserved slug', () => {
    expect(uniqueSlugs(['Initial', '一'], ['initial']).get('Initial')).toBe('initial-2');
  });
});

describe('text', () => {
  it.each([
    ['<h2 id="x">标题</h2>\n<p>正文<strong>强调</strong>，<a href="/a/">链接</a>。</p>', '标题 正文强调，链接。'],
    ['<blockquote>\n<p>编者注：略</p>\n</blockquote>\n<p>正文</p>', '正文'],
    ['<figure><img src="a.jpg" alt="图"><figcaption>图说</figcaption></figure><p>正文 &amp; 附注 &lt;一&gt;</p>', '正文 & 附注 <一>'],
  ])('htmlToPlain(%j)', (html, plain) => {
    expect(htmlToPlain(html)).toBe(plain);
  });
  it('clips by code point and marks the cut', () => {
    expect(clip('𠮷野家的牛丼饭', 4)).toBe('𠮷野家…');
    expect(clip('短', 4)).toBe('短');
  });
  describe('plainExcerpt, reading only the start of the HTML, is the excerpt of the whole', () => {
    // Pieces of rendered Markdown: blockquotes and figures (left out, nested too; always closed, as
    // the renderer writes them), tags with '>' in attributes, entities, comments, astral
    // characters, runs of white space.
    const piece = fc.constantFrom(
      '<p>', '</p>', '<h2 id="x">', '</h2>', '<strong>', '</strong>', '<a href="/a?b=1&amp;c=2" title="x>y">', '</a>',
      '<figcaption>', '</figcaption>', '<img src="a.jpg" alt="图">',
      '&amp;', '&lt;', '&gt;', '&#x4E00;', '<!-- 注 > 释 -->', '\n', '  ', '正文', '经开区', '专精特新企业', '𠮷', 'U谷', '，', '。',
    );
    const nested = (depth: number): fc.Arbitrary<string> =>
      depth === 0
        ? fc.array(piece, { maxLength: 8 }).map((p) => p.join(''))
        : fc.array(fc.oneof(piece, nested(depth - 1).map((inner) => `<blockquote>${inner}</blockquote>`), nested(depth - 1).map((inner) => `<figure>${inner}</figure>`)), { maxLength: 12 }).map((p) => p.join(''));
    it('for random HTML, cut at any size', () => {
      fc.assert(
        fc.property(nested(2), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 64 }), (html, max, first) => {
          expect(plainExcerpt(html, max, first)).toBe(clip(htmlToPlain(html), max));
        }),
        { numRuns: 3000 },
      );
    });
    it('never cuts inside an entity or a tag', () => {
      expect(plainExcerpt('<p>&quot;一二三四五</p>', 3, 7)).toBe('"一…');
      expect(plainExcerpt('<p>一</p><p title="二三四五六七八">九十</p>', 3, 20)).toBe(clip(htmlToPlain('<p>一</p><p title="二三四五六七八">九十</p>'), 3));
    });
    it("for the seed edition's articles", () => {
      const dir = path.resolve('content/articles/2022-09-01');
      for (const f of readdirSync(dir)) {
        const html = readFileSync(path.join(dir, f), 'utf8').replace(/^---[\s\S]*?\n---\n/, '').replace(/^(.+)$/gm, '<p>$1</p>');
        for (const first of [1, 7, 64, 4096]) expect(plainExcerpt(html, 90, first)).toBe(clip(htmlToPlain(html), 90));
      }
    });
  });
  it('takes the first sentence', () => {
    expect(firstSentence('8月中旬,开展活动。活动中,参观。')).toBe('8月中旬,开展活动。');
  });
});
