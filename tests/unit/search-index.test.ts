import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addPreloads, buildSearchIndex, cachedSearchIndex, cacheTag, staticImports, withoutPreloads } from '~/integrations/search-index';
import { roundCount } from '~/integrations/pagefind-bundle';
import { encodeSplitWords, pageNumber, partSearches, partWord, readSplitIndex, sequenceFile, sequenceName } from '~/lib/bundle-names';
import { bundleFiles } from './fixtures/bundle-files';
import { readMeta, unpack } from '../support/pagefind-files';

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
    const meta = readMeta(readFileSync(path.join(out, readdirSync(out).find((f) => f.endsWith('.pf_meta'))!))) as unknown as [string, [string, number, string][], unknown[], unknown[], unknown[], string[]];
    const { folder } = JSON.parse(readFileSync(path.join(out, 'pagefind-entry.json'), 'utf8')) as { folder: string };
    const urls = meta[1].map(([id]) => (JSON.parse(Buffer.from(unpack(readFileSync(path.join(out, 'fragment', sequenceFile(folder, id) + '.pf_fragment')))).toString()) as { url: string }).url);
    expect(urls).toEqual(['/2021/01/02/a/', '/2022/12/31/b/', '/2023/05/01/c/']);
    expect(meta[1].map(([id]) => pageNumber(id))).toEqual([0, 1, 2]);
    expect(meta[4]).toEqual([]);
    expect(meta[5]).toEqual(['text', 'title']);
  });

  it('with a cache, runs `beforeWrite` (the build collects garbage there) only when the index is written, not when it is reused', async () => {
    const files = ['2021/01/02/a', '2022/12/31/b', '2023/05/01/c'].map((rel) => path.join(site, rel, 'index.html'));
    const cacheDir = path.join(site, '.cache');
    let calls = 0;
    const run = () => cachedSearchIndex(site, { base: '/', files, root: process.cwd(), cacheDir, beforeWrite: () => void calls++ });
    expect((await run()).reused).toBe(false);
    expect(calls).toBe(1);
    expect((await run()).reused).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('an index written again after an edit', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'search-edit-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const rels = Array.from({ length: 12 }, (_, i) => `2022/0${1 + (i % 9)}/1${i % 10}/p${i}`);
  const write = (rel: string, title: string, body: string): void => {
    mkdirSync(path.join(root, 'site', rel), { recursive: true });
    // A new file in its place, as a page rendered again is.
    const file = path.join(root, 'site', rel, 'index.html');
    writeFileSync(`${file}.tmp`, `<html lang="zh-CN"><body><article data-pagefind-body><h1 data-pagefind-meta="title">${title}</h1><p>${body}</p><span hidden data-pagefind-filter="年份">2022年</span></article></body></html>`);
    renameSync(`${file}.tmp`, file);
  };
  rels.forEach((rel, i) => write(rel, `第${i}篇`, `经开区第${i}篇报道，专精特新企业达${125 + i}家。`.repeat(1 + i)));
  const site = path.join(root, 'site');
  const files = rels.map((rel) => path.join(site, rel, 'index.html'));
  const cacheDir = path.join(root, 'cache');
  const run = () => cachedSearchIndex(site, { base: '/', files, root: process.cwd(), cacheDir });
  const fresh = async (): Promise<Map<string, string>> => {
    const out = path.join(root, 'fresh');
    await buildSearchIndex(site, { outputPath: out, files });
    return bundleFiles(out);
  };

  it('reads only the pages that changed, and writes what an index from every page holds', async () => {
    let collections = 0;
    const counted = () => cachedSearchIndex(site, { base: '/', files, root: process.cwd(), cacheDir, beforeWrite: () => void collections++ });
    expect((await counted()).pagesRead).toBe(12);
    expect(collections).toBe(1);
    write(rels[4]!, '改过的标题', '新写的一段话，螺蛳粉与联东U谷。');
    write(rels[9]!, '第9篇', '短了。');
    const again = await counted();
    expect(again.reused).toBe(false);
    expect(again.pagesRead).toBe(2);
    // Written from the kept words: no full garbage collection first (`beforeWrite`).
    expect(collections).toBe(1);
    expect(bundleFiles(path.join(site, 'pagefind'))).toEqual(await fresh());
    expect((await run()).reused).toBe(true);
  });

  it('written by other code, is written from every page, hashed as they are read, and keeps what the next build needs', async () => {
    await run();
    const manifest = path.join(cacheDir, 'search-index', 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), code: 'another writer' }));
    const again = await run();
    expect(again.reused).toBe(false);
    expect(again.pagesRead).toBe(12);
    expect(bundleFiles(path.join(site, 'pagefind'))).toEqual(await fresh());
    // The page hashes taken while writing key the index as the next build computes it…
    expect((await run()).reused).toBe(true);
    // …and the kept words carry them: an edit reads one page.
    write(rels[5]!, '第5篇', '又改了一句，经开区。');
    expect((await run()).pagesRead).toBe(1);
    expect(bundleFiles(path.join(site, 'pagefind'))).toEqual(await fresh());
  });

  it('reads every page when the kept words cannot serve: a page left with nothing to index, or a damaged file of them', async () => {
    await run();
    write(rels[2]!, '', '。');
    const emptied = await run();
    expect(emptied.pagesRead).toBe(12);
    expect(emptied.pages).toBe(11);
    expect(bundleFiles(path.join(site, 'pagefind'))).toEqual(await fresh());
    const kept = path.join(cacheDir, 'search-index', 'tokens.bin');
    writeFileSync(kept, readFileSync(kept).subarray(0, 1000));
    write(rels[3]!, '第3篇', '又改了一次。');
    expect((await run()).pagesRead).toBe(12);
    expect(bundleFiles(path.join(site, 'pagefind'))).toEqual(await fresh());
  });
});

describe('bundle names and counts', () => {
  it.each([0, 1, 35, 36, 9999, 123456])('page %i round-trips through its sequence name', (n) => {
    expect(pageNumber(sequenceName(n))).toBe(n);
  });

  it('reads no page number from a content-hash name', () => {
    expect(pageNumber('und_abcdef0')).toBeNaN();
    expect(pageNumber('und_abcdef0/2s')).toBeNaN();
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

describe('split words (BundleOptions.split)', () => {
  it('names parts with one width of base-36 digits, so they sort in part order right after the word', () => {
    expect(partWord('afgbafgc', 0, 1)).toBe('afgbafgc0');
    expect(partWord('afgbafgc', 9, 10)).toBe('afgbafgc9');
    expect(partWord('afgbafgc', 3, 37)).toBe('afgbafgc03');
    const parts = Array.from({ length: 98 }, (_, i) => partWord('afgbafgc', i, 98));
    expect(parts.toSorted()).toEqual(parts);
    // Between the word and the next word of the index (codes start with a letter a–x, parts with a digit).
    expect(parts.every((p) => p > 'afgbafgc' && p < 'afgbafgca000' && p < 'afgbafgd')).toBe(true);
  });

  it('searches each part of a quoted search holding a split word, and leaves other searches alone', () => {
    const split = { words: new Map([['aaaaaaab', 4], ['aaabaaac', 2]]) };
    expect(partSearches('"aaaaaaab"', split)).toEqual(['"aaaaaaab0"', '"aaaaaaab1"', '"aaaaaaab2"', '"aaaaaaab3"']);
    // A phrase is searched in the parts of its most finely split word; the others' parts nest in them.
    expect(partSearches('"aaaaaaab aaabaaac aaacaaad"', split)).toEqual([
      '"aaaaaaab0 aaabaaac0 aaacaaad"',
      '"aaaaaaab1 aaabaaac0 aaacaaad"',
      '"aaaaaaab2 aaabaaac1 aaacaaad"',
      '"aaaaaaab3 aaabaaac1 aaacaaad"',
    ]);
    expect(partSearches('"aaacaaad aaabaaac"', split)).toEqual(['"aaacaaad aaabaaac0"', '"aaacaaad aaabaaac1"']);
    expect(partSearches('"aaacaaad aaadaaae"', split)).toEqual(['"aaacaaad aaadaaae"']);
    // A one-letter search is a prefix search: the parts are extensions of the letter like the word.
    expect(partSearches('aaaa', split)).toEqual(['aaaa']);
    expect(partSearches('"aaaaaaab"', undefined)).toEqual(['"aaaaaaab"']);
  });

  it('nests the parts of words split in different powers of two, so that each page is searched in exactly one search', () => {
    // Part k of a word in `parts` parts: the pages p with floor(p × parts / pages) = k (the writer's rule).
    const pages = 1000;
    for (const [a, b] of [[2, 8], [4, 4], [16, 2], [64, 128]] as const) {
      const searches = partSearches('"aaaaaaab aaabaaac"', { words: new Map([['aaaaaaab', a], ['aaabaaac', b]]) });
      for (let p = 0; p < pages; p++) {
        const holding = `"${partWord('aaaaaaab', Math.floor((p * a) / pages), a)} ${partWord('aaabaaac', Math.floor((p * b) / pages), b)}"`;
        expect(searches.filter((q) => q === holding)).toHaveLength(1);
      }
    }
  });

  it("round-trips the split words through the entry file's text, and refuses what is not a two-letter word or a power of two", () => {
    const words: [string, number][] = [['a01ca01c', 2], ['afgbafgc', 16], ['x0zzb123', 2 ** 35]];
    expect(encodeSplitWords(words)).toBe('a01ca01c1afgbafgc4x0zzb123z');
    expect(readSplitIndex(encodeSplitWords(words))).toEqual({ words: new Map(words) });
    expect(readSplitIndex('')).toBeUndefined();
    expect(readSplitIndex(undefined)).toBeUndefined();
    expect(() => encodeSplitWords([['afgb', 2]])).toThrow(/two-letter/);
    expect(() => encodeSplitWords([['AFGBafgc', 2]])).toThrow(/two-letter/);
    expect(() => encodeSplitWords([['afgbafgc', 6]])).toThrow(/power of two/);
    expect(() => encodeSplitWords([['afgbafgc', 1]])).toThrow(/power of two/);
  });
});

describe('preloads of the search page', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'search-preloads-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  // The shapes Rolldown writes: minified static imports, a bare import, a dynamic import.
  file('_astro/page.js', 'import{a as e}from"./text.js";import"./style-helper.js";const t=()=>import("./table.js");e(t);');
  file('_astro/text.js', 'import{b}from"./deep/fold.js";export const a=b;');
  file('_astro/deep/fold.js', 'export const b=1;');
  file('_astro/style-helper.js', 'import{a}from"./text.js";a;');
  file('_astro/table.js', 'export default {};');
  const html = '<html><head><script type="module" src="/_astro/page.js"></script></head><body><archive-search data-bundle="/pagefind/"></archive-search></body></html>';

  it('lists the static imports of the page\'s module scripts, transitively, once each, and not the dynamic ones', async () => {
    expect((await staticImports(root, html, '/')).sort()).toEqual(['/_astro/deep/fold.js', '/_astro/style-helper.js', '/_astro/text.js']);
  });

  it('finds them under a base path', async () => {
    const based = html.replace('"/_astro/page.js"', '"/archive/_astro/page.js"');
    expect((await staticImports(root, based, '/archive/')).sort()).toEqual(['/archive/_astro/deep/fold.js', '/archive/_astro/style-helper.js', '/archive/_astro/text.js']);
  });

  const smallEntry = JSON.stringify({ version: '1.6.0', languages: { und: { hash: 'und_0123abcd89', wasm: null, page_count: 3 } }, split_words: 'x</script>' });
  /** An entry file too large to ride in the page: it is fetched, and preloaded. */
  const largeEntry = JSON.stringify({ ...JSON.parse(smallEntry), split_words: 'a'.repeat(5000) });

  it('gives the element the cache tag that fixes the entry file\'s URL, and preloads that URL and the wasm of its version', async () => {
    file('search/index.html', html);
    const page = path.join(root, 'search/index.html');
    const meta = 'pagefind.und_0123abcd89.pf_meta';
    expect(cacheTag(meta)).toBe('und_0123abcd89');
    expect(await addPreloads(page, '/pagefind/', meta, largeEntry)).toBe(true);
    // A second run (the benchmark re-tags a page) replaces the tag instead of adding another.
    expect(await addPreloads(page, '/pagefind/', meta, largeEntry)).toBe(true);
    const out = readFileSync(page, 'utf8');
    expect(out.match(/data-cache-tag="und_0123abcd89"/g)).toHaveLength(1);
    expect(out).toContain('<link rel="preload" href="/pagefind/pagefind-entry.json?ts=und_0123abcd89" as="fetch" crossorigin>');
    expect(out).toContain('<link rel="preload" href="/pagefind/wasm.unknown.pagefind?v=1.6.0" as="fetch" crossorigin>');
    expect(out).toContain('<link rel="modulepreload" href="/_astro/text.js">');
    // What the benchmarks strip before giving the page another bundle: every link added, nothing else.
    expect(withoutPreloads(out)).toBe(out.replace(/<link rel="(?:module)?preload"[^>]*>/g, ''));
    expect(withoutPreloads(out)).toContain('<script type="module" src="/_astro/page.js">');
  });

  it('keeps the search page one size when the entry file is large: only the cache tag changes', async () => {
    file('search/index.html', html.replace('<archive-search ', '<archive-search data-cache-tag="und_old" '));
    const page = path.join(root, 'search/index.html');
    expect(await addPreloads(page, '/pagefind/', 'pagefind.und_0123abcd89.pf_meta', largeEntry)).toBe(true);
    expect(readFileSync(page, 'utf8').match(/<archive-search [^>]*>/g)).toEqual(['<archive-search data-cache-tag="und_0123abcd89" data-bundle="/pagefind/">']);
  });

  it('puts a small entry file in the page instead of preloading it, once, and leaves a large one to be fetched', async () => {
    file('search/index.html', html);
    const page = path.join(root, 'search/index.html');
    const meta = 'pagefind.und_0123abcd89.pf_meta';
    const entry = smallEntry;
    expect(await addPreloads(page, '/pagefind/', meta, entry)).toBe(true);
    expect(await addPreloads(page, '/pagefind/', meta, entry)).toBe(true);
    const out = readFileSync(page, 'utf8');
    const carried = [...out.matchAll(/<script type="application\/json" id="archive-pagefind-entry">([^<]*)<\/script>/g)].map((m) => m[1]!);
    expect(carried).toHaveLength(1);
    expect(JSON.parse(carried[0]!)).toEqual(JSON.parse(entry));
    expect(out).not.toContain('pagefind-entry.json');
    expect(withoutPreloads(out)).not.toContain('archive-pagefind-entry');
    // Past 4 kB, the page stays its size: the entry file is fetched (and preloaded).
    expect(await addPreloads(page, '/pagefind/', meta, largeEntry)).toBe(true);
    const again = readFileSync(page, 'utf8');
    expect(again).not.toContain('archive-pagefind-entry');
    expect(again).toContain('<link rel="preload" href="/pagefind/pagefind-entry.json?ts=und_0123abcd89" as="fetch" crossorigin>');
  });

  it('refuses a page without the search element', async () => {
    file('other/index.html', '<html><head></head><body></body></html>');
    expect(await addPreloads(path.join(root, 'other/index.html'), '/pagefind/', 'pagefind.und_0.pf_meta', smallEntry)).toBe(false);
  });
});
