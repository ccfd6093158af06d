import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSearchIndex } from '~/integrations/search-index';
import { roundCount } from '~/integrations/pagefind-bundle';
import { pageNumber, sequenceName } from '~/lib/bundle-names';
import { decodeCbor } from '~/lib/cbor';

const site = mkdtempSync(path.join(os.tmpdir(), 'search-index-'));
afterAll(() => rmSync(site, { recursive: true, force: true }));

function page(rel: string, title: string, body: string): void {
  mkdirSync(path.join(site, rel), { recursive: true });
  const html = `<!doctype html><html lang="zh-CN"><head><title>${title}</title><style>p{}</style></head><body><nav>导航</nav><article data-pagefind-body><h1 data-pagefind-meta="title">${title}</h1><p>${body}</p><span hidden data-pagefind-filter="年份">${rel.slice(0, 4)}年</span></article></body></html>`;
  writeFileSync(path.join(site, rel, 'index.html'), html);
}

describe('buildSearchIndex', () => {
  // Written newest first: the index must still number them oldest first.
  page('2023/05/01/c', '丙文', '第三篇。');
  page('2021/01/02/a', '甲文', '第一篇，专精特新。');
  page('2022/12/31/b', '乙文', '第二篇。');
  page('editions', '往期', '没有正文标记的页面不进索引');
  rmSync(path.join(site, 'editions/index.html'));
  writeFileSync(path.join(site, 'editions.html'), '<html><body><p>不索引</p></body></html>');

  it('numbers pages in date (path) order, names them by number, and writes no sort list', async () => {
    const out = path.join(site, 'pagefind');
    const stats = await buildSearchIndex(site, { outputPath: out });
    expect(stats.pages).toBe(3);
    const meta = decodeCbor(gunzipSync(readFileSync(path.join(out, readdirSync(out).find((f) => f.endsWith('.pf_meta'))!))).subarray(12)) as [string, [string, number, string][], unknown[], unknown[], unknown[], string[]];
    const urls = meta[1].map(([id]) => (JSON.parse(gunzipSync(readFileSync(path.join(out, 'fragment', `${id}.pf_fragment`))).subarray(12).toString()) as { url: string }).url);
    expect(urls).toEqual(['/2021/01/02/a/', '/2022/12/31/b/', '/2023/05/01/c/']);
    expect(meta[1].map(([id]) => pageNumber(id))).toEqual([0, 1, 2]);
    expect(meta[4]).toEqual([]);
    expect(meta[5]).toEqual(['text', 'title']);
  });
});

describe('bundle names and counts', () => {
  it.each([0, 1, 35, 36, 9999, 123456])('page %i round-trips through its sequence name', (n) => {
    expect(pageNumber(sequenceName('und_abcdef0', n))).toBe(n);
  });

  it('reads no page number from a content-hash name', () => {
    expect(pageNumber('und_abcdef0')).toBeNaN();
  });

  it.each([
    [0, 1],
    [1, 1],
    [7, 7],
    [1811, 1792],
    [2500, 2560],
  ])('rounds a word count of %i to %i (three significant bits)', (n, rounded) => {
    expect(roundCount(n)).toBe(rounded);
  });
});
