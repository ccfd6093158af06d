/**
 * `npm run bench:search`: indexes generated archives (scripts/bench/generate-archive.ts) with our
 * search index and with stock Pagefind on the same built pages, and prints side by side:
 * indexing time, peak memory, index size, and a first search in Chromium (bytes, requests, ms).
 *
 *   node scripts/bench/search-bench.ts [--sizes 1000,10000] [--variants ours,stock] [--loads 1] [--rebuild] [--index-only] [--verbose] [--letters 周,桥] [--cpu-slowdown 4] [--network slow-4g]
 *
 * Each size is built once with Astro into $TMPDIR/zh-search-bench/dist-<n> (reused on later runs;
 * --rebuild forces it). Each indexing run is its own process; its figures are wall time, CPU
 * seconds of Node plus the Pagefind binary, and the larger of their peak resident memories.
 * The machine is shared and noisy: compare the variants of one run, not runs of different days.
 * `--loads N` loads the page N times for each query (the queries taking turns) and prints the
 * median and range of each time; one load says more about the machine than about the search.
 * `--cpu-slowdown N` has Chromium run each page's CPU work N times slower (DevTools' throttling),
 * for a phone's slower processor. `--network slow-4g` (or `fast-4g`) has it emulate DevTools'
 * preset of that name for every page, for a phone's network. `--box-pause MS`: in the search from
 * the home page's box, how long the reader waits between choosing the query and pressing Enter
 * (500 by default).
 *
 * The server sends `Cache-Control: max-age=600`, as GitHub Pages does: each load is in a fresh
 * context, so only the search from the home page's box, whose page fetches the search's files
 * ahead (src/components/search-warmup.ts), finds anything in the cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { generateArchive } from './generate-archive.ts';
import { addPreloads, buildSearchIndex, withoutPreloads } from '../../src/integrations/search-index.ts';
import { readPageRecord } from '../../src/lib/search-record.ts';
import { isArticlePageFile } from '../../src/lib/paths.ts';
import { cpuPressure, newFileMicros, Trash } from './measure.ts';
import { foldText } from '../../src/lib/search-text.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/support/browser.ts';
import { serveStatic } from '../../tests/e2e/support/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORK = path.join(os.tmpdir(), 'zh-search-bench');
const SELF = fileURLToPath(import.meta.url);
/** Earlier builds and bundles, deleted once everything is measured. */
const TRASH = new Trash(WORK);
/** `--verbose`: each resource of a first search, with its start and end (ms from DOM interactive) and bytes. */
let VERBOSE = false;
/** `--cpu-slowdown`: Chromium's CPU throttling rate for every page loaded (1: none). */
let CPU_SLOWDOWN = 1;

/** DevTools' network presets (Chromium's `NetworkManager`): latency in ms, throughput in bytes a second. */
const NETWORKS = {
  'slow-4g': { latency: 562.5, downloadThroughput: (1.6 * 1e6 * 0.9) / 8, uploadThroughput: (750 * 1e3 * 0.9) / 8 },
  'fast-4g': { latency: 165, downloadThroughput: (9 * 1e6 * 0.9) / 8, uploadThroughput: (1.5 * 1e6 * 0.9) / 8 },
} as const;
/** `--network`: the preset every page loaded emulates, if any. */
let NETWORK: keyof typeof NETWORKS | undefined;

/**
 * The reader in the home page's box scenario: from putting the cursor in the box to choosing the
 * query from an input method's candidates, and from that to pressing Enter (`--box-pause`).
 */
const TYPING_MS = 1500;
let CHOSEN_BEFORE_ENTER_MS = 500;

/**
 * A fresh browser context and page, its CPU slowed by `CPU_SLOWDOWN` and its network `NETWORK`;
 * with `saveData`, a reader who has asked the browser to save data (nothing is fetched ahead).
 */
async function freshPage(browser: Browser, saveData = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  if (saveData) await context.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
  const page = await context.newPage();
  if (CPU_SLOWDOWN !== 1 || NETWORK) {
    const cdp = await context.newCDPSession(page);
    if (CPU_SLOWDOWN !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    if (NETWORK) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORKS[NETWORK] });
    }
  }
  return { context, page };
}

/** ours: the site's index (our writer); stock: Pagefind's own indexer on the HTML, as zh-cn. */
type Variant = 'ours' | 'stock';

/**
 * CPU seconds and peak memory of this process's children (the Pagefind binary), read from /proc
 * before it exits: /usr/bin/time only counts children that were reaped, and the binary is not.
 */
function childUsage(): { cpuS: number; peakMB: number } {
  const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  let cpuS = 0;
  let peakMB = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      cpuS += (Number(fields[11]) + Number(fields[12])) / tick;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      peakMB = Math.max(peakMB, Math.round(Number(hwm?.[1] ?? 0) / 1024));
    } catch {
      // The process ended while we looked.
    }
  }
  return { cpuS, peakMB };
}

/** Child mode: index `site` into `out` with one variant and print time, CPU and the binary's memory. */
async function indexChild(variant: Variant, site: string, out: string): Promise<void> {
  // The article pages, as the build's integration takes them from Astro's list of the route's
  // files: listed before the clock starts, as Astro lists them before the index starts.
  const files = variant === 'ours' ? articlePages(site).map((f) => path.join(site, f)) : [];
  const started = performance.now();
  let binary = { cpuS: 0, peakMB: 0 };
  if (variant === 'ours') {
    await buildSearchIndex(site, { outputPath: out, files });
  } else {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh-cn' });
    if (!index) throw new Error(errors.join('; '));
    const added = await index.addDirectory({ path: site });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    await index.writeFiles({ outputPath: out });
    binary = childUsage();
    await pagefind.close();
  }
  const self = process.resourceUsage();
  console.log(JSON.stringify({ ms: Math.round(performance.now() - started), binary, nodeCpuS: (self.userCPUTime + self.systemCPUTime) / 1e6, nodePeakMB: Math.round(self.maxRSS / 1024) }));
}

function dirBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

/** Builds the generated archive of `n` articles with Astro, unless an earlier run did. */
function buildSite(n: number, rebuild: boolean): string {
  const dist = path.join(WORK, `dist-${n}`);
  if (!rebuild && existsSync(path.join(dist, 'search', 'index.html'))) return dist;
  // Built into a new folder: a build over the old one deletes it, and the index timed next
  // would pay for the deletion in its own new files (`Trash`).
  TRASH.put(dist);
  const archive = generateArchive({ articles: n, outDir: path.join(WORK, `content-${n}`) });
  console.log(`building ${archive.articles} articles in ${archive.editions} editions …`);
  const started = performance.now();
  const run = spawnSync('npx', ['astro', 'build', '--outDir', dist], { cwd: ROOT, env: { ...process.env, CONTENT_ROOT: archive.root }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`astro build failed for ${n} articles`);
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dist;
}

interface IndexFigures {
  ms: number;
  /** CPU seconds of Node and the Pagefind binary together: steadier than wall time on a busy machine. */
  cpuS: number;
  /** The larger of the two processes' peak resident memory. */
  peakMB: number;
  bundle: { bytes: number; files: number };
}

function indexSite(variant: Variant, site: string, n: number): IndexFigures {
  const out = path.join(WORK, `bundle-${n}-${variant}`);
  TRASH.put(out);
  const run = spawnSync(process.execPath, [...process.execArgv, SELF, '--index-child', variant, '--site', site, '--out', out], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`indexing (${variant}) failed:\n${run.stderr.slice(-2000)}`);
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number; binary: { cpuS: number; peakMB: number }; nodeCpuS: number; nodePeakMB: number };
  return { ms: r.ms, cpuS: Math.round((r.binary.cpuS + r.nodeCpuS) * 10) / 10, peakMB: Math.max(r.binary.peakMB, r.nodePeakMB), bundle: dirBytes(out) };
}

/** The site's article pages, relative to it. */
function articlePages(site: string): string[] {
  return (readdirSync(site, { recursive: true }) as string[]).filter(isArticlePageFile).sort();
}

/** Query strings drawn from the generated text: a common word and substrings of 2–4 characters. */
function pickQueries(site: string): string[] {
  const articles = articlePages(site);
  const article = readFileSync(path.join(site, articles[Math.floor(articles.length / 2)]!), 'utf8');
  const text = (/<div class="prose"[^>]*>([\s\S]*?)<\/div>/.exec(article)?.[1] ?? '').replace(/<[^>]+>/g, '');
  // Runs of Han characters as they stand in the text, so that every query occurs in it.
  const runs = text.match(/\p{Script=Han}{8,}/gu) ?? [];
  const at = (i: number, len: number): string => Array.from(runs[i % runs.length] ?? '').slice(2, 2 + len).join('');
  return ['发展', at(2, 2), at(6, 3), at(10, 4)].filter((q) => Array.from(q).length >= 2);
}

interface SearchFigures {
  q: string;
  /** From DOM interactive (the page's scripts can start) to the first results on screen. */
  ms: number;
  /** Ours only: the same, from the navigation's start (the page's own request and parse included). */
  navMs?: number;
  requests: number;
  kB: number;
  results: number;
  /** Of those, the search bundle's own (pagefind.js, its index, fragments): the page's scripts left out. */
  bundleRequests?: number;
  bundleKB?: number;
  /** The same, until the whole first page of results is checked (ours only). */
  fullMs?: number;
  fullRequests?: number;
  fullKB?: number;
  /**
   * Ours only: the query typed into the search page once it has opened (and started Pagefind on
   * its preloaded files), from pressing Enter to the first results on screen.
   */
  typedMs?: number;
  /**
   * Ours only: the query typed into the search box of the home page's header, as a reader already
   * on the site searches (`searchBoxSearch`): from pressing Enter to the search page's first
   * results on screen. The home page fetches the search's files, and then its page, ahead.
   */
  boxMs?: number;
  /** The same for a reader who has asked the browser to save data: nothing fetched ahead. */
  boxSaveDataMs?: number;
}

/**
 * A first search with a cold cache, in a fresh browser context. Ours: the real search page, until
 * its first results are on screen. Stock: Pagefind's JS API on the same page, as its default UI
 * uses it (search, then the first five results' data).
 */
async function firstSearch(variant: Variant, site: string, n: number, queries: string[]): Promise<SearchFigures[]> {
  const bundle = path.join(WORK, `bundle-${n}-${variant}`);
  // The search page preloads the bundle's files, as the build makes it: for the bundle served now.
  const searchPage = path.join(site, 'search', 'index.html');
  writeFileSync(searchPage, withoutPreloads(readFileSync(searchPage, 'utf8')));
  if (variant === 'ours') await addPreloads(searchPage, '/pagefind/', readdirSync(bundle).find((f) => f.endsWith('.pf_meta'))!, readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8'));
  const [browser, server] = await Promise.all([launchBrowser(), serveStatic(site, { mounts: { '/pagefind/': bundle }, gzip: true, cacheControl: 'max-age=600' })]);
  const out: SearchFigures[] = [];
  try {
    for (const q of queries) {
      const { context, page } = await freshPage(browser);
      page.on('console', (m) => VERBOSE && m.text().startsWith('resource ') && console.log(`        ${m.text()}`));
      const sizes: Promise<number>[] = [];
      let counting = false;
      page.on('requestfinished', (req) => {
        if (counting && !req.url().endsWith('/search/') && !req.url().includes('/search/?')) sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
      });
      const tally = async (): Promise<{ requests: number; kB: number }> => {
        const all = await Promise.all(sizes);
        return { requests: all.length, kB: Math.round(all.reduce((a, b) => a + b, 0) / 102.4) / 10 };
      };
      if (variant !== 'stock') {
        counting = true;
        await page.goto(`${server.url}/search/?q=${encodeURIComponent(q)}`, { waitUntil: 'commit' });
        // From the moment the page's own script starts the search to the first results on screen,
        // and the resources fetched by then (Resource Timing: each finished request, its bytes on
        // the wire), excluding the page itself; later batches of results are not counted.
        const { ms, navMs, requests, bytes, bundleRequests, bundleBytes } = await page.evaluate(
          (verbose) =>
            new Promise<{ ms: number; navMs: number; requests: number; bytes: number; bundleRequests: number; bundleBytes: number }>((resolve) => {
              const t0 = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
              const check = (): void => {
                // Looked up each frame: this may run before the parser reaches the element.
                const el = document.querySelector('archive-search') as HTMLElement | null;
                if (el?.dataset.state === 'shown' || el?.dataset.state === 'done') {
                  // The favicon is the browser's own request for any page of the site, not the search's.
                  const fetched = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.initiatorType !== 'navigation' && !/\/favicon\.(?:ico|svg)$/.test(r.name));
                  const bundle = fetched.filter((r) => r.name.includes('/pagefind/'));
                  if (verbose) for (const r of fetched) console.log(`resource ${Math.round(r.startTime - t0.domInteractive)}–${Math.round(r.responseEnd - t0.domInteractive)} ms ${(r.transferSize / 1024).toFixed(1)} kB ${r.name}`);
                  resolve({ ms: performance.now() - t0.domInteractive, navMs: performance.now(), requests: fetched.length, bytes: fetched.reduce((a, r) => a + r.transferSize, 0), bundleRequests: bundle.length, bundleBytes: bundle.reduce((a, r) => a + r.transferSize, 0) });
                } else requestAnimationFrame(check);
              };
              check();
            }),
          VERBOSE,
        );
        const first = { requests, kB: Math.round(bytes / 102.4) / 10, bundleRequests, bundleKB: Math.round(bundleBytes / 102.4) / 10 };
        const results = await page.locator('.results li').count();
        await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
        const fullMs = await page.evaluate(() => performance.now() - (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive);
        await page.waitForLoadState('networkidle');
        const full = await tally();
        const typedMs = await typedSearch(browser, server.url, q);
        // The two readers of the home page's box (saving data or not) take turns at going first.
        const box = new Map<boolean, number>();
        for (const saveData of out.length % 2 ? [true, false] : [false, true]) box.set(saveData, await searchBoxSearch(browser, server.url, q, saveData));
        out.push({ q, ms: Math.round(ms), navMs: Math.round(navMs), ...first, results, fullMs: Math.round(fullMs), fullRequests: full.requests, fullKB: full.kB, typedMs, boxMs: box.get(false), boxSaveDataMs: box.get(true) });
      } else {
        await page.goto(`${server.url}/search/`);
        await page.waitForLoadState('networkidle');
        counting = true;
        const { ms, results } = await page.evaluate(async ([query, bundle]) => {
          const t0 = performance.now();
          const api = await import(/* @vite-ignore */ bundle);
          const search = await api.search(query);
          await Promise.all(search.results.slice(0, 5).map((r: { data(): Promise<unknown> }) => r.data()));
          return { ms: performance.now() - t0, results: search.results.length as number };
        }, [q, '/pagefind/pagefind.js'] as const);
        await page.waitForLoadState('networkidle');
        out.push({ q, ms: Math.round(ms), ...(await tally()), results });
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

/**
 * Milliseconds until the search page's first results are on screen (its element's `data-state`
 * `shown` or `done`, looked at each frame): from its DOM interactive; with `from: 'submit'`, from
 * submitting its form with the query already typed; with `from: 'navigation'`, from the start of
 * the navigation that opened the page.
 */
async function untilFirstResults(page: Page, from: 'interactive' | 'submit' | 'navigation' = 'interactive'): Promise<number> {
  const ms = await page.evaluate(
    (from) =>
      new Promise<number>((resolve) => {
        const element = (): HTMLElement | null => document.querySelector('archive-search');
        const start = from === 'submit' ? performance.now() : from === 'navigation' ? 0 : undefined;
        if (from === 'submit') element()!.querySelector('form')!.requestSubmit();
        const check = (): void => {
          // Looked up each frame: this may run before the parser reaches the element.
          const state = element()?.dataset.state;
          if (state === 'shown' || state === 'done') resolve(performance.now() - (start ?? (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive));
          else requestAnimationFrame(check);
        };
        check();
      }),
    from,
  );
  return Math.round(ms);
}

/**
 * A reader on the open search page types `q` and presses Enter: milliseconds until the first
 * results are on screen, in a fresh browser context (nothing cached). The page opened without a
 * query starts Pagefind on the files it preloads; the query waits until the network is idle.
 */
async function typedSearch(browser: Browser, url: string, q: string): Promise<number> {
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(`${url}/search/`);
    await page.waitForLoadState('networkidle');
    await page.fill('archive-search input[name=q]', q);
    return await untilFirstResults(page, 'submit');
  } finally {
    await context.close();
  }
}

/**
 * A reader on the home page puts the cursor in the header's search box, types `q` through an
 * input method (chosen `TYPING_MS` later) and presses Enter `CHOSEN_BEFORE_ENTER_MS` after, in a
 * fresh browser context (with `saveData`, asking the browser to save data): milliseconds from the
 * start of the search page's navigation to its first results.
 */
async function searchBoxSearch(browser: Browser, url: string, q: string, saveData: boolean): Promise<number> {
  const { context, page } = await freshPage(browser, saveData);
  try {
    await page.goto(`${url}/`);
    await page.focus('#site-search');
    await page.waitForTimeout(TYPING_MS);
    // As an input method types: the letters spelled, then the characters chosen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'pinyin', selectionStart: 6, selectionEnd: 6 });
    await cdp.send('Input.insertText', { text: q });
    await page.waitForTimeout(CHOSEN_BEFORE_ENTER_MS);
    await Promise.all([page.waitForURL(/\/search\/\?q=/, { waitUntil: 'commit' }), page.press('#site-search', 'Enter')]);
    return await untilFirstResults(page, 'navigation');
  } finally {
    await context.close();
  }
}

/**
 * One-letter queries through the real search page: how many pages the index found (`data-found`)
 * against how many article pages hold the letter (their text as the index read it), and what the
 * search fetched. A one-letter query is a prefix search over every chunk holding the letter.
 */
async function letterRecall(site: string, n: number, letters: string[]): Promise<void> {
  const articles = articlePages(site);
  const texts = articles.map((f) => {
    const record = readPageRecord(readFileSync(path.join(site, f), 'utf8'));
    return record ? foldText(`${record.text} ${record.meta.title ?? ''}`) : '';
  });
  const bundle = path.join(WORK, `bundle-${n}-ours`);
  const [browser, server] = await Promise.all([launchBrowser(), serveStatic(site, { mounts: { '/pagefind/': bundle }, gzip: true })]);
  try {
    for (const letter of letters) {
      const { context, page } = await freshPage(browser);
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(letter)}`);
      await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done', undefined, { timeout: 120_000 });
      const found = Number(await page.locator('archive-search').getAttribute('data-found'));
      const chunks = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.name.includes('/index/')).reduce((a, r) => [a[0]! + 1, a[1]! + r.transferSize], [0, 0]));
      const truth = texts.filter((t) => t.includes(letter)).length;
      console.log(`        one letter ${letter}: found ${found} of the ${truth} articles holding it · ${chunks[0]} chunks, ${(chunks[1]! / 1024).toFixed(0)} kB`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

function median(xs: number[]): number {
  const s = xs.toSorted((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      variants: { type: 'string', default: 'ours,stock' },
      rebuild: { type: 'boolean', default: false },
      /** Indexing figures only, without the browser. */
      'index-only': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      loads: { type: 'string', default: '1' },
      'cpu-slowdown': { type: 'string', default: '1' },
      network: { type: 'string' },
      'box-pause': { type: 'string', default: '500' },
      /** One-letter queries to check for recall through the search page (ours), comma-separated. */
      letters: { type: 'string' },
      'index-child': { type: 'string' },
      site: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values['index-child']) return indexChild(values['index-child'] as Variant, values.site!, values.out!);
  VERBOSE = values.verbose;
  CPU_SLOWDOWN = Number(values['cpu-slowdown']);
  if (!(CPU_SLOWDOWN >= 1)) throw new Error(`--cpu-slowdown takes a number from 1 up, not ${values['cpu-slowdown']}`);
  if (values.network !== undefined && !Object.hasOwn(NETWORKS, values.network)) throw new Error(`--network takes one of ${Object.keys(NETWORKS).join(', ')}, not ${values.network}`);
  NETWORK = values.network as keyof typeof NETWORKS | undefined;
  CHOSEN_BEFORE_ENTER_MS = Number(values['box-pause']);
  if (!(CHOSEN_BEFORE_ENTER_MS >= 0)) throw new Error(`--box-pause takes milliseconds, not ${values['box-pause']}`);
  mkdirSync(WORK, { recursive: true });
  const variants = values.variants.split(',') as Variant[];
  console.log(`search benchmark · ${os.cpus().length} cores · Node ${process.version} · pagefind ${execFileSync(process.execPath, ['-p', "require('./node_modules/pagefind/package.json').version"], { cwd: ROOT, encoding: 'utf8' }).trim()}`);
  if (CPU_SLOWDOWN !== 1) console.log(`Chromium's CPU slowed ${CPU_SLOWDOWN}× for every page (DevTools' throttling, as a phone's slower processor)`);
  console.log(`search from the home page's box: the query chosen through an input method ${TYPING_MS} ms after the box's focus, Enter ${CHOSEN_BEFORE_ENTER_MS} ms after that`);
  if (NETWORK) console.log(`every page on DevTools' ${NETWORK} network: ${NETWORKS[NETWORK].latency} ms latency, ${((NETWORKS[NETWORK].downloadThroughput * 8) / 1e6).toFixed(2)} Mbit/s down`);
  for (const n of values.sizes.split(',').map(Number)) {
    const site = buildSite(n, values.rebuild);
    const queries = pickQueries(site);
    console.log(`\n${n} articles · queries ${queries.join(' / ')}`);
    for (const variant of variants) {
      const before = cpuPressure();
      const newFile = newFileMicros(WORK, TRASH);
      const ix = indexSite(variant, site, n);
      console.log(`  ${variant.padEnd(5)} index: ${(ix.ms / 1000).toFixed(2)} s wall, ${ix.cpuS} s CPU, peak ${ix.peakMB} MB, bundle ${(ix.bundle.bytes / 1048576).toFixed(1)} MB in ${ix.bundle.files} files · CPU pressure ${before} → ${cpuPressure()} · a new file ${newFile} µs before`);
      if (values['index-only']) continue;
      const rounds: SearchFigures[][] = [];
      const loadsFrom = cpuPressure();
      for (let k = 0; k < Number(values.loads); k++) rounds.push(await firstSearch(variant, site, n, queries));
      console.log(`        CPU pressure ${loadsFrom} → ${cpuPressure()} during the searches`);
      const searches = rounds[0]!.map((first, i) => {
        const all = rounds.map((r) => r[i]!);
        const mid = (pick: (s: SearchFigures) => number | undefined) => {
          const xs = all.flatMap((s) => (pick(s) === undefined ? [] : [pick(s)!]));
          return xs.length ? median(xs) : undefined;
        };
        return { ...first, ms: mid((s) => s.ms)!, navMs: mid((s) => s.navMs), fullMs: mid((s) => s.fullMs), typedMs: mid((s) => s.typedMs), boxMs: mid((s) => s.boxMs), boxSaveDataMs: mid((s) => s.boxSaveDataMs), all };
      });
      if (rounds.length > 1) console.log(`        medians of ${rounds.length} loads each (range in brackets)`);
      const range = (xs: (number | undefined)[]) => (rounds.length > 1 && xs[0] !== undefined ? ` [${Math.min(...(xs as number[]))}–${Math.max(...(xs as number[]))}]` : '');
      for (const s of searches) {
        const full = s.fullMs === undefined ? '' : ` · whole first page: ${s.fullMs} ms${range(s.all.map((x) => x.fullMs))}, ${s.fullRequests} requests, ${s.fullKB} kB`;
        const typed =
          (s.typedMs === undefined ? '' : ` · typed into the open page: ${s.typedMs} ms${range(s.all.map((x) => x.typedMs))}`) +
          (s.boxMs === undefined ? '' : ` · from the home page's search box, Enter to results: ${s.boxMs} ms${range(s.all.map((x) => x.boxMs))} (saving data, nothing ahead: ${s.boxSaveDataMs} ms${range(s.all.map((x) => x.boxSaveDataMs))})`);
        const bundle = s.bundleRequests === undefined ? '' : ` (bundle alone ${s.bundleRequests} requests, ${s.bundleKB} kB)`;
        const nav = s.navMs === undefined ? '' : ` (${s.navMs} ms${range(s.all.map((x) => x.navMs))} from the navigation's start)`;
        console.log(`        first search ${s.q.padEnd(4, '　')}: ${s.ms} ms${range(s.all.map((x) => x.ms))}${nav}, ${s.requests} requests, ${s.kB} kB${bundle}, ${s.results} results${full}${typed}`);
      }
      console.log(`        median first search: ${median(searches.map((s) => s.ms))} ms, ${median(searches.map((s) => s.requests))} requests, ${median(searches.map((s) => s.kB))} kB`);
      const typed = searches.flatMap((s) => (s.typedMs === undefined ? [] : [s.typedMs]));
      if (typed.length) console.log(`        median typed into the open page: ${median(typed)} ms`);
      const box = searches.flatMap((s) => (s.boxMs === undefined ? [] : [s.boxMs]));
      if (box.length) console.log(`        median from the home page's search box, Enter to results: ${median(box)} ms; saving data: ${median(searches.map((s) => s.boxSaveDataMs!))} ms`);
      if (variant === 'ours' && values.letters) await letterRecall(site, n, values.letters.split(','));
    }
  }
  TRASH.empty();
}

await main();
