import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { init as lexerReady, parse as parseModule } from 'es-module-lexer';
import { StaleTokens, writeBundle, type BundleOptions, type BundleStats, type CompressedFiles, type Compressor, type TokenReuse } from './pagefind-bundle';
import { ENTRY_ELEMENT, wasmAddress } from './pagefind-library';
import { withBase } from '../lib/paths';
import { codeKey, indexCache, indexKey, knownPageHashes, pageHashes, sitePath, sitePaths, type KeptTokens } from './search-index-cache';
import { PagePreparer, prepareBuiltPage, type PageRequest, type PreparedPage, type PreparedReply, type PrepareOptions } from './search-pages';

/**
 * The language the index is filed under: "undetermined". The browser library finds no index for
 * the page's `zh-cn` and falls back to the only one there is; its own query segmentation leaves
 * our ASCII tokens whole.
 */
export const INDEX_LANGUAGE = 'und';
/** Meta fields whose words are indexed: a phrase in the title ranks above one in the body. */
const META_WORDS = ['title'];
/**
 * Index chunk size (locations per chunk file). Smaller chunks mean fewer bytes per query word but
 * a longer chunk list in pf_meta. With Pagefind's pf_meta, 8,000 kept both near their sum's
 * minimum at 10,000 articles (20,000 gave pf_meta 42 kB + 46 kB per chunk, 10,000 53 + 25, 5,000
 * 73 + 13). The compact pf_meta (`meta`) lists a chunk in about 4 bytes: at 6,000 the largest of
 * the benchmark's first searches fetches 137.6 kB, against 150.0 kB at 8,000 (BENCHMARKS.md, "Search").
 */
const CHUNK_SIZE = 6000;
/**
 * Two-letter words on more than 4,096 pages are written as parts of about 1,024 of their pages
 * each (`BundleOptions.split`): Pagefind's exact search takes time in the square of a word's
 * pages, 14 ms at 4,096 pages once warm, and each part is a search of its own (BENCHMARKS.md).
 * At 10,000 articles that is 133 words, listed in the search page.
 */
const SPLIT = { pages: 4096, range: 1024 };
/**
 * How the site's bundle is written (src/integrations/pagefind-bundle.ts). Pages are numbered in
 * path order, which for /YYYY/MM/DD/<slug>/ is date order: the search page sorts by date with
 * the page number in each result's id, so pf_meta needs no sort list. gzip level 4 for the chunks
 * and 1 for the fragments: at 10,000 articles level 6 took 30% longer for 3% smaller chunks, and
 * fragments (prose) come out the same size at any level (BENCHMARKS.md, "Search"). Chunk bounds
 * are whole words, so that Pagefind finds any word's chunk at the first look (`chunkBounds`).
 * pf_meta is compact (`meta`): the bundle's library writes Pagefind's own from it.
 */
export const INDEX_OPTIONS: BundleOptions = { language: INDEX_LANGUAGE, metaWords: META_WORDS, level: 4, fragmentLevel: 1, names: 'sequence', meta: 'compact', wordCounts: 'rounded', sorts: false, chunkSize: CHUNK_SIZE, chunkBounds: 'words', split: SPLIT };
/** Pages being prepared at once. */
const READ_AHEAD = 64;

export interface IndexStats extends BundleStats {
  ms: number;
}

/** The index's folder in the built site, Pagefind's own name (the search page loads `/pagefind/pagefind.js`). */
const BUNDLE_FOLDER = 'pagefind';

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== BUNDLE_FOLDER) yield* htmlFiles(full);
    } else if (entry.name.endsWith('.html')) yield full;
  }
}

/** The public URL of a built file: `2022/09/01/slug/index.html` → `/base/2022/09/01/slug/`. */
export function urlOf(site: string, file: string, base: string): string {
  return withBase(sitePath(site, file).replace(/(^|\/)index\.html$/, '$1'), base);
}

/** How `options` prepares a page (`PrepareOptions`): its meta words, and its fragment's gzip level. */
export function prepareOptions(options: BundleOptions): PrepareOptions {
  return { metaWords: options.metaWords ?? [], level: options.fragmentLevel ?? options.level ?? 9 };
}

/** The search pages of a built site, in file order, prepared a few pages ahead; `onRead` sees each file's digest. */
async function* sitePages(site: string, base: string, files: AsyncIterable<string> | Iterable<string>, prepare: (request: PageRequest) => Promise<PreparedReply>, onRead?: (file: string, digest: string) => void): AsyncGenerator<PreparedPage> {
  const queue: { file: string; reply: Promise<PreparedReply> }[] = [];
  const next = async (): Promise<PreparedPage | undefined> => {
    const { file, reply } = queue.shift()!;
    const { page, digest } = await reply;
    onRead?.(file, digest);
    return page;
  };
  for await (const file of files) {
    queue.push({ file, reply: prepare({ file, url: urlOf(site, file, base) }) });
    if (queue.length >= READ_AHEAD) {
      const page = await next();
      if (page) yield page;
    }
  }
  while (queue.length) {
    const page = await next();
    if (page) yield page;
  }
}

/** The worker module that prepares pages, and the hooks it needs to run (`PagePreparer`). */
export interface PreparerModules {
  module: URL;
  hooks: URL;
}

/** Where the page-preparing worker and the TypeScript hooks are, when this module runs as it is written (tests, scripts). */
export const PREPARER_MODULES: PreparerModules = { module: new URL('./search-page-worker.ts', import.meta.url), hooks: new URL('../../scripts/support/ts-imports.ts', import.meta.url) };

export interface BuildOptions {
  /** The site's base path, as in astro.config. */
  base?: string;
  /** Where the bundle goes; `<site>/pagefind` by default. */
  outputPath?: string;
  /** The HTML files to read; every HTML file of the site by default. */
  files?: string[];
  /** An earlier bundle's compressed files, reused where their content is unchanged. */
  reuse?: CompressedFiles;
  /** How the bundle is written; the site's `INDEX_OPTIONS` by default (tests vary them). */
  options?: BundleOptions;
  /** The last bundle's tokens, to read only `files` (the pages that changed) again, and where to keep this one's. */
  tokens?: TokenReuse;
  /** Sees the digest (`pageDigest`) of each file read. */
  onRead?: (file: string, digest: string) => void;
  /** The module of the workers that prepare the pages (`PagePreparer`). */
  modules?: PreparerModules;
}

/**
 * Indexes every page of a built site that has a `data-pagefind-body` and writes a Pagefind bundle
 * to `<site>/pagefind` with our writer (src/integrations/pagefind-bundle.ts).
 */
export async function buildSearchIndex(site: string, { base = '/', outputPath = path.join(site, BUNDLE_FOLDER), files, reuse, options = INDEX_OPTIONS, tokens, onRead, modules = PREPARER_MODULES }: BuildOptions = {}): Promise<IndexStats> {
  const started = performance.now();
  const paths = files ? files.toSorted() : htmlFiles(site);
  // A few pages read again after an edit are prepared here: a worker takes longer to start.
  // The workers start with the first page they are given.
  const preparer = files && files.length <= FEW_PAGES ? undefined : new PagePreparer({ ...modules, ...prepareOptions(options), holdIn: outputPath });
  // Here, the fragments are left to the writer, which compresses on libuv's threads.
  const here = { ...prepareOptions(options), level: undefined };
  const prepare = (request: PageRequest): Promise<PreparedReply> => (preparer ? preparer.prepare(request) : prepareBuiltPage(request, here));
  try {
    const stats = await writeBundle(outputPath, sitePages(site, base, paths, prepare, onRead), options, reuse, tokens, preparer && workerCompressor(preparer));
    return { ...stats, ms: Math.round(performance.now() - started) };
  } finally {
    await preparer?.close();
  }
}

/** The writer's `Compressor` on `preparer`'s workers: they compress the chunks, and write them. */
export function workerCompressor(preparer: PagePreparer): Compressor {
  return Object.assign((data: Uint8Array, level: number) => preparer.gzip(data, level), { writeTo: (data: Uint8Array, level: number, rel: string) => preparer.gzipTo(data, level, rel) });
}

/** Up to this many pages are prepared on the main thread (`buildSearchIndex`). */
const FEW_PAGES = 64;

/** The cache tag of a bundle: its pf_meta's hash, which changes whenever the entry file does. */
export function cacheTag(metaFile: string): string {
  return metaFile.replace(/^pagefind\.|\.pf_meta$/g, '');
}

/**
 * The modules a page's module scripts import statically, transitively, as URLs: the browser finds
 * them only once each importing script has arrived, one round trip after another, unless the page
 * names them up front. `site` is the built site, `base` the site's base path.
 */
export async function staticImports(site: string, html: string, base: string): Promise<string[]> {
  await lexerReady;
  const found = new Set<string>();
  const queue = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    if (!url.startsWith(base)) continue;
    const file = path.join(site, url.slice(base.length));
    if (!existsSync(file)) continue;
    const [imports] = parseModule(await readFile(file, 'utf8'));
    for (const { n, d } of imports) {
      // d === -1: a static import (dynamic ones load only when used: the traditional-character table).
      if (d !== -1 || !n || !/^\.{0,2}\//.test(n)) continue;
      const target = new URL(n, `http://site${url}`).pathname;
      if (found.has(target)) continue;
      found.add(target);
      queue.push(target);
    }
  }
  return [...found];
}

/**
 * `buildSearchIndex`, unless the previous build's index was made from the same files, options and
 * code: then it is reused from `<cacheDir>/search-index/` (src/integrations/search-index-cache.ts).
 * `beforeWrite` runs only when the index is written from every page: written from the last
 * index's kept tokens after an edit, it needs a few hundred megabytes rather than a gigabyte, and
 * a full collection first cost more than it saved (BENCHMARKS.md, Build).
 */
export async function cachedSearchIndex(site: string, { base, files, root, cacheDir, beforeWrite = () => {}, modules }: { base: string; files: string[] | undefined; root: string; cacheDir: string; beforeWrite?: () => void } & Pick<BuildOptions, 'modules'>): Promise<IndexStats & { reused: boolean }> {
  const started = performance.now();
  const outputPath = path.join(site, BUNDLE_FOLDER);
  // Without Astro's list of files there is nothing to key the cache on.
  if (!files) {
    beforeWrite();
    return { ...(await buildSearchIndex(site, { base, outputPath, modules })), reused: false };
  }
  const cache = indexCache(cacheDir);
  const options = { INDEX_OPTIONS, base };
  const code = await codeKey(root, options);
  const rels = sitePaths(site, files);
  const memoFile = path.join(cache.dir, 'pages.json');
  if (!(await cache.madeBy(code))) {
    // Nothing this code kept (a cold build, or the writer's code changed): neither the last index
    // nor its tokens can serve, so the pages are hashed as the writer reads them, not read twice.
    beforeWrite();
    const reuse = await cache.compressedFiles(outputPath);
    const read = new Map<string, string>();
    let tokens: KeptTokens['tokens'] | undefined;
    const onRead = (file: string, digest: string): void => void read.set(sitePath(site, file), digest);
    const stats = await buildSearchIndex(site, { base, outputPath, files, reuse, tokens: { keep: (t) => void (tokens = t) }, onRead, modules });
    const known = rels.map((rel) => read.get(rel));
    const { hash, digests } = known.every((d) => d !== undefined) ? await knownPageHashes(site, rels, known, memoFile) : await pageHashes(site, rels, memoFile);
    const { ms: _ms, ...written } = stats;
    await Promise.all([tokens && cache.keepTokens({ code, files: rels, digests, tokens }), cache.store(indexKey(code, hash), outputPath, written, reuse, code)]);
    return { ...stats, ms: Math.round(performance.now() - started), reused: false };
  }
  const { hash: pages, digests } = await pageHashes(site, rels, memoFile);
  const key = indexKey(code, pages);
  const previous = await cache.restore<BundleStats>(key, outputPath);
  if (previous) return { ...previous, ms: Math.round(performance.now() - started), reused: true };
  // Written again: the files whose content is unchanged come compressed from the last index, and
  // when the code and the list of pages are the same, only the pages that changed are read again.
  // The tokens are written to the cache while the bundle is stored: both are mostly waiting on the disk.
  let keeping: Promise<void> | undefined;
  const keep = (tokens: KeptTokens['tokens']): void => {
    keeping = cache.keepTokens({ code, files: rels, digests, tokens });
  };
  const write = async (tokens: TokenReuse, only?: string[]): Promise<IndexStats> => {
    if (!tokens.previous) beforeWrite();
    const reuse = await cache.compressedFiles(outputPath);
    const stats = await buildSearchIndex(site, { base, outputPath, files: only ?? files, reuse, tokens, modules });
    const { ms: _ms, ...written } = stats;
    await Promise.all([keeping, cache.store(key, outputPath, written, reuse, code)]);
    return stats;
  };
  const plan = changedPages(site, base, rels, digests, await cache.readTokens(code));
  let stats: IndexStats | undefined;
  if (plan) {
    try {
      stats = await write({ previous: plan.previous, changed: plan.pages, keep }, plan.files);
    } catch (e) {
      // The kept tokens cannot give this index after all: it is written from every page.
      if (!(e instanceof StaleTokens)) throw e;
    }
  }
  stats ??= await write({ keep });
  return { ...stats, ms: Math.round(performance.now() - started), reused: false };
}

/**
 * Which pages of the kept index (`KeptTokens`) to read again: the files whose hash changed, as
 * page numbers and files. Undefined when the kept tokens cannot serve: none, or another list of
 * files, or a changed file that was no page of the index; or more than a quarter of the pages.
 */
export function changedPages(site: string, base: string, rels: readonly string[], digests: readonly string[], kept: KeptTokens | undefined): { previous: KeptTokens['tokens']; pages: number[]; files: string[] } | undefined {
  if (!kept || kept.files.length !== rels.length || kept.files.some((f, i) => f !== rels[i])) return undefined;
  const pageOf = new Map(kept.tokens.pageList.map((p, i) => [p.url, i]));
  const pages: number[] = [];
  const files: string[] = [];
  for (const [i, rel] of rels.entries()) {
    if (kept.digests[i] === digests[i]) continue;
    const file = path.join(site, rel);
    const page = pageOf.get(urlOf(site, file, base));
    if (page === undefined) return undefined;
    pages.push(page);
    files.push(file);
  }
  // Past a quarter of the pages (a template changed), reading them all is no slower.
  if (pages.length > rels.length / 4) return undefined;
  return { previous: kept.tokens, pages, files };
}

/**
 * The page without the preload links `addPreloads` adds (modulepreload links, and fetch preloads of
 * files under /pagefind/) and without the entry file it carries, for a page given another bundle
 * (the benchmarks and tests swap them).
 */
export function withoutPreloads(html: string): string {
  return withoutEntry(html).replace(/<link rel="modulepreload" href="[^"]*">|<link rel="preload" href="[^"]*\/pagefind\/[^"]*"[^>]*>/g, '');
}

/** The page without the entry file `addPreloads` put in it. */
function withoutEntry(html: string): string {
  return html.replace(new RegExp(`<script type="application/json" id="${ENTRY_ELEMENT}">[^<]*</script>`), '');
}

/**
 * The search page carries the bundle's entry file up to this size, and Pagefind's library takes
 * it from there (src/integrations/pagefind-library.ts): one request fewer on every first search.
 * At 10,000 articles the file is 1.4 kB (0.7 kB gzipped), most of it the split words; at 100,000
 * they alone are 11.1 kB gzipped, and the page, which must stay within its budget (14 kB with its
 * CSS), lets Pagefind fetch the file instead.
 */
const ENTRY_IN_PAGE_BYTES = 4096;

/**
 * Lets the search page fetch what every search needs while its own scripts load: Pagefind's
 * library, its entry file, pf_meta (`metaFile`, named only once the index is written), the wasm,
 * and the modules the page's script imports. The fetch links match how Pagefind fetches
 * (`fetch()`: CORS mode, same-origin credentials), so the browser reuses the responses. Pagefind
 * fetches its entry file with a cache-busting `?ts=` (the time, unless told a `metaCacheTag`): the
 * `<archive-search>` element is given the bundle's tag, so the URL is known and can be preloaded.
 * `entry` is the bundle's entry file: while it is small (`ENTRY_IN_PAGE_BYTES`), the page carries
 * it instead, and Pagefind does not fetch it at all; its Pagefind version is in the wasm's
 * address (`wasmAddress`).
 * Returns false when the page has no </head> or no <archive-search> to add them to.
 */
export async function addPreloads(page: string, bundleUrl: string, metaFile: string, entry: string, { site = path.dirname(path.dirname(page)), base = '/' }: { site?: string; base?: string } = {}): Promise<boolean> {
  const html = withoutEntry(await readFile(page, 'utf8'));
  const at = html.indexOf('</head>');
  if (at < 0 || !html.includes('<archive-search ')) return false;
  const tag = cacheTag(metaFile);
  const inPage = Buffer.byteLength(entry) <= ENTRY_IN_PAGE_BYTES;
  const parsed = JSON.parse(entry) as { version: string };
  const fetches = [...(inPage ? [] : [`pagefind-entry.json?ts=${tag}`]), metaFile, wasmAddress(parsed.version)];
  const links = [
    ...[`${bundleUrl}pagefind.js`, ...(await staticImports(site, html, base))].map((href) => `<link rel="modulepreload" href="${href}">`),
    ...fetches.map((f) => `<link rel="preload" href="${bundleUrl}${f}" as="fetch" crossorigin>`),
    // JSON as the page's text: no "<" in it, so nothing in it can close the element.
    ...(inPage ? [`<script type="application/json" id="${ENTRY_ELEMENT}">${JSON.stringify(parsed).replaceAll('<', '\\u003c')}</script>`] : []),
  ].join('');
  const head = html.slice(0, at) + links;
  const body = html.slice(at).replace(/<archive-search (?:data-cache-tag="[^"]*" )?/, `<archive-search data-cache-tag="${tag}" `);
  // A new file in its place, never a write into it: a built page may be a hard link to a copy
  // in Astro's cache (patches/), which must keep the bytes it was rendered with.
  await writeFile(`${page}.tmp`, head + body);
  await rename(`${page}.tmp`, page);
  return true;
}

/**
 * A full garbage collection, before the index is written. The writer runs in the build's own
 * process after Astro has rendered every page; V8 would rather grow the heap than collect the
 * rendering's garbage, and the writer's arrays (about 0.9 GB at 10,000 articles) come on top of
 * it. Measured cold at 10,000 articles: peaks of 1.96–2.32 GB without it, 1.93 and 1.97 GB with
 * it (BENCHMARKS.md, Build).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Builds the search index from the finished site in `astro:build:done`; fails the build loudly.
 * Only the pages of `routes` are read (Astro lists each route's files), since only articles
 * carry a `data-pagefind-body`: at 10,000 articles the other 20,000 pages are most of the HTML.
 * `modules` names the module of the workers that prepare the pages (`PagePreparer`), and its
 * hooks: the config's code is bundled elsewhere.
 */
export default function searchIndex({ routes = ['/[year]/[month]/[day]/[slug]'], searchPage = 'search/index.html', modules = PREPARER_MODULES }: { routes?: string[]; searchPage?: string; modules?: PreparerModules } = {}): AstroIntegration {
  let base = '/';
  let root = '';
  let cacheDir = '';
  return {
    name: 'archive:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
        root = fileURLToPath(config.root);
        cacheDir = fileURLToPath(config.cacheDir);
        // Named wrongly, the workers would fail to start and every page be read on the main
        // thread, with only a warning: a small site never starts them, so say so at once.
        for (const url of [modules.module, modules.hooks]) {
          if (!existsSync(fileURLToPath(url))) throw new Error(`the search index's worker module is missing: ${fileURLToPath(url)} (searchIndex({ modules }) in astro.config.ts)`);
        }
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const listed = routes.flatMap((route) => assets.get(route) ?? []).map((url) => fileURLToPath(url)).filter((f) => f.endsWith('.html'));
        // Without Astro's list (a route renamed), read every page rather than index nothing.
        const files = listed.length ? listed : undefined;
        const site = fileURLToPath(dir);
        const { pages, words, chunks, ms, metaFile, reused, files: written, reusedFiles, pagesRead } = await cachedSearchIndex(site, { base, files, root, cacheDir, beforeWrite: collectGarbage, modules });
        const read = !reused && pagesRead < pages ? `; ${pagesRead} changed pages read, the others' words kept from the last index` : '';
        const taken = !reused && reusedFiles ? `; ${reusedFiles} of its ${written} files unchanged, taken compressed from the last index` : '';
        logger.info(`${reused ? 'search index of' : 'indexed'} ${pages} pages (${words} words in ${chunks} chunks${read}${taken})${reused ? ' reused from the previous build' : ''} in ${ms} ms`);
        const page = path.join(site, searchPage);
        if (existsSync(page)) {
          const entry = await readFile(path.join(site, BUNDLE_FOLDER, 'pagefind-entry.json'), 'utf8');
          if (!(await addPreloads(page, withBase(`/${BUNDLE_FOLDER}/`, base), metaFile, entry, { site, base }))) {
            throw new Error(`could not add the search index's preload links to ${searchPage}`);
          }
        }
      },
    },
  };
}
