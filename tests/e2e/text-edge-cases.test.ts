/**
 * Text that must build and render correctly: a real build of a copy of content/ with one
 * article per edge case (CRLF, BOM, NFD, CJK Extension B, emoji, zero-width characters,
 * full-width digits and letters, 200,000 characters, an empty body, a one-character headline,
 * 200 tags), then the rendered pages are read back.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToText } from '../support/html-text';
import { startBuild } from '../support/astro-build';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'edge-cases-'));
const content = path.join(scratch, 'content');
const outDir = path.join(scratch, 'site');
const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF]/g;
const LONG_PARAGRAPH = '六安经济技术开发区持续优化营商环境推动高质量发展。'.repeat(40); // 1,000 characters
const TAGS = Array.from({ length: 200 }, (_, i) => `标签${i + 1}`);

/** Frontmatter for an article on the first edition's first page, in its own reading position. */
function article(order: number, headline: string, extra = ''): string {
  return `---\nedition: 2022-09-01\npage: jingkaiqu\norder: ${order}\nkind: news\nheadline: ${headline}\nsource: 本报讯\n${extra}---\n`;
}

const CASES: Record<string, string> = {
  'edge-crlf': (article(101, 'CRLF行尾') + '\n第一段。\n\n第二段。\n').replace(/\n/g, '\r\n'),
  'edge-bom': '\uFEFF' + article(102, '带字节序标记') + '\n正文有BOM。\n',
  'edge-nfd': article(103, 'Cafe\u0301与咖啡') + '\nCafe\u0301（NFD）与Café（NFC）同字。\n',
  'edge-ext-b': article(104, '𠮷野家开业') + '\n𠮷字属中日韩统一表意文字扩展B区，𠀀𪚥也是。\n',
  'edge-emoji': article(105, '表情符号👍') + '\n点赞👍🏽，一家人👨‍👩‍👧，国旗🇨🇳。\n',
  'edge-zero-width': article(106, '零\u200B宽') + '\n零\u200B宽\u200C字\u200D符\u2060测\uFEFF试。\n',
  'edge-fullwidth': article(107, '２０２２年ＡＢＣ') + '\n全角数字１２３与全角字母ＸＹＺ照原样保留。\n',
  'edge-long': article(108, '二十万字长文') + '\n' + Array.from({ length: 200 }, (_, i) => `${i === 199 ? '最后一段' : ''}${LONG_PARAGRAPH}`).join('\n\n') + '\n',
  'edge-empty-body': article(109, '无正文'),
  'edge-one-char': article(110, '雪') + '\n一字标题。\n',
  'edge-200-tags': article(111, '二百个标签', `tags: [${TAGS.join(', ')}]\n`) + '\n标签很多。\n',
};

let pages: Record<string, string> = {};
let buildOutput = '';

beforeAll(async () => {
  cpSync('content', content, { recursive: true });
  for (const [slug, text] of Object.entries(CASES)) writeFileSync(path.join(content, 'articles/2022-09-01', `${slug}.md`), text);
  const { code, output } = await startBuild(outDir, { CONTENT_ROOT: content, ASTRO_CACHE_DIR: path.join(scratch, 'cache') }).done;
  buildOutput = output;
  if (code !== 0) throw new Error(`the edge-case build failed:\n${output}`);
  for (const slug of Object.keys(CASES)) {
    const file = path.join(outDir, '2022/09/01', slug, 'index.html');
    if (existsSync(file)) pages[slug] = readFileSync(file, 'utf8');
  }
}, 240_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The article's headline and body as a reader sees them. */
function story(slug: string): { headline: string; body: string } {
  const html = pages[slug];
  if (!html) throw new Error(`no page built for ${slug}\n${buildOutput.slice(-2000)}`);
  const h1 = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? '';
  // Tags become spaces in htmlToText; none of these texts has spaces of its own.
  const text = (fragment: string) => htmlToText(fragment).replace(/\s+/g, '');
  const paragraphs = [...html.matchAll(/<p id="p-\d+"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => text(m[1]!));
  return { headline: text(h1), body: paragraphs.join('\n') };
}

describe('text edge cases build and render', () => {
  it('builds a page for every case', () => {
    expect(Object.keys(pages).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each([
    ['edge-crlf', 'CRLF行尾', '第一段。\n第二段。'],
    ['edge-bom', '带字节序标记', '正文有BOM。'],
    ['edge-ext-b', '𠮷野家开业', '𠮷字属中日韩统一表意文字扩展B区，𠀀𪚥也是。'],
    ['edge-emoji', '表情符号👍', '点赞👍🏽，一家人👨‍👩‍👧，国旗🇨🇳。'],
    ['edge-fullwidth', '２０２２年ＡＢＣ', '全角数字１２３与全角字母ＸＹＺ照原样保留。'],
    ['edge-one-char', '雪', '一字标题。'],
  ])('%s: headline %s and body as written', (slug, headline, body) => {
    const s = story(slug);
    expect(s.headline).toBe(headline);
    expect(s.body).toBe(body);
    expect(pages[slug]).not.toContain('\uFFFD');
    expect(pages[slug]).not.toContain('\r');
  });

  it('reads frontmatter after a BOM instead of printing it', () => {
    expect(pages['edge-bom']).not.toMatch(/edition: 2022-09-01|---/);
    expect(pages['edge-bom']).not.toContain('\uFEFF');
  });

  it('shows NFD and NFC forms of a character the same way', () => {
    const s = story('edge-nfd');
    expect(s.headline.normalize('NFC')).toBe('Café与咖啡');
    expect(s.body.normalize('NFC')).toBe('Café（NFD）与Café（NFC）同字。');
  });

  it('keeps the words around zero-width characters', () => {
    const s = story('edge-zero-width');
    expect(s.headline.replace(ZERO_WIDTH, '')).toBe('零宽');
    expect(s.body.replace(ZERO_WIDTH, '')).toBe('零宽字符测试。');
  });

  it('renders a 200,000-character article whole', () => {
    const { body } = story('edge-long');
    expect(body.replace(/\n/g, '').length).toBe(200 * LONG_PARAGRAPH.length + '最后一段'.length);
    expect(body.split('\n')).toHaveLength(200);
    expect(body).toContain('最后一段');
  });

  it('renders an article with an empty body', () => {
    const s = story('edge-empty-body');
    expect(s.headline).toBe('无正文');
    expect(s.body).toBe('');
  });

  it('lists 200 tags on the article, each with its page', () => {
    const html = pages['edge-200-tags']!;
    for (const tag of TAGS) expect(html).toContain(`>${tag}<`);
    const tagPages = readdirSync(path.join(outDir, 'tags'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('index.html'));
    expect(tagPages.length).toBeGreaterThan(200);
  });
});
