/**
 * The header's search box fetches the search page's files once a reader puts the cursor in it,
 * and the search page for what they have typed once they pause, with the index chunks its search
 * needs first (src/components/search-warmup.ts), so that the search opens from the browser's
 * cache with its library, pf_meta, wasm, script and chunks. Served as GitHub Pages serves (ten
 * minutes' `Cache-Control`), the server's own log says what the browser fetched and when.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launchBrowser } from './support/browser';
import { serveStatic, type StaticServer } from './support/server';
import { startBuild } from '../support/astro-build';
import { isArticlePageFile } from '~/lib/paths';

/** What the search page loads for itself, as its HTML names it: module preloads, preloads and scripts. */
const SEARCH_FILES = [...readFileSync(path.join(DIST, 'search', 'index.html'), 'utf8').matchAll(/<link rel="(?:modulepreload|preload)" href="([^"]+)"|<script[^>]* src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
const ARTICLE = `/${(readdirSync(DIST, { recursive: true }) as string[]).filter(isArticlePageFile).sort()[0]!.replace(/index\.html$/, '')}`;
/** A query the seed edition answers, and the address the header's form opens for it. */
const QUERY = '党建';
const ADDRESS = `/search/?q=${encodeURIComponent(QUERY)}`;

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

/** What `page` fetches from now on, as path and query, each added once its response has arrived. */
function arrivals(page: Page): Set<string> {
  const arrived = new Set<string>();
  page.on('requestfinished', (request) => arrived.add(new URL(request.url()).pathname + new URL(request.url()).search));
  return arrived;
}

/** Puts the cursor in the header's box and waits until the search page's files have arrived; returns what arrives, as it does. */
async function focusBox(page: Page): Promise<Set<string>> {
  const arrived = arrivals(page);
  await page.click('#site-search');
  await expect.poll(() => SEARCH_FILES.filter((f) => !arrived.has(f)), { timeout: 15_000 }).toEqual([]);
  return arrived;
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
      const arrived = await focusBox(page);
      expect(searchRequests().toSorted()).toEqual(['/search/', ...SEARCH_FILES].toSorted());
      // Typed and left for a moment: the search page at the address Enter opens, and the index chunks its search needs first.
      await page.fill('#site-search', QUERY);
      const chunks = (): string[] => [...arrived].filter((r) => r.startsWith('/pagefind/index/'));
      await expect.poll(() => arrived.has(ADDRESS) && chunks().length > 0, { timeout: 15_000 }).toBe(true);
      const ahead = chunks();
      expect(await search(page)).toBeGreaterThan(0);
      // Only the results' fragments came over the network now; everything fetched ahead came from the cache.
      for (const file of [...SEARCH_FILES, ADDRESS, ...ahead]) expect(requests.filter((r) => r === file), file).toHaveLength(1);
      expect(requests.filter((r) => r.startsWith('/pagefind/index/'))).toEqual(ahead);
      expect(requests.filter((r) => r.startsWith('/pagefind/fragment/')).length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('fetches the search page for what an input method has committed, not for the letters being spelled', async () => {
    const { context, page } = await open(ARTICLE);
    try {
      await focusBox(page);
      requests.length = 0;
      const cdp = await context.newCDPSession(page);
      for (const spelled of ['d', 'da', 'dang', 'dangj', 'dangjian']) await cdp.send('Input.imeSetComposition', { text: spelled, selectionStart: spelled.length, selectionEnd: spelled.length });
      await page.waitForTimeout(1000);
      expect(await page.inputValue('#site-search')).toBe('dangjian');
      expect(requests).toEqual([]);
      await cdp.send('Input.insertText', { text: QUERY });
      expect(await page.inputValue('#site-search')).toBe(QUERY);
      await expect.poll(() => requests.filter((r) => !r.startsWith('/pagefind/index/')), { timeout: 15_000 }).toEqual([ADDRESS]);
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
      await page.fill('#site-search', QUERY);
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
    const { context, page } = await open(ADDRESS);
    try {
      await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement | null)?.dataset.state === 'done');
      requests.length = 0;
      await page.click('#site-search');
      await page.fill('#site-search', QUERY);
      await page.waitForTimeout(1500);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('under a base path', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'search-warmup-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fetches ahead from the site’s own folder, and after Enter only the results’ fragments come over the network', async () => {
    // The seed edition built for a site at /archive/ (a GitHub Pages project site, say).
    const site = path.join(scratch, 'dist');
    const { code, output } = await startBuild(site, { BASE_PATH: '/archive/', ASTRO_CACHE_DIR: path.join(scratch, 'cache') }).done;
    expect(code, output.slice(-2000)).toBe(0);
    const log: string[] = [];
    const served = await serveStatic(site, { mounts: { '/archive/': site }, cacheControl: 'max-age=600', onRequest: (url) => log.push(url) });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${served.url}/archive${ARTICLE}`, { waitUntil: 'networkidle' });
      log.length = 0;
      const arrived = arrivals(page);
      await page.click('#site-search');
      await page.fill('#site-search', QUERY);
      await expect.poll(() => arrived.has(`/archive${ADDRESS}`) && [...arrived].some((r) => r.startsWith('/archive/pagefind/index/')), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => [...arrived].filter((r) => r.endsWith('.pf_meta') || r.includes('/wasm.') || r.endsWith('/pagefind.js')).length, { timeout: 15_000 }).toBe(3);
      expect(log.every((r) => r.startsWith('/archive/')), log.join(' ')).toBe(true);
      log.length = 0;
      expect(await search(page)).toBeGreaterThan(0);
      expect(log.length).toBeGreaterThan(0);
      expect(log.filter((r) => !r.startsWith('/archive/pagefind/fragment/')), 'fetched after Enter').toEqual([]);
    } finally {
      await context.close();
      await served.close();
    }
  }, 180_000);
});
