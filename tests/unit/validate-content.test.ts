import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { markdownOptions } from '~/plugins/markdown';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { countParagraphs, simpleParagraphCount } from '~/lib/outline';
import { datelineAfter, factsKey, internalLinks, splitFrontmatter, validateContent } from '~/lib/validate/validate-content';
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

  // The parser's count, which the line-by-line count of simple text must equal.
  const parsed = (md: string) => fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }).children.filter((n) => n.type === 'paragraph').length;
  const simpleLine = fc.constantFrom('第一段文字，继续。', 'A股市场上涨', '　全角空格开头', '“引号”开头', '## 小标题', '# 标题 #', '######', '', '   ', '\t', 'www.example.com 网址', '强调**文字**后');
  const anyLine = fc.oneof(
    simpleLine,
    fc.constantFrom('> 编者注', '- 列表', '* 列表', '+ 列表', '1. 列表', '2) 列表', '---', '***', '___', '===', '| a | b |', '| - | - |', ':-- | --:', '```', '~~~', '    缩进代码', '  两个空格', '<div>', '<!-- 注 -->', '[^1]: 脚注', '[a]: /x', '#无空格', '####### 七个', '\\转义', '!图', '#\u00a0不是标题'),
  );
  const doc = (line: fc.Arbitrary<string>) => fc.tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

  it('counts simple text line by line exactly as the parser does', () => {
    fc.assert(
      fc.property(doc(simpleLine), (md) => {
        expect(simpleParagraphCount(md)).toBe(parsed(md));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves to the parser any text it cannot count line by line, and never disagrees with it', () => {
    let left = 0;
    fc.assert(
      fc.property(doc(anyLine), (md) => {
        const simple = simpleParagraphCount(md);
        if (simple === undefined) left++;
        expect(simple ?? parsed(md)).toBe(parsed(md));
        expect(countParagraphs(md)).toBe(parsed(md));
      }),
      { numRuns: 1000 },
    );
    expect(left).toBeGreaterThan(500);
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

describe('facts kept between runs (the build checks only changed files again)', () => {
  const seedArticle = 'articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md';
  const withContent = (edit: (root: string) => void, run: (root: string) => void) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'facts-'));
    try {
      cpSync('content', root, { recursive: true });
      edit(root);
      run(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  // Problems of both kinds: a file's own (YAML that does not parse) and across files (a dead link).
  const breakSome = (root: string) => {
    const articles = path.join(root, 'articles/2022-09-01');
    const [first, second] = readdirSync(articles).filter((f) => f !== path.basename(seedArticle)).sort();
    writeFileSync(path.join(articles, first!), readFileSync(path.join(articles, first!), 'utf8').replace(/^---\n/, '---\nbad: [unclosed\n'));
    writeFileSync(path.join(articles, second!), `${readFileSync(path.join(articles, second!), 'utf8')}\n见[旧文](/2022/09/01/no-such-article/)。\n`);
  };

  it('reports the same issues with or without them, and keeps only files without issues of their own', () =>
    withContent(breakSome, (root) => {
      const plain = validateContent({ root, publicDir: 'public' });
      const first = validateContent({ root, publicDir: 'public', known: new Map() });
      const second = validateContent({ root, publicDir: 'public', known: first.facts });
      expect(plain.issues.map((i) => i.field).sort()).toEqual(['(body)', '(yaml)']);
      expect(first.issues).toEqual(plain.issues);
      expect(second.issues).toEqual(plain.issues);
      expect(second.facts).toEqual(first.facts);
      // Every file but the one whose YAML does not parse; the dead link is a check across files.
      expect(first.facts!.size).toBe(plain.fileCount - 1);
    }));

  it('takes a known file from its facts instead of parsing it', () =>
    withContent(
      () => {},
      (root) => {
        const { facts } = validateContent({ root, publicDir: 'public', known: new Map() });
        const key = factsKey(seedArticle, readFileSync(path.join(root, seedArticle)));
        const seed = facts!.get(key);
        expect(seed?.kind).toBe('article');
        if (seed?.kind !== 'article') return;
        const known = new Map(facts!).set(key, { ...seed, people: [{ ...seed.people[0]!, id: 'nobody' }] });
        const { issues } = validateContent({ root, publicDir: 'public', known });
        expect(issues.map((i) => [i.field, i.message.slice(0, 20)])).toEqual([['people[0].person', 'no person "nobody": ']]);
        // Facts keep no positions: the file is read again for the issue's, and they are exact.
        const text = readFileSync(path.join(root, seedArticle), 'utf8');
        expect(issues[0]!.line).toBe(text.slice(0, text.indexOf('person:')).split('\n').length);
      },
    ));

  it('parses a changed file again', () =>
    withContent(
      () => {},
      (root) => {
        const { facts } = validateContent({ root, publicDir: 'public', known: new Map() });
        const file = path.join(root, seedArticle);
        writeFileSync(file, readFileSync(file, 'utf8').replace(/paragraph: p-\d+/, 'paragraph: p-999'));
        const { issues, facts: after } = validateContent({ root, publicDir: 'public', known: facts });
        expect(issues.map((i) => i.field)).toEqual(['people[0].paragraph']);
        expect(after!.size).toBe(facts!.size);
        expect(after!.has(factsKey(seedArticle, readFileSync(file)))).toBe(true);
      },
    ));
});
