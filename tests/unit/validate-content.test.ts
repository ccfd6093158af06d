import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { markdownOptions } from '~/plugins/markdown';
import { countParagraphs } from '~/lib/outline';
import { datelineAfter, internalLinks, splitFrontmatter, validateContent } from '~/lib/validate/validate-content';
import { suggestClosest } from '~/lib/validate/suggest';
import { formatGithubAnnotation, formatIssue } from '~/lib/validate/report';

describe('suggestClosest', () => {
  it.each([
    ['brif', ['feature', 'brief', 'photo'], 'brief'],
    ['headlin', ['headline', 'kicker'], 'headline'],
    ['Kind', ['kind', 'order'], 'kind'],
    ['安徽', ['安徽省', '江苏省'], '安徽省'],
    ['xyz', ['feature', 'brief'], undefined],
    ['author', ['bylines', 'source'], undefined],
  ])('%s → %s', (word, candidates, expected) => expect(suggestClosest(word, candidates)).toBe(expected));
});

describe('datelineAfter', () => {
  it.each([
    ['新华社北京8月30日电', '2022-09-01', undefined],
    ['新华社北京9月5日电', '2022-09-01', '9月5日'],
    ['新华社北京９月５日电', '2022-09-01', '9月5日'], // full-width digits
    ['新华社北京12月31日电', '2023-01-01', undefined], // the year before
    ['新华社北京9月1日电', '2022-09-01', undefined], // the same day
    ['新华社北京2月30日电', '2022-01-01', undefined], // no such day: not a date to compare
    [undefined, '2022-09-01', undefined],
  ])('%s in the edition of %s → %s', (dateline, edition, expected) => expect(datelineAfter(dateline, edition)).toBe(expected));
});

describe('internalLinks', () => {
  const from = '/2022/09/01/a/';
  it.each([
    ['[x](/2022/09/01/b/)', '/2022/09/01/b/', 1, 5],
    ['一\n二 [x](../c)', '/2022/09/01/c/', 2, 7],
    ['<a href="/2022/09/01/pages/p1/">版</a>', '/2022/09/01/pages/p1/', 1, 10],
    ['[x](/2022/09/01/b/#p-2 "题")', '/2022/09/01/b/', 1, 5],
  ])('%s → %s at %i:%i', (body, target, line, column) => {
    expect(internalLinks(body, from)).toEqual([expect.objectContaining({ target, line, column })]);
  });
  it.each([['[x](https://example.org/2022/09/01/b/)'], ['[x](#p-1)'], ['[x](/search/?q=党建)'], ['[x](mailto:a@b.c)']])('ignores %s', (body) => {
    expect(internalLinks(body, from)).toEqual([]);
  });
});

describe('splitFrontmatter', () => {
  it.each([
    ['---\na: 1\n---\n\nbody', 'a: 1', '\nbody', 4],
    ['---\r\na: 1\r\n---\r\nbody', 'a: 1', 'body', 4],
    ['---\n---\nbody', '', 'body', 3],
  ])('%j', (text, yaml, body, bodyLine) => expect(splitFrontmatter(text)).toEqual({ yaml, body, bodyLine }));
  it('refuses a file without frontmatter', () => expect(splitFrontmatter('# 标题\n')).toBeUndefined());
});

describe('report formats', () => {
  const issue = { file: 'content/a,b.md', line: 3, column: 7, field: 'kind', message: '50% off\nnext' };
  it('prints file:line:column  field  message', () => expect(formatIssue(issue)).toBe('content/a,b.md:3:7  kind  50% off\nnext'));
  it('escapes GitHub annotation properties and data', () =>
    expect(formatGithubAnnotation(issue)).toBe('::error file=content/a%2Cb.md,line=3,col=7,title=kind::50%25 off%0Anext'));
});

describe('paragraph anchors of people references', () => {
  it.each([
    ['第一段。\n\n第二段。', 2],
    ['## 标题\n\n第一段。\n\n> 编者注:不计。\n\n第二段。', 2],
    ['| a | b |\n| - | - |\n| 1 | 2 |\n\n段落。', 1],
    ['- 列表\n- 项目\n\n段落。\n\n![图](/a.jpg)', 2],
    ['', 0],
  ])('countParagraphs(%j) = %i', (md, n) => {
    expect(countParagraphs(md)).toBe(n);
  });

  it('counts the seed feature exactly as the Markdown pipeline numbers it', async () => {
    const md = readFileSync('content/articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md', 'utf8');
    const body = splitFrontmatter(md)!.body;
    const processor = await createMarkdownProcessor({ ...markdownOptions, syntaxHighlight: false });
    const html = (await processor.render(body)).code;
    const anchors = [...html.matchAll(/<p id="p-(\d+)"/g)].map((m) => Number(m[1]));
    expect(anchors.length).toBeGreaterThan(40);
    expect(countParagraphs(body)).toBe(Math.max(...anchors));
  });

  it('refuses an anchor past the end of the text, naming file, line and field', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'anchor-'));
    try {
      cpSync('content', root, { recursive: true });
      const file = path.join(root, 'articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md');
      const text = readFileSync(file, 'utf8');
      const first = /paragraph: p-\d+/.exec(text)!;
      writeFileSync(file, text.replace(first[0], 'paragraph: p-999'));
      const { issues } = validateContent({ root, publicDir: 'public' });
      expect(issues).toHaveLength(1);
      expect(issues[0]!.file).toContain('articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md');
      expect(issues[0]!.field).toBe('people[0].paragraph');
      expect(issues[0]!.message).toMatch(/p-999 does not exist: the article's text has paragraphs p-1 to p-\d+/);
      expect(issues[0]!.line).toBe(text.slice(0, first.index).split('\n').length);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
