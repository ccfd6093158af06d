import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBundle, type BundleOptions, type BundleRecord, type BundleStats } from './pagefind-bundle';
import { withBase } from '../lib/paths';
import { readPageRecord } from '../lib/search-record';

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
 * a longer chunk list in pf_meta; at 10,000 articles 8,000 keeps both near their sum's minimum
 * (BENCHMARKS.md, "Search": 20,000 gave pf_meta 42 kB + 46 kB per chunk, 10,000 53 + 25, 5,000 73 + 13).
 */
const CHUNK_SIZE = 8000;
/**
 * How the site's bundle is written (src/integrations/pagefind-bundle.ts). Pages are numbered in
 * path order, which for /YYYY/MM/DD/<slug>/ is date order: the search page sorts by date with
 * the page number in each result's id, so pf_meta needs no sort list. gzip level 4 for the chunks
 * and 1 for the fragments: at 10,000 articles level 6 took 30% longer for 3% smaller chunks, and
 * fragments (prose) come out the same size at any level (BENCHMARKS.md, "Search").
 */
export const INDEX_OPTIONS: BundleOptions = { language: INDEX_LANGUAGE, metaWords: META_WORDS, level: 4, fragmentLevel: 1, names: 'sequence', wordCounts: 'rounded', sorts: false, chunkSize: CHUNK_SIZE };
/** Files read at once. */
const READ_AHEAD = 32;

export interface IndexStats extends BundleStats {
  ms: number;
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'pagefind') yield* htmlFiles(full);
    } else if (entry.name.endsWith('.html')) yield full;
  }
}

/** The public URL of a built file: `2022/09/01/slug/index.html` → `/base/2022/09/01/slug/`. */
export function urlOf(site: string, file: string, base: string): string {
  return withBase(path.relative(site, file).split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1'), base);
}

/** The search records of a built site, in file order, reading a few files ahead. */
async function* siteRecords(site: string, base: string, files: AsyncIterable<string> | Iterable<string>): AsyncGenerator<BundleRecord> {
  const queue: Promise<BundleRecord | undefined>[] = [];
  const read = async (file: string): Promise<BundleRecord | undefined> => {
    const record = readPageRecord(await readFile(file, 'utf8'));
    if (!record) return undefined;
    // The fragment carries the text as shown (meta.text); Pagefind's own excerpts are not used.
    return { url: urlOf(site, file, base), text: record.text, content: '', meta: { ...record.meta, text: record.text }, filters: record.filters, sort: record.sort };
  };
  for await (const file of files) {
    queue.push(read(file));
    if (queue.length >= READ_AHEAD) {
      const record = await queue.shift()!;
      if (record) yield record;
    }
  }
  for (const pending of queue) {
    const record = await pending;
    if (record) yield record;
  }
}

export interface BuildOptions {
  /** The site's base path, as in astro.config. */
  base?: string;
  /** Where the bundle goes; `<site>/pagefind` by default. */
  outputPath?: string;
  /** The HTML files to read; every HTML file of the site by default. */
  files?: string[];
}

/**
 * Indexes every page of a built site that has a `data-pagefind-body` and writes a Pagefind bundle
 * to `<site>/pagefind` with our writer (src/integrations/pagefind-bundle.ts).
 */
export async function buildSearchIndex(site: string, { base = '/', outputPath = path.join(site, 'pagefind'), files }: BuildOptions = {}): Promise<IndexStats> {
  const started = performance.now();
  const paths = files ? files.toSorted() : htmlFiles(site);
  const stats = await writeBundle(outputPath, siteRecords(site, base, paths), INDEX_OPTIONS);
  return { ...stats, ms: Math.round(performance.now() - started) };
}

/**
 * Lets the search page fetch what every search needs while its own scripts load: Pagefind's
 * library, pf_meta (`metaFile`, named only once the index is written) and the wasm. The links
 * match how Pagefind fetches them (`fetch()`: CORS mode, same-origin credentials), so the
 * browser reuses the responses. Returns false when the page has no </head> to add them to.
 */
export async function addPreloads(page: string, bundleUrl: string, metaFile: string): Promise<boolean> {
  const html = await readFile(page, 'utf8');
  const at = html.indexOf('</head>');
  if (at < 0) return false;
  const links = [`<link rel="modulepreload" href="${bundleUrl}pagefind.js">`, ...[metaFile, 'wasm.unknown.pagefind'].map((f) => `<link rel="preload" href="${bundleUrl}${f}" as="fetch" crossorigin>`)].join('');
  await writeFile(page, html.slice(0, at) + links + html.slice(at));
  return true;
}

/**
 * Builds the search index from the finished site in `astro:build:done`; fails the build loudly.
 * Only the pages of `routes` are read (Astro lists each route's files), since only articles
 * carry a `data-pagefind-body`: at 10,000 articles the other 20,000 pages are most of the HTML.
 */
export default function searchIndex({ routes = ['/[year]/[month]/[day]/[slug]'], searchPage = 'search/index.html' }: { routes?: string[]; searchPage?: string } = {}): AstroIntegration {
  let base = '/';
  return {
    name: 'archive:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const listed = routes.flatMap((route) => assets.get(route) ?? []).map((url) => fileURLToPath(url)).filter((f) => f.endsWith('.html'));
        // Without Astro's list (a route renamed), read every page rather than index nothing.
        const files = listed.length ? listed : undefined;
        const site = fileURLToPath(dir);
        const { pages, words, chunks, ms, metaFile } = await buildSearchIndex(site, { base, files });
        logger.info(`indexed ${pages} pages (${words} words in ${chunks} chunks) in ${ms} ms`);
        const page = path.join(site, searchPage);
        if (existsSync(page) && !(await addPreloads(page, withBase('/pagefind/', base), metaFile))) {
          throw new Error(`could not add the search index's preload links to ${searchPage}`);
        }
      },
    },
  };
}
