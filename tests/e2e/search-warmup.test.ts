/**
 * The header's search box fetches the search page's files once a reader puts the cursor in it
 * (src/components/search-warmup.ts), so that the search they type opens with its library,
 * pf_meta, wasm and script already in the browser's cache. Served as GitHub Pages serves (ten
 * minutes' `Cache-Control`), the server's own log says what the browser fetched and when.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launchBrowser } from './support/browser';
import { serveStatic, type StaticServer } from './support/server';
import { isArticlePageFile } from '~/lib/paths';

/** What the search page loads for itself, as its HTML names it: module preloads, preloads and scripts. */
const SEARCH_FILES = [...readFileSync(path.join(DIST, 'search', 'index.html'), 'utf8').matchAll(/<link rel="(?:modulepreload|preload)" href="([^"]+)"|<script[^>]* src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
const ARTICLE = `/${(readdirSync(DIST, { recursive: true }) as string[]).filter(isArticlePageFile).sort()[0]!.replace(/index\.html$/, '')}`;
/** A query the seed edition answers. */
const QUERY = '党建';

let browser: Browser;
let server: StaticServer;
/** Every request the server has had, as path and query. */
const requests: string[] = [];
const searchRequests = (): string[] => requests.filter((r) => r.startsWith('/search/') || r.startsWith('/pagefind/') || SEARCH_FILES.includes(r));

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), serveStatic(DIST, { cacheControl: 'max-age=600', onRequest: (url) => requests.push(url) })]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh context (an empty cache) on `url`, loaded and idle; with `saveData`, a reader who has asked the browser to save data. */
async function open(url: string, saveData = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  if (saveData) await context.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
  const page = await context.newPage();
  await page.goto(`${server.url}${url}`, { waitUntil: 'networkidle' });
  return { context, page };
}

/** Types `QUERY` into the header's box, presses Enter, and waits for the search page's results. */
async function search(page: Page): Promise<number> {
  await page.fill('#site-search', QUERY);
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('#site-search', 'Enter')]);
  await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement | null)?.dataset.state === 'done');
  return page.locator('archive-search .results li').count();
}

describe('the header search box fetches the search page’s files ahead', () => {
  it('knows which files the search page loads', () => {
    expect(SEARCH_FILES).toEqual(expect.arrayContaining(['/pagefind/pagefind.js', expect.stringMatching(/\.pf_meta$/), expect.stringMatching(/\/wasm\./), expect.stringMatching(/^\/_astro\/.+\.js$/)]));
    expect(ARTICLE).toMatch(/^\/\d{4}\//);
  });

  it('fetches nothing of the search while a page is read, then every file once the box has the focus, and the search takes them from the cache', async () => {
    requests.length = 0;
    const { context, page } = await open(ARTICLE);
    try {
      expect(searchRequests()).toEqual([]);
      const arrived = new Set<string>();
      page.on('requestfinished', (request) => arrived.add(new URL(request.url()).pathname + new URL(request.url()).search));
      await page.click('#site-search');
      await expect.poll(() => SEARCH_FILES.filter((f) => !arrived.has(f)), { timeout: 15_000 }).toEqual([]);
      expect(searchRequests().toSorted()).toEqual(['/search/', ...SEARCH_FILES].toSorted());
      expect(await search(page)).toBeGreaterThan(0);
      // The search page itself, its query's chunks and fragments came over the network; the files fetched ahead did not, again.
      for (const file of SEARCH_FILES) expect(requests.filter((r) => r === file), file).toHaveLength(1);
      expect(requests).toContain(`/search/?q=${encodeURIComponent(QUERY)}`);
    } finally {
      await context.close();
    }
  });

  it('fetches nothing ahead for a reader who has asked the browser to save data', async () => {
    requests.length = 0;
    const { context, page } = await open(ARTICLE, true);
    try {
      expect(await page.evaluate(() => (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData)).toBe(true);
      await page.click('#site-search');
      await page.waitForTimeout(1500);
      expect(searchRequests()).toEqual([]);
      // The search still works, fetching its files when it opens.
      expect(await search(page)).toBeGreaterThan(0);
      for (const file of SEARCH_FILES) expect(requests.filter((r) => r === file), file).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('fetches nothing more from the search page’s own header box', async () => {
    const { context, page } = await open(`/search/?q=${encodeURIComponent(QUERY)}`);
    try {
      await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement | null)?.dataset.state === 'done');
      requests.length = 0;
      await page.click('#site-search');
      await page.waitForTimeout(1500);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
