/**
 * No listing grows with the archive: a real build of a generated archive, large enough that a
 * kind and the busiest tags need more than one page, splits them into pages linked in order,
 * loses no article, and keeps every page within the size budgets. Extra tags under one letter
 * (甲0 … 甲249, `jia-…`) make the tags directory need more than one page for that letter and more
 * tags than the index shows. The same build is large enough
 * that a common letter's index words fill several chunks: a one-letter search must still find
 * every article holding the letter.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuild } from '../support/astro-build';
import { readMeta, unpack } from '../support/pagefind-files';
import { launchBrowser } from './support/browser';
import { serveStatic } from './support/server';
import { splitVariant } from './support/split-index';
import { partSearches, readSplitIndex, sequenceFile } from '~/lib/bundle-names';
import { isArticlePageFile } from '~/lib/paths';
import { readPageRecord } from '~/lib/search-record';
import { foldText, prepareQuery } from '~/lib/search-text';
import { decodeCbor } from '~/lib/cbor';
import { generateArchive } from '../../scripts/bench/generate-archive';
import { checkBudgets } from '../../scripts/bench/size-budget';
import { LISTING_PAGE_SIZE } from '~/lib/listing';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'listing-pagination-'));
const outDir = path.join(scratch, 'site');
let newsArticles = 0;
/** The extra tags, all filed under J, added two an article to the generated ones. */
const EXTRA_TAGS = 250;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  const archive = generateArchive({ articles: 160, outDir: path.join(scratch, 'content'), seed: 3 });
  newsArticles = archive.articlePaths.filter((f) => /^kind: news$/m.test(readFileSync(path.join(archive.root, f), 'utf8'))).length;
  archive.articlePaths.slice(0, EXTRA_TAGS / 2).forEach((f, i) => {
    const file = path.join(archive.root, f);
    const text = readFileSync(file, 'utf8');
    const tagged = text.replace(/^tags: \[(.*)\]$/m, (_, list: string) => `tags: [${[list, `'甲${2 * i}'`, `'甲${2 * i + 1}'`].filter(Boolean).join(', ')}]`);
    if (tagged === text) throw new Error(`${f}: no tags line to extend`);
    writeFileSync(file, tagged);
  });
  const { code, output } = await startBuild(outDir, { CONTENT_ROOT: archive.root, ASTRO_CACHE_DIR: path.join(scratch, 'cache') }).done;
  if (code !== 0) throw new Error(`build of the generated archive failed:\n${output.slice(-3000)}`);
}, 600_000);

const html = (rel: string) => readFileSync(path.join(outDir, rel, 'index.html'), 'utf8');
const cards = (page: string) => (page.match(/<article class="card/g) ?? []).length;

describe('paginated listings', () => {
  it('splits a kind into pages of at most the page size, linked in order, losing no article', () => {
    expect(newsArticles).toBeGreaterThan(LISTING_PAGE_SIZE.articles); // otherwise this test proves nothing
    const pages = ['kinds/news', ...Array.from({ length: 10 }, (_, i) => `kinds/news/${i + 2}`)].filter((p) => existsSync(path.join(outDir, p)));
    expect(pages.length).toBe(Math.ceil(newsArticles / LISTING_PAGE_SIZE.articles));
    expect(cards(html(pages[0]!))).toBe(LISTING_PAGE_SIZE.articles);
    expect(pages.reduce((n, p) => n + cards(html(p)), 0)).toBe(newsArticles);
    expect(html('kinds/news')).toMatch(/<a href="\/kinds\/news\/2\/" rel="next"[^>]*>下一页<\/a>/);
    expect(html('kinds/news/2')).toMatch(/<a href="\/kinds\/news\/" rel="prev"[^>]*>上一页<\/a>/);
  });

  it('keeps every page of the generated archive within its size budget', () => {
    const { pages, violations } = checkBudgets(outDir);
    expect(pages.filter((p) => p.type === 'article')).toHaveLength(160);
    expect(violations).toEqual([]);
    expect(readdirSync(path.join(outDir, 'tags')).length).toBeGreaterThan(10);
  });
});

describe('the tags directory', () => {
  /** A tag as a listing links it: its page, its name, its count. */
  const tagLinks = (page: string) => [...(/<ul class="tags"[^>]*>(.*?)<\/ul>/s.exec(page)?.[1] ?? '').matchAll(/<a href="(\/tags\/[^"]+\/)"[^>]*>([^<]+)<\/a> <span[^>]*>(\d+)(?: 篇)?<\/span>/g)].map(([, href, name, count]) => ({ href: href!, name: name!, count: Number(count) }));
  const letters = (page: string) => [...(/<nav class="initials"[^>]*>(.*?)<\/nav>/s.exec(page)?.[1] ?? '').matchAll(/<a href="(\/tags\/initial\/[^"]+\/)"[^>]*>([^<]+)<\/a>\s*<span class="count"[^>]*>(\d+)<\/span>/g)].map(([, href, label, count]) => ({ href: href!, label: label!, count: Number(count) }));
  const dir = (href: string) => href.replace(/^\/|\/$/g, '');
  /** Every page of a letter, followed through its 下一页 links from the first. */
  const letterPages = (href: string) => {
    const pages = [dir(href)];
    for (let next; (next = /<a href="([^"]+)" rel="next"/.exec(html(pages.at(-1)!))?.[1]); ) pages.push(dir(next));
    return pages;
  };
  // Every tag page built (its first page), by path.
  const tagPages = () => readdirSync(path.join(outDir, 'tags')).filter((d) => d !== 'initial' && existsSync(path.join(outDir, 'tags', d, 'index.html'))).map((d) => `/tags/${d}/`);

  it('reaches every tag from exactly one letter, in pages of at most the page size linked both ways', () => {
    const index = letters(html('tags'));
    expect(index.length).toBeGreaterThan(10); // the letters are there
    const seen = new Map<string, string>();
    let paginated = 0;
    for (const letter of index) {
      const pages = letterPages(letter.href);
      if (pages.length > 1) paginated++;
      pages.forEach((p, i) => {
        if (i > 0) expect(html(p)).toContain(`<a href="/${pages[i - 1]}/" rel="prev"`);
        expect(letters(html(p))).toEqual(index); // the same letter navigation on every page
      });
      const tags = pages.flatMap((p) => tagLinks(html(p)));
      const sizes = pages.map((p) => tagLinks(html(p)).length);
      expect(sizes.slice(0, -1).every((n) => n === LISTING_PAGE_SIZE.tags)).toBe(true);
      expect(sizes.at(-1)!).toBeGreaterThan(0);
      expect(sizes.at(-1)!).toBeLessThanOrEqual(LISTING_PAGE_SIZE.tags);
      expect(tags.length).toBe(letter.count);
      // Chinese collation order across the pages.
      expect(tags.map((t) => t.name)).toEqual(tags.map((t) => t.name).toSorted((a, b) => a.localeCompare(b, 'zh-CN')));
      for (const t of tags) {
        expect(seen.get(t.href), `${t.name} under two letters`).toBeUndefined();
        seen.set(t.href, letter.label);
        const slug = dir(t.href).split('/')[1]!;
        expect(letter.label === '其他' ? !/^[a-z]/.test(slug) : slug.startsWith(letter.label.toLowerCase())).toBe(true);
      }
    }
    expect(paginated).toBeGreaterThan(0); // otherwise the pagination is untested
    expect([...seen.keys()].sort()).toEqual(tagPages().sort());
  });

  it('shows the most used tags on the index, however many there are', () => {
    const all = letters(html('tags')).flatMap((l) => letterPages(l.href).flatMap((p) => tagLinks(html(p))));
    expect(all.length).toBeGreaterThan(LISTING_PAGE_SIZE.topTags + EXTRA_TAGS / 2); // otherwise this test proves nothing
    const top = tagLinks(html('tags'));
    expect(top).toHaveLength(LISTING_PAGE_SIZE.topTags);
    const counts = new Map(all.map((t) => [t.href, t.count]));
    for (const t of top) expect(t.count).toBe(counts.get(t.href));
    expect(top.map((t) => t.count)).toEqual(top.map((t) => t.count).toSorted((a, b) => b - a));
    const shown = new Set(top.map((t) => t.href));
    expect(Math.max(...all.filter((t) => !shown.has(t.href)).map((t) => t.count))).toBeLessThanOrEqual(top.at(-1)!.count);
    expect(html('tags')).toContain(`档案中共有 ${all.length} 个标签`);
    // Each count is the number of articles on the tag's own pages.
    const busiest = top[0]!;
    const own = [dir(busiest.href), ...Array.from({ length: 10 }, (_, i) => `${dir(busiest.href)}/${i + 2}`)].filter((p) => existsSync(path.join(outDir, p)));
    expect(own.reduce((n, p) => n + cards(html(p)), 0)).toBe(busiest.count);
  });
});

describe('one-letter search over several index chunks', () => {
  it('finds every article holding the letter, however many chunks its words fill', async () => {
    const bundle = path.join(outDir, 'pagefind');
    const listed = readdirSync(bundle).find((f) => /^prefix-chunks\..+\.json$/.test(f))!;
    const prefixChunks = JSON.parse(readFileSync(path.join(bundle, listed), 'utf8')) as Record<string, string[]>;
    // The article pages' searchable text, as the index read it.
    const articles = (readdirSync(outDir, { recursive: true }) as string[]).filter(isArticlePageFile);
    const texts = articles.map((f) => {
      const record = readPageRecord(readFileSync(path.join(outDir, f), 'utf8'))!;
      return foldText(`${record.text} ${record.meta.title ?? ''}`);
    });
    // The index's chunks, decoded: for each spanning letter, the pages its first chunk alone
    // would give (what Pagefind finds without the later chunks) and the pages of all of them.
    const meta = readMeta(readFileSync(path.join(bundle, readdirSync(bundle).find((f) => f.endsWith('.pf_meta'))!))) as unknown as [string, unknown, [string, string, string][]];
    // The chunks' files are in the folder the entry file names (src/lib/bundle-names.ts).
    const { folder } = JSON.parse(readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8')) as { folder: string };
    const words = meta[2].map(([, , hash]) => (decodeCbor(unpack(readFileSync(path.join(bundle, 'index', sequenceFile(folder, hash) + '.pf_index')))) as [[string, [number][]][]])[0]);
    const pagesOf = (chunk: [string, [number][]][], code: string): Set<number> => {
      const out = new Set<number>();
      for (const [word, pages] of chunk) if (word.startsWith(code)) pages.reduce((page, [delta]) => (out.add(page + delta), page + delta), 0);
      return out;
    };
    const missed = Object.keys(prefixChunks).map((code) => {
      const chunks = words.filter((chunk) => chunk.some(([w]) => w.startsWith(code)));
      const all = new Set(chunks.flatMap((c) => [...pagesOf(c, code)]));
      return { code, missed: all.size - pagesOf(chunks[0]!, code).size };
    });
    // The letters the first chunk alone would find least completely, and one held in a single chunk.
    const letters = [...new Set(texts.join('').match(/\p{Script=Han}/gu))];
    const byCode = new Map(letters.map((l) => [prepareQuery(l).searches[0]!, l]));
    const spanning = missed.sort((a, b) => b.missed - a.missed).slice(0, 3).map(({ code }) => byCode.get(code)!);
    // Otherwise this test proves nothing: without the later chunks these letters would lose pages.
    expect(missed[0]!.missed).toBeGreaterThan(0);
    expect(spanning.length).toBe(3);
    const single = letters.find((l) => !prefixChunks[prepareQuery(l).searches[0]!] && texts.filter((t) => t.includes(l)).length > 3)!;
    const [browser, server] = await Promise.all([launchBrowser(), serveStatic(outDir)]);
    try {
      const page = await browser.newPage();
      for (const letter of [...spanning, single]) {
        await page.goto(`${server.url}/search/?q=${encodeURIComponent(letter)}`);
        await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
        const found = Number(await page.locator('archive-search').getAttribute('data-found'));
        expect({ letter, found }).toEqual({ letter, found: texts.filter((t) => t.includes(letter)).length });
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});

describe('the next page of search results', () => {
  it('says the index did not load when it fails, after the page loads itself once more', async () => {
    // The letter in the most articles: more results than a page of the search shows.
    const texts = (readdirSync(outDir, { recursive: true }) as string[]).filter(isArticlePageFile).map((f) => foldText(readPageRecord(readFileSync(path.join(outDir, f), 'utf8'))!.text));
    const counts = new Map<string, number>();
    for (const text of texts) for (const l of new Set(text.match(/\p{Script=Han}/gu))) counts.set(l, (counts.get(l) ?? 0) + 1);
    const [many, articles] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(articles).toBeGreaterThan(40);
    const [browser, server] = await Promise.all([launchBrowser(), serveStatic(outDir)]);
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(many)}`);
      await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
      expect(await page.locator('.results li').count()).toBe(20);
      // The next page's text fails to load (the index replaced by a deploy, say).
      const loads: string[] = [];
      page.on('request', (r) => r.isNavigationRequest() && loads.push(r.url()));
      await page.route('**/*.pf_fragment', (route) => route.fulfill({ status: 404, body: '' }));
      await page.click('[data-more]');
      await expect.poll(() => page.locator('[data-status]').textContent().catch(() => ''), { timeout: 20_000 }).toContain('搜索索引未能加载');
      expect(loads.map((u) => new URL(u).searchParams.has('reloaded'))).toEqual([true]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});

describe('a common word in parts, on a larger archive', () => {
  it('shows the same pages of results as an index without parts, the next pages included', async () => {
    // Words on more than 30 of the 160 articles, in parts of about 8 of their pages: the first
    // page of results comes from the newest parts, the next ones search the others as they go.
    const files = (readdirSync(outDir, { recursive: true }) as string[]).filter(isArticlePageFile).sort().map((f) => path.join(outDir, f));
    const texts = files.map((f) => foldText(readPageRecord(readFileSync(f, 'utf8'))!.text));
    const counts = new Map<string, number>();
    for (const text of texts) for (const w of new Set([...text.matchAll(/(?=(\p{Script=Han}{2}))/gu)].map((m) => m[1]!))) counts.set(w, (counts.get(w) ?? 0) + 1);
    const words = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([w]) => w);
    expect(counts.get(words[2]!)).toBeGreaterThan(60);
    const work = path.join(scratch, 'split');
    // One after the other: the writer shares Pagefind's service between calls.
    const plain = await splitVariant(outDir, files, work, 'plain', undefined, true);
    const split = await splitVariant(outDir, files, work, 'split', { pages: 30, range: 8 }, false);
    const browser = await launchBrowser();
    // Each in several parts in the one index, whole in the other.
    const entry = (bundle: string): { split_words?: string } => JSON.parse(readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8'));
    const parts = (bundle: string, word: string) => partSearches(prepareQuery(word).searches[0]!, readSplitIndex(entry(bundle).split_words)).length;
    expect(words.map((w) => parts(split.bundle, w) > 2 && parts(plain.bundle, w) === 1)).toEqual([true, true, true]);
    try {
      const shown = async (url: string, word: string) => {
        const page = await browser.newPage();
        await page.goto(`${url}/search/?q=${encodeURIComponent(word)}`);
        await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
        const state = () =>
          page.evaluate(() => ({
            paths: [...document.querySelectorAll<HTMLAnchorElement>('.results .r-title')].map((a) => a.pathname),
            found: (document.querySelector('archive-search') as HTMLElement).dataset.found,
            status: document.querySelector('[data-status]')!.textContent,
            more: !document.querySelector<HTMLButtonElement>('[data-more]')!.hidden,
          }));
        const pages = [await state()];
        // The next two pages of results ("显示更多结果").
        for (let i = 0; i < 2 && pages.at(-1)!.more; i++) {
          const before = pages.at(-1)!.paths.length;
          await page.click('[data-more]');
          await page.waitForFunction((n) => document.querySelectorAll('.results li').length > n, before);
          pages.push(await state());
        }
        await page.close();
        return pages;
      };
      // The three words, and two of them together (two runs, each in parts).
      for (const word of [...words, `${words[0]} ${words[1]}`]) {
        const [a, b] = [await shown(plain.server.url, word), await shown(split.server.url, word)];
        expect(b).toEqual(a);
        // The status line gives the number of articles holding the query, once it is known.
        const holding = texts.filter((t) => word.split(' ').every((w) => t.includes(w))).length;
        expect(a[0]!.status).toContain(`找到 ${holding} 篇`);
        // More than a page of results: the next pages come from parts searched on the way.
        expect(a[1]!.paths.length).toBeGreaterThan(20);
        if (!word.includes(' ')) expect(a[2]!.paths.length).toBe(60);
      }
    } finally {
      await browser.close();
      await plain.server.close();
      await split.server.close();
    }
  }, 180_000);
});
