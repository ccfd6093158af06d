/**
 * Very common words are written into the index as parts, one per range of pages
 * (`BundleOptions.split`), and the search page searches each part. This must change nothing a
 * reader sees: for every query, the same results in the same order as an index without parts,
 * run through the search page's own element in Chromium. The seed edition is small, so the
 * index here splits every two-letter word found on more than one page, into parts of about one
 * of its pages each (2, 4 or 8 parts); the site's own index splits words on more than 4,096
 * pages into parts of about 1,024.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launchBrowser } from './support/browser';
import type { StaticServer } from './support/server';
import { splitVariant } from './support/split-index';
import { random } from './support/random';
import { encodeSplitWords, readSplitIndex } from '~/lib/bundle-names';
import { readPageRecord } from '~/lib/search-record';
import { isArticlePageFile } from '~/lib/paths';
import { prepareQuery, wordLetters } from '~/lib/search-text';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'search-split-'));
const articleFiles = (readdirSync(DIST, { recursive: true }) as string[])
  .filter(isArticlePageFile)
  .sort()
  .map((f) => path.join(DIST, f));

interface Variant {
  server: StaticServer;
  page: Page;
}

let browser: Browser;
const variants: Record<'plain' | 'split', Variant> = {} as never;
let splitWords: string[] = [];
let splitText = '';

beforeAll(async () => {
  expect(articleFiles.length).toBeGreaterThan(3);
  browser = await launchBrowser();
  // The entry file fetched by the one, carried by the search page of the other (with the split words).
  const plain = await splitVariant(DIST, articleFiles, scratch, 'plain', undefined, false);
  const split = await splitVariant(DIST, articleFiles, scratch, 'split', { pages: 1, range: 1 }, true);
  const entry = (bundle: string): { split_words?: string } => JSON.parse(readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8'));
  expect(entry(plain.bundle)).not.toHaveProperty('split_words');
  splitText = entry(split.bundle).split_words!;
  const words = [...readSplitIndex(splitText)!.words];
  expect(encodeSplitWords(words)).toBe(splitText);
  // Words in two, four and eight parts: phrases mix words split differently.
  expect(new Set(words.map(([, parts]) => parts))).toEqual(new Set([2, 4, 8]));
  splitWords = words.map(([word]) => word);
  for (const [name, { server }] of Object.entries({ plain, split })) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/search/`);
    variants[name as 'plain' | 'split'] = { server, page };
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const v of Object.values(variants)) await v.server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** What the page shows for a query: the results' paths in order, the status line, whether it offers more; and how many pages the index found. */
interface Shown {
  paths: string[];
  found: string | undefined;
  status: string;
  more: boolean;
}

/**
 * Runs queries through the search page's element: what it shows for each (`Shown`). `sort` is the page's sort (relevance by default); `filter` a filter
 * selected in the address, as the page reads it.
 */
async function runAll(page: Page, queries: string[], sort = 'relevance', filter?: [string, string]): Promise<Shown[]> {
  return page.evaluate(
    async ({ qs, sort, filter }) => {
      const el = document.querySelector('archive-search') as HTMLElement & { run(): Promise<void> };
      const input = el.querySelector('input[name=q]') as HTMLInputElement;
      el.querySelector<HTMLSelectElement>('select[name=sort]')!.value = sort;
      const url = new URL(location.href);
      url.search = filter ? `?${new URLSearchParams([[`f.${filter[0]}`, filter[1]]])}` : '';
      history.replaceState(null, '', url);
      const out: Shown[] = [];
      for (const q of qs) {
        input.value = q;
        await el.run();
        out.push({
          paths: [...el.querySelectorAll<HTMLAnchorElement>('.results .r-title')].map((a) => a.pathname),
          found: el.dataset.found,
          status: el.querySelector('[data-status]')!.textContent!,
          more: !el.querySelector<HTMLButtonElement>('[data-more]')!.hidden,
        });
      }
      return out;
    },
    { qs: queries, sort, filter },
  );
}

/** What `watchSearch` saw in a page. */
interface Watched {
  /** The library's searches, in order. */
  searches: string[];
  /** How many searches had been made when the page first showed results. */
  atFirst: number;
  /** Each index chunk fetched (its name), with the element's state then. */
  chunks: [string, string][];
}

/** Run in a page before its scripts (`addInitScript`): records what `Watched` holds. */
function watchSearch(): void {
  const w = window as unknown as Partial<Watched> & { archivePagefind?: unknown };
  w.searches = [];
  w.chunks = [];
  const state = (): string => document.querySelector('archive-search')?.getAttribute('data-state') ?? '';
  const fetch = window.fetch;
  window.fetch = (...a: Parameters<typeof fetch>) => {
    const url = String(a[0] instanceof Request ? a[0].url : a[0]);
    if (url.includes('.pf_index')) w.chunks!.push([url.replace(/.*\/(\w+)\.pf_index.*/, '$1'), state()]);
    return fetch(...a);
  };
  let load: (fresh?: string) => Promise<Record<string, unknown>>;
  Object.defineProperty(window, 'archivePagefind', {
    configurable: true,
    set: (f: typeof load) => (load = f),
    get: () => async (fresh?: string) => {
      const api = { ...(await load(fresh)) } as Record<string, unknown> & { search(...a: unknown[]): unknown };
      const search = api.search;
      api.search = (...a: unknown[]) => (w.searches!.push(String(a[0])), search(...a));
      return api;
    },
  });
  new MutationObserver(() => {
    if (w.atFirst === undefined && ['shown', 'done'].includes(state())) w.atFirst = w.searches!.length;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
}

/** What `watchSearch` recorded in `page`. */
function watched(page: Page): Promise<Watched> {
  return page.evaluate(() => {
    const { searches, atFirst, chunks } = window as unknown as Watched;
    return { searches, atFirst, chunks };
  });
}

/** The queries (with their results from both indexes) on which the two variants' pages differ. */
async function differences(queries: string[], sort?: string, filter?: [string, string]): Promise<string[]> {
  const [plain, split] = await Promise.all([runAll(variants.plain.page, queries, sort, filter), runAll(variants.split.page, queries, sort, filter)]);
  return queries.flatMap((q, i) => (JSON.stringify(plain[i]) === JSON.stringify(split[i]) ? [] : [`${q}: ${JSON.stringify(plain[i])} ≠ ${JSON.stringify(split[i])}`]));
}

describe('common words split into parts by page range', () => {
  it('find the same articles, in the same order, as the index without parts', async () => {
    // Most two-letter words of the seed are on one page; those on more are split here.
    expect(splitWords.length).toBeGreaterThan(50);
    // The page learns them from the entry file, as Pagefind's library (changed by the build) hands
    // it over: here carried by the page; the plain index's is fetched, and has none.
    const inPage = (page: Page): Promise<string | undefined> =>
      page.evaluate(async () => {
        const library = await (window as unknown as { archivePagefind(): Promise<{ archiveEntry(): Promise<{ split_words?: string }> }> }).archivePagefind();
        return (await library.archiveEntry()).split_words;
      });
    expect(await inPage(variants.split.page)).toBe(splitText);
    expect(await inPage(variants.plain.page)).toBeUndefined();
    expect(await variants.split.page.locator('archive-search').getAttribute('data-split-words')).toBeNull();
    const texts = articleFiles.map((f) => readPageRecord(readFileSync(f, 'utf8'))!.text);
    const next = random(20260126);
    const queries = new Set<string>();
    // Each split word alone, and inside longer strings of the text (words split and not, mixed).
    for (const word of splitWords) {
      const letters = wordLetters(word);
      queries.add(letters);
      const text = texts.find((t) => t.includes(letters));
      if (!text) continue;
      const at = text.indexOf(letters);
      queries.add(text.slice(Math.max(0, at - 1 - Math.floor(next() * 3)), at + 2 + Math.floor(next() * 3)).trim());
    }
    // Random substrings, two words at once, a quoted phrase, a letter alone.
    while (queries.size < splitWords.length * 2 + 100) {
      const text = texts[Math.floor(next() * texts.length)]!;
      const start = Math.floor(next() * (text.length - 8));
      const q = text.slice(start, start + 2 + Math.floor(next() * 5)).trim();
      if (q) queries.add(next() < 0.2 ? `${q} ${wordLetters(splitWords[Math.floor(next() * splitWords.length)]!)}` : q);
    }
    queries.add('"开发区"').add('党').add('企业 发展');
    const list = [...queries];
    const plain = await runAll(variants.plain.page, list);
    expect(await differences(list)).toEqual([]);
    // Not a comparison of empty pages: most queries find articles, some several.
    expect(plain.filter((r) => r.paths.length > 0).length).toBeGreaterThan(list.length * 0.9);
    expect(plain.filter((r) => r.paths.length > 1).length).toBeGreaterThan(50);
  }, 300_000);

  it('find the same articles in date order, newest and oldest first, and with a filter', async () => {
    // Each split word, and pairs of them: words split into different numbers of parts together.
    const letters = splitWords.map(wordLetters);
    const words = [...letters, ...letters.slice(1).map((w, i) => `${letters[i]} ${w}`)];
    const all = await runAll(variants.plain.page, words);
    expect(all.filter((r) => r.paths.length > 2).length).toBeGreaterThan(10);
    expect(all.filter((r, i) => i >= letters.length && r.paths.length > 1).length).toBeGreaterThan(5);
    expect(await differences(words, 'newest')).toEqual([]);
    expect(await differences(words, 'oldest')).toEqual([]);
    // A filter that keeps some of a word's pages and not others: the kind (体裁) with most pages.
    const filters = await variants.plain.page.evaluate(async () => (await (window as unknown as { archivePagefind(): Promise<{ filters(): Promise<Record<string, Record<string, number>>> }> }).archivePagefind()).filters());
    const kinds = Object.entries(filters['体裁'] ?? {}).sort(([, a], [, b]) => b - a);
    expect(kinds.length).toBeGreaterThan(1);
    const filter: [string, string] = ['体裁', kinds[0]![0]];
    const filtered = await runAll(variants.plain.page, words, 'relevance', filter);
    // The filter keeps some words' pages and drops others'.
    expect(filtered.filter((r) => r.paths.length > 0).length).toBeGreaterThan(5);
    expect(filtered.filter((r, i) => Number(r.found) < Number(all[i]!.found)).length).toBeGreaterThan(5);
    expect(await differences(words, 'relevance', filter)).toEqual([]);
    await variants.plain.page.evaluate(() => history.replaceState(null, '', location.pathname));
    await variants.split.page.evaluate(() => history.replaceState(null, '', location.pathname));
  }, 300_000);

  it('rely on every page a quoted search finds scoring alike, as Pagefind 1.6 scores them', async () => {
    // The page orders a search in parts part by part (src/components/archive-search.ts): that is
    // the order of the whole only while quoted searches score every page the same.
    const texts = articleFiles.map((f) => readPageRecord(readFileSync(f, 'utf8'))!.text);
    const next = random(20261127);
    const searches = new Set(splitWords.map((w) => `"${w}"`));
    while (searches.size < splitWords.length + 200) {
      const text = texts[Math.floor(next() * texts.length)]!;
      const start = Math.floor(next() * (text.length - 8));
      for (const q of prepareQuery(text.slice(start, start + 2 + Math.floor(next() * 6))).searches) if (q.startsWith('"')) searches.add(q);
    }
    const scores = await variants.plain.page.evaluate(async (list) => {
      const api = await (window as unknown as { archivePagefind(): Promise<{ search(q: string): Promise<{ results: { score: number }[] }> }> }).archivePagefind();
      const out: [string, number[]][] = [];
      for (const q of list) out.push([q, [...new Set((await api.search(q)).results.map((r) => r.score))]]);
      return out;
    }, [...searches]);
    expect(scores.filter(([, s]) => s.length > 1)).toEqual([]);
    expect(scores.filter(([, s]) => s.length === 1).length).toBeGreaterThan(searches.size * 0.9);
  }, 120_000);

  it('shows the first results of a split word before searching all of its parts, then searches each part once', async () => {
    const eight = [...readSplitIndex(splitText)!.words].filter(([, parts]) => parts === 8).map(([w]) => w).slice(0, 6);
    expect(eight.length).toBe(6);
    const counts: { word: string; first: number; done: number }[] = [];
    for (const word of eight) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(watchSearch);
      await page.goto(`${variants.split.server.url}/search/?q=${encodeURIComponent(wordLetters(word))}`);
      await page.waitForFunction(() => document.querySelector('archive-search')?.getAttribute('data-state') === 'done');
      const { searches, atFirst } = await watched(page);
      expect(new Set(searches).size).toBe(8);
      expect(searches.length).toBe(8);
      counts.push({ word, first: atFirst, done: searches.length });
      await context.close();
    }
    expect(counts.filter((c) => c.first >= c.done)).toEqual([]);
  }, 120_000);

  it('fetch for the first results only the index chunks of the parts searched first, the rest after', async () => {
    // An index of one word a chunk: each part of a split word is in a chunk of its own, named in
    // the words' order (a number in base 36), so a word's parts are in consecutive chunks.
    const fine = await splitVariant(DIST, articleFiles, scratch, 'fine', { pages: 1, range: 1 }, true, 1);
    try {
      const eight = [...readSplitIndex(splitText)!.words].filter(([, parts]) => parts === 8).map(([w]) => w).slice(0, 4);
      expect(eight.length).toBe(4);
      for (const word of eight) {
        for (const sort of ['relevance', 'oldest']) {
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.addInitScript(watchSearch);
          await page.goto(`${fine.server.url}/search/?q=${encodeURIComponent(wordLetters(word))}${sort === 'oldest' ? '&sort=oldest' : ''}`);
          await page.waitForFunction(() => document.querySelector('archive-search')?.getAttribute('data-state') === 'done');
          const { chunks, atFirst } = await watched(page);
          const numbers = chunks.map(([name]) => parseInt(name, 36));
          // Each of the eight parts' chunks once, and before the first results only those of the parts searched by then.
          expect(new Set(numbers).size, `${word} ${sort}`).toBe(8);
          expect(numbers.length, `${word} ${sort}`).toBe(8);
          expect(Math.max(...numbers) - Math.min(...numbers)).toBe(7);
          const first = chunks.filter(([, state]) => state !== 'shown' && state !== 'done').length;
          expect(atFirst).toBeLessThan(8);
          expect(first, `${word} ${sort}`).toBe(atFirst);
          // The first is the newest part's (the last chunk), or sorted oldest first the oldest's.
          expect(numbers[0], `${word} ${sort}`).toBe(sort === 'oldest' ? Math.min(...numbers) : Math.max(...numbers));
          await context.close();
        }
      }
    } finally {
      await fine.server.close();
    }
  }, 120_000);
});
