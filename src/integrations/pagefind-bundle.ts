/**
 * Writes a Pagefind 1.6 search bundle directly: the same files, in the same format, that
 * Pagefind's own indexer writes, read by Pagefind's browser library (with the changes in
 * src/integrations/pagefind-library.ts).
 *
 * Why not Pagefind's indexer: at archive scale it is the build's bottleneck. Measured here
 * (BENCHMARKS.md), it holds every page's words as separate heap objects, copies them several
 * times, compresses at the slowest gzip level, and grows worse than linearly: 1,000 articles
 * took 14–19 CPU-seconds and 1.1 GB, 10,000 took 354 s and 12.2 GB, and were killed for want of memory inside an Astro build. The
 * format itself is small and simple (CBOR arrays and gzip), so we write it from typed arrays:
 * tokens are numbers, postings are one flat array sorted by counting, and compression runs on
 * other threads (worker threads, or libuv's: `Compressor`). Each page's reading, tokens and
 * fragment can be made ahead, on worker threads (`PreparedPage`, ./search-pages.ts).
 * `tests/unit/pagefind-bundle.test.ts` checks that for the same records this writes what
 * Pagefind writes, and the e2e search tests run Pagefind's browser library on it.
 *
 * The words are our search tokens (src/lib/search-text.ts): a bigram per letter or digit.
 * `BUNDLE_DEBUG=1` prints the time and memory at the end of each phase, for the benchmarks.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { encodeSplitWords, type EntryExtras, partWord, prefixChunksFile, sequenceFile, sequenceName } from '../lib/bundle-names';
import { CborWriter } from '../lib/cbor';
import { fileWriter } from '../lib/files';
import { CODE_LENGTH, tokenWord } from '../lib/search-text';
import { COMPACT_META, tunePagefindLibrary } from './pagefind-library';
import { byKey, compressionKey, gzipFileAsync, META, preparePage, U32, type BundleRecord, type HeldFile, type PageFields, type PreparedPage } from './search-pages';

export { compressionKey, type BundleRecord, type PreparedPage };

export interface BundleOptions {
  /** The language code the index is filed under. */
  language: string;
  /**
   * The weight of every word. Pagefind stores 24 for custom records; 25 is the weight it
   * assumes when a page's locations carry no weight marker, so 25 saves two bytes a posting.
   */
  weight?: number;
  /** Words per index chunk, counted as Pagefind counts them (locations plus one per page). */
  chunkSize?: number;
  /** gzip level of every file; Pagefind uses 9. */
  level?: number;
  /** gzip level of the fragments (each page's text, fetched one result at a time); `level` by default. */
  fragmentLevel?: number;
  /**
   * How fragment and chunk files are named: by a hash of their content, as Pagefind does, or
   * by number in base 36, in a folder named by a hash of every fragment (`sequence`; the folder
   * is in the entry file, and only the bundle's library, src/integrations/pagefind-library.ts,
   * reads such a bundle). Sequence names cost pf_meta, which every first search downloads, a
   * fraction as much at 10,000 pages; every file's address changes when any page does.
   * Fragments are then numbered in the records' order, so a result's page number can be read
   * from its id (`pageNumber`).
   */
  names?: 'content' | 'sequence';
  /**
   * Page word counts as written, or rounded to three significant bits (`rounded`). Pagefind
   * uses them only to weigh a term's frequency by page length (BM25); quoted searches ignore
   * them. Rounded, they cost pf_meta about 40% less.
   */
  wordCounts?: 'exact' | 'rounded';
  /**
   * Each chunk's bounds in pf_meta: the shortest prefixes that tell neighbouring chunks apart, as
   * Pagefind writes them (`shortest`), or the chunk's first and last words (`words`). Pagefind's
   * wasm looks a word up in the first chunk whose bounds hold it, and a shortened upper bound is
   * lower than the chunk's last words (`afgbar5` < `afgbar5t`): for those it falls back to
   * loading every chunk that might hold an extension of the word, two or three instead of one.
   */
  chunkBounds?: 'shortest' | 'words';
  /**
   * pf_meta as Pagefind writes it, or compact (`compact`, with `sequence` names only): its pages'
   * and chunks' ids left out, the word counts as places in a table, the chunk bounds front-coded
   * (`COMPACT_META`, src/integrations/pagefind-library.ts). The bundle's library writes Pagefind's
   * own bytes from it before the wasm reads them. Every first search downloads pf_meta, and at
   * 10,000 articles the page and chunk lists are 55 kB of Pagefind's format gzipped, 17 kB compact.
   */
  meta?: 'pagefind' | 'compact';
  /** Write the records' sort keys (a permutation of every page per key, in pf_meta); true by default. */
  sorts?: boolean;
  /** Meta fields whose words are indexed too (Pagefind ranks a phrase in the title above one in the body). */
  metaWords?: string[];
  /**
   * Two-letter words found on more than `pages` pages are written as parts by page number
   * (`partWord`), all in the word's chunk: as many parts as it takes for each to hold about
   * `range` of the word's pages, rounded up to a power of two, with part k holding the pages p
   * with floor(p × parts / page count) = k. Pagefind's exact search compares every page it finds
   * with every page of the query's words, so its time grows with the square of a word's pages;
   * searched part by part, a word on 9,000 pages costs about a ninth of that. Powers of two nest:
   * a phrase of several split words is searched in its finest word's parts. The search page
   * searches the parts of the words the entry file lists (`EntryExtras`). Quoted searches score
   * each page by itself, so the results and their scores are those of the whole word.
   */
  split?: { pages: number; range: number };
}

/**
 * Compressed files of an earlier bundle, by a key of what they hold (`compressionKey`): a file
 * whose content and gzip level were written before is taken from there instead of compressed
 * again. An edited article changes its fragment and the few chunks holding its changed words;
 * the other files of the bundle are the same bytes under new names.
 */
export interface CompressedFiles {
  /** The gzipped bytes stored under `key`, if any. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Whether a file is stored under `key`, for `place`. */
  has?(key: string): boolean;
  /**
   * Puts the file stored under `key` at `path` of the new bundle without reading it (a hard link)
   * and returns its size, or undefined if it cannot. Creating thousands of files is most of an
   * edit's index on a busy disk; linking them is a fraction of that (BENCHMARKS.md, Build).
   */
  place?(key: string, path: string): Promise<number | undefined>;
  /** Called for every compressed file written: its key, its path in the new bundle and its size. */
  written(key: string, path: string, size: number): void;
}

export interface BundleStats {
  /** The meta index's file name (`pagefind.<hash>.pf_meta`), which a page may preload. */
  metaFile: string;
  pages: number;
  words: number;
  postings: number;
  locations: number;
  chunks: number;
  files: number;
  bytes: number;
  /** Files taken compressed from an earlier bundle (`CompressedFiles`). */
  reusedFiles: number;
  /** How many words were written as parts (`BundleOptions.split`). */
  splitWords: number;
  /** How many pages were read (all of them, unless written from kept tokens: `TokenReuse`). */
  pagesRead: number;
  /** How many chunks were taken as they were, none of their words changed (`TokenReuse`). */
  chunksKept: number;
}

/** A page of a bundle as the writer keeps it (`BundleTokens`): what pf_meta and its fragment need. */
export interface BundlePage extends PageFields {
  /** As pf_meta holds it (rounded when `wordCounts` is). */
  wordCount: number;
  /** Its fragment's `compressionKey`. */
  fragment: string;
}

/** An index chunk as the writer keeps it (`BundleTokens`), to take it as it was when none of its words changed. */
export interface BundleChunk {
  /** Its first word's two code points (`wordCode`); a chunk may begin between a split word's parts. */
  start: number;
  /** How many tokens, words and postings it holds. */
  tokens: number;
  words: number;
  postings: number;
  /** Its first and last words, and the split words (`BundleOptions.split`) whose first part it holds, with their parts. */
  from: string;
  to: string;
  split: [string, number][];
  /** Its file's `compressionKey`; '' when it begins or ends between a split word's parts, so is never taken whole. */
  file: string;
}

/**
 * What a bundle was written from, kept to write the next one without reading every page again
 * (`TokenReuse`): the tokens, sorted in index order (word, page, position; a word is two 16-bit
 * character ids, `chars[id - 1]` the code point of id), the pages, and the chunks with the meta
 * fields their positions refer to.
 */
export interface BundleTokens {
  chars: Uint32Array;
  keys: Uint32Array;
  pages: Uint32Array;
  positions: Uint32Array;
  pageList: BundlePage[];
  chunks?: BundleChunk[];
  metaFields?: string[];
}

/**
 * Writing a bundle from the last one's tokens (`BundleTokens`) instead of from every page: an
 * edit rebuild reads and tokenizes only the pages that changed, and their tokens are merged into
 * the kept ones. The bundle is byte for byte the one a full write gives (tests/unit/pagefind-bundle.test.ts).
 */
export interface TokenReuse {
  /**
   * The tokens of the last bundle; `records` then yields only the pages read again, in page
   * order. Its arrays are used up: the changed pages' tokens are dropped from them in place.
   */
  previous?: BundleTokens;
  /** With `previous`: the page numbers of the records, the pages read again. */
  changed?: readonly number[];
  /** Receives the tokens of the bundle written, to keep for the next. */
  keep?: (tokens: BundleTokens) => void | Promise<void>;
}

/**
 * Compresses a file as `gzipFile` does (on worker threads: `PagePreparer.gzip`); on libuv's threads
 * by default. With `writeTo`, a file is compressed and written where it is done (`PagePreparer.gzipTo`:
 * the path is relative to the bundle's folder), and only its size comes back.
 */
export type Compressor = ((data: Uint8Array, level: number) => Promise<Uint8Array>) & { writeTo?: (data: Uint8Array, level: number, path: string) => Promise<number> };

/**
 * Thrown when `TokenReuse.previous` cannot give this bundle: a page read again has nothing to
 * index (the pages would be numbered anew), the records are not the `changed` pages, or a kept
 * fragment or chunk is gone from the earlier bundle's files. The caller writes the bundle from
 * every page instead.
 */
export class StaleTokens extends Error {}

/** Distinct letters and digits one bundle can hold: each gets a 16-bit id. */
const MAX_CHARS = 0xffff;

function hashOf(bytes: Uint8Array | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** A name `<language>_<7+ hex>` not in `taken`, lengthened on a collision as Pagefind does. */
function shortName(language: string, full: string, taken: Set<string>): string {
  let len = 7;
  let name = `${language}_${full.slice(0, len)}`;
  while (taken.has(name) && len < full.length) name = `${language}_${full.slice(0, ++len)}`;
  taken.add(name);
  return name;
}

/** Pagefind's boundary names for neighbouring chunks: the shortest prefixes that still differ. */
function prefixes(a: string, b: string): [string, string] {
  const ca = Array.from(a);
  const cb = Array.from(b);
  let common = 0;
  while (common < ca.length && common < cb.length && ca[common] === cb[common]) common++;
  return [ca.slice(0, common + 1).join(''), cb.slice(0, common + 1).join('')];
}

/** Is every value a number in Pagefind's sense (an i32 or f32)? Then it sorts numerically. */
function numericSort(values: string[]): boolean {
  return values.every((v) => /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)$/i.test(v));
}

/** A word count to three significant bits (1811 → 1792): enough for Pagefind's length weighting. */
export function roundCount(n: number): number {
  const step = 2 ** Math.max(0, Math.floor(Math.log2(Math.max(n, 1))) - 2);
  return Math.max(1, Math.round(n / step) * step);
}

/** The files of a bundle, each as its path under the bundle and its bytes (already gzipped where Pagefind gzips). */
export interface BundleFile {
  path: string;
  bytes: Uint8Array;
}

/** Runs async jobs with at most `size` in flight; `add` waits for a free slot, so memory stays bounded. */
class Pool {
  #running = new Set<Promise<void>>();
  #error: unknown;
  readonly size: number;
  constructor(size: number) {
    this.size = size;
  }

  async add(job: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.size) await Promise.race(this.#running);
    if (this.#error) throw this.#error;
    const run: Promise<void> = job()
      .catch((error: unknown) => {
        this.#error ??= error;
      })
      .finally(() => this.#running.delete(run));
    this.#running.add(run);
  }

  async drain(): Promise<void> {
    while (this.#running.size) await Promise.race(this.#running);
    if (this.#error) throw this.#error;
  }
}

/** The tokens' page numbers: 16 bits each while every page number fits (`PageColumn`). */
type PageNumbers = Uint16Array | Uint32Array;

/**
 * The tokens' page numbers as they are read, growable: 16 bits each while every page number
 * fits, 32 from the first one that does not. At 10,000 articles that is 33 MB less while the pages
 * are read, and as much again for the sort's spare copy, at the index's peak (BENCHMARKS.md,
 * Search, "Nineteenth session").
 */
export class PageColumn {
  a: PageNumbers = new Uint16Array(1 << 20);
  n = 0;
  /** Makes room for `extra` more page numbers, none above `page`, to be written at `a[n++]`. */
  reserve(extra: number, page: number): void {
    const widen = page > 0xffff && this.a instanceof Uint16Array;
    const length = this.n + extra <= this.a.length ? this.a.length : Math.max(this.a.length * 2, this.n + extra);
    if (!widen && length === this.a.length) return;
    const next = widen || this.a instanceof Uint32Array ? new Uint32Array(length) : new Uint16Array(length);
    next.set(this.a.subarray(0, this.n));
    this.a = next;
  }
}

/** `pages` as 32-bit numbers, as the kept tokens hold them (`BundleTokens`). */
function wide(pages: PageNumbers): Uint32Array {
  if (pages instanceof Uint32Array) return pages;
  const out = new Uint32Array(pages.length);
  out.set(pages);
  return out;
}

/**
 * One stable counting-sort pass of the token arrays by a 16-bit half of their key (`shift` 0 or
 * 16), ranked by `rank`. The digit is computed inline: a function passed for it cost a call per
 * token, half the pass.
 */
function radixPass(n: number, rank: Uint32Array, shift: number, src: [Uint32Array, PageNumbers, Uint32Array], dst: [Uint32Array, PageNumbers, Uint32Array]): void {
  const [sk, sp, so] = src;
  const [dk, dp, dO] = dst;
  const count = new Uint32Array(0x10001);
  for (let i = 0; i < n; i++) count[rank[(sk[i]! >>> shift) & 0xffff]! + 1]!++;
  for (let d = 1; d <= 0x10000; d++) count[d]! += count[d - 1]!;
  for (let i = 0; i < n; i++) {
    const key = sk[i]!;
    const at = count[rank[(key >>> shift) & 0xffff]!]!++;
    dk[at] = key;
    dp[at] = sp[i]!;
    dO[at] = so[i]!;
  }
}

/** A word's two code points as one number (the second 0 for a lone letter), in the order of the index's words. */
function wordCode(key: number, charCp: readonly number[]): number {
  return charCp[key >>> 16]! * 0x110000 + charCp[key & 0xffff]!;
}

/**
 * The kept tokens without those of the `changed` pages, merged with `fresh` (the changed pages'
 * tokens, sorted), in index order: by word (its two characters' `rank`), then page, then
 * position; and the words whose tokens changed (`wordCode`, sorted), whose chunks must be
 * written again. A changed page's old tokens are all dropped, so the two never hold the same page.
 * The kept arrays are compacted in place.
 */
function mergeTokens(kept: BundleTokens, changed: readonly number[], fresh: [Uint32Array, PageNumbers, Uint32Array], rank: Uint32Array, charCp: readonly number[]): { tokens: [Uint32Array, Uint32Array, Uint32Array]; touched: Float64Array } {
  const { keys: ok, pages: op, positions: oo } = kept;
  const [fk, fp, fo] = fresh;
  const dropped = new Uint8Array(kept.pageList.length);
  for (const page of changed) dropped[page] = 1;
  // The changed pages' old tokens (in index order, so each page's by word, then position).
  const gone = { keys: [] as number[], pages: [] as number[], positions: [] as number[] };
  let w = 0;
  for (let r = 0; r < ok.length; r++) {
    const page = op[r]!;
    if (dropped[page]) {
      gone.keys.push(ok[r]!);
      gone.pages.push(page);
      gone.positions.push(oo[r]!);
      continue;
    }
    if (w !== r) {
      ok[w] = ok[r]!;
      op[w] = page;
      oo[w] = oo[r]!;
    }
    w++;
  }
  const order = (key: number): number => rank[key >>> 16]! * 0x10000 + rank[key & 0xffff]!;
  const m = fk.length;
  const n = w + m;
  const out: [Uint32Array, Uint32Array, Uint32Array] = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)];
  let from = 0;
  let at = 0;
  for (let j = 0; j < m; j++) {
    // Where fresh token j goes: after every kept token of a lower word, or of its word on a lower page.
    const o = order(fk[j]!);
    let lo = from;
    let hi = w;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const om = order(ok[mid]!);
      if (om < o || (om === o && op[mid]! < fp[j]!)) lo = mid + 1;
      else hi = mid;
    }
    out[0].set(ok.subarray(from, lo), at);
    out[1].set(op.subarray(from, lo), at);
    out[2].set(oo.subarray(from, lo), at);
    at += lo - from;
    from = lo;
    out[0][at] = fk[j]!;
    out[1][at] = fp[j]!;
    out[2][at] = fo[j]!;
    at++;
  }
  out[0].set(ok.subarray(from, w), at);
  out[1].set(op.subarray(from, w), at);
  out[2].set(oo.subarray(from, w), at);
  // The words whose tokens differ, page by page: the old and new tokens of a page, each in
  // (word, position) order, walked side by side.
  const touched = new Set<number>();
  const byPage = (pagesOf: ArrayLike<number>, count: number): Map<number, number[]> => {
    const lists = new Map<number, number[]>();
    for (let i = 0; i < count; i++) (lists.get(pagesOf[i]!) ?? lists.set(pagesOf[i]!, []).get(pagesOf[i]!)!).push(i);
    return lists;
  };
  const goneByPage = byPage(gone.pages, gone.pages.length);
  const freshByPage = byPage(fp, m);
  for (const page of changed) {
    const old = goneByPage.get(page) ?? [];
    const now = freshByPage.get(page) ?? [];
    let x = 0;
    let y = 0;
    while (x < old.length || y < now.length) {
      const a = old[x];
      const b = now[y];
      const ka = a === undefined ? Infinity : order(gone.keys[a]!);
      const kb = b === undefined ? Infinity : order(fk[b]!);
      if (ka === kb && gone.positions[a!] === fo[b!]) {
        x++;
        y++;
      } else if (ka < kb || (ka === kb && gone.positions[a!]! < fo[b!]!)) {
        touched.add(wordCode(gone.keys[a!]!, charCp));
        x++;
      } else {
        touched.add(wordCode(fk[b!]!, charCp));
        y++;
      }
    }
  }
  return { tokens: out, touched: Float64Array.from(touched).sort() };
}

/**
 * Builds the index files (meta, word chunks, filters, fragments and the entry file) for records,
 * with Pagefind's own static files (`pagefind.js`, the wasm, the UI) from `assets`, handing each
 * file to `emit` as soon as it is ready.
 *
 * Every token is three numbers: its word as a pair of 16-bit character ids, its page and its
 * position. Two counting-sort passes put them in the order of the index (word, then page, then
 * position), and the chunks are written in one pass over that order.
 */
export async function buildBundle(records: Iterable<BundleRecord | PreparedPage> | AsyncIterable<BundleRecord | PreparedPage>, assets: PagefindAssets, options: BundleOptions, emit: (file: BundleFile) => Promise<void>, reuse?: CompressedFiles, tokenReuse: TokenReuse = {}, compressor?: Compressor): Promise<BundleStats> {
  const { language, weight = 25, chunkSize = 20000, level = 9, fragmentLevel = level, names = 'content', meta: metaForm = 'pagefind', wordCounts = 'exact', sorts: withSorts = true, metaWords = [], chunkBounds = 'shortest', split } = options;
  const { previous, changed = [], keep } = tokenReuse;
  if (previous && names !== 'sequence') throw new Error('a bundle is written from kept tokens only with sequence names');
  if (metaForm === 'compact' && names !== 'sequence') throw new Error('a compact pf_meta needs sequence names: it leaves the ids out');
  // A kept page's fragment is placed from the earlier bundle by its key, never compressed again.
  if (previous && !reuse?.place) throw new StaleTokens("kept tokens need the earlier bundle's files to place");
  const marker = weight === 25 ? [] : [-weight - 1];
  const debug = process.env.BUNDLE_DEBUG ? (what: string) => console.error(`${what} ${Math.round(performance.now())} ms rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`) : () => {};
  const pool = new Pool(Math.max(4, availableParallelism() * 2));
  let files = 0;
  let totalBytes = 0;
  const put = async (file: BundleFile): Promise<void> => {
    files++;
    totalBytes += file.bytes.length;
    await emit(file);
  };
  let reused = 0;
  /** A file's bytes as Pagefind reads them: its signature, then the data, gzipped. */
  const gzipped = compressor ?? gzipFileAsync;
  /**
   * A file to write: its gzipped bytes; or (no `bytes`) an earlier bundle's file to place when its
   * path is known, with its data to compress should it be gone (none for a kept page's fragment);
   * or a file a worker holds (`HeldFile`).
   */
  type Compressed = { key: string; bytes: Uint8Array; held?: undefined } | { key: string; bytes?: undefined; held?: undefined; data?: Uint8Array; at: number } | { key: string; bytes?: undefined; held: HeldFile };
  /** `ready`: the data compressed already at `at`, under the key `known` (`PreparedPage.compressed`). */
  const compress = async (data: Uint8Array, at = level, known?: string, ready?: PreparedPage['compressed']): Promise<Compressed> => {
    const key = known ?? (reuse ? compressionKey(data, at) : '');
    if (reuse?.place && reuse.has?.(key)) return { key, data, at };
    const previous = reuse && (await reuse.get(key));
    if (previous) {
      reused++;
      return { bytes: previous, key };
    }
    if (ready?.held) return { key, held: ready.held };
    const writeTo = compressor?.writeTo;
    if (!ready?.bytes && writeTo) {
      // Compressed and written by a worker once named: the main thread, which encodes the
      // chunks, was the busier in that phase (BENCHMARKS.md, Search). Its size is known once written.
      const direct: HeldFile = { size: 0, writeTo: async (path) => void (direct.size = await writeTo(data, at, path)) };
      return { key, held: direct };
    }
    return { bytes: ready?.bytes ?? (await gzipped(data, at)), key };
  };
  const putCompressed = async (path: string, file: Compressed): Promise<void> => {
    let bytes: Uint8Array;
    if (file.held) {
      await file.held.writeTo(path);
      files++;
      totalBytes += file.held.size;
      reuse?.written(file.key, path, file.held.size);
      return;
    }
    if (file.bytes === undefined) {
      const size = await reuse!.place!(file.key, path);
      if (size !== undefined) {
        reused++;
        files++;
        totalBytes += size;
        reuse!.written(file.key, path, size);
        return;
      }
      // Gone from the earlier bundle since: compressed after all.
      if (!file.data) throw new StaleTokens(`${path} is gone from the earlier bundle`);
      bytes = await gzipped(file.data, file.at);
    } else bytes = file.bytes;
    reuse?.written(file.key, path, bytes.length);
    await put({ path, bytes });
  };
  const compressAndPut = (path: string, data: Uint8Array, at = level, known?: string, ready?: PreparedPage['compressed']): Promise<void> =>
    pool.add(async () => {
      await putCompressed(path, await compress(data, at, known, ready));
    });

  // 1. Tokens, page by page; fragments are written as the pages go by.
  const charId = new Uint16Array(0x110000);
  const charCp: number[] = [0];
  const id = (cp: number): number => {
    let d = charId[cp]!;
    if (!d) {
      if (charCp.length > MAX_CHARS) throw new Error(`the search index holds at most ${MAX_CHARS} distinct letters and digits`);
      d = charId[cp] = charCp.length;
      charCp.push(cp);
    }
    return d;
  };
  // Kept tokens keep their characters' ids: the same code points in the same order.
  if (previous) for (const cp of previous.chars) id(cp);
  const tokKey = new U32(1 << 20);
  const tokPage = new PageColumn();
  const tokPos = new U32(1 << 20);
  const pages: (BundlePage & { hash: string })[] = previous ? previous.pageList.map((p) => ({ ...p, hash: '' })) : [];
  const fragmentNamesTaken = new Set<string>();
  /** In `sequence` mode the fragments wait, compressed, for the name of their folder; a kept page's is placed by its key. */
  const waiting: Promise<Compressed>[] = previous ? previous.pageList.map((p) => Promise.resolve({ key: p.fragment, at: fragmentLevel })) : [];
  let read = 0;
  for await (const record of records) {
    const page = previous ? changed[read] : pages.length;
    if (page === undefined) throw new StaleTokens('more pages read again than `changed` names');
    read++;
    const prepared = 'tokens' in record ? record : preparePage(record, metaWords);
    if (prepared.tokens.length === 0) {
      // Nothing to find it by: Pagefind leaves such a page out too, and the pages after it move up.
      if (previous) throw new StaleTokens(`${record.url} has nothing to index any more`);
      continue;
    }
    const { tokens, fragment: data, compressed: made } = prepared;
    const count = tokens.length / 3;
    tokKey.reserve(count);
    tokPage.reserve(count, page);
    tokPos.reserve(count);
    for (let t = 0; t < tokens.length; t += 3) {
      const second = tokens[t + 1]!;
      tokKey.a[tokKey.n++] = id(tokens[t]!) * 0x10000 + (second ? id(second) : 0);
      tokPage.a[tokPage.n++] = page;
      tokPos.a[tokPos.n++] = tokens[t + 2]!;
    }
    const ready = made?.level === fragmentLevel ? made : undefined;
    let hash = '';
    let fragment = '';
    if (names === 'content') {
      hash = shortName(language, hashOf(data), fragmentNamesTaken);
      await compressAndPut(`fragment/${hash}.pf_fragment`, data, fragmentLevel, ready?.key, ready);
    } else {
      fragment = ready?.key ?? compressionKey(data, fragmentLevel);
      let compressed!: Promise<Compressed>;
      await pool.add(async () => {
        compressed = compress(data, fragmentLevel, fragment, ready);
        await compressed;
      });
      waiting[page] = compressed;
    }
    const { url, wordCount, filters, sort, metaKeys } = prepared;
    pages[page] = { url, wordCount: wordCounts === 'rounded' ? roundCount(wordCount) : wordCount, filters, sort, metaKeys, fragment, hash };
  }
  if (previous && read !== changed.length) throw new StaleTokens(`${changed.length} pages to read again, ${read} read`);
  const metaKeys = new Set(pages.flatMap((p) => p.metaKeys));
  const metaFields = [...metaKeys].sort();
  debug('tokens');
  // The folder of every `sequence` file: a hash of the pages (their fragments) and whatever else
  // shapes the chunks, so that an address never stands for two different contents (browsers may
  // cache these files for good).
  const fragmentsHash = createHash('sha1').update(JSON.stringify([assets.version, language, weight, chunkSize, wordCounts, metaWords, ...(split ? [split] : [])]));
  for (const p of pages) fragmentsHash.update(`${p.fragment}\n`);
  const folder = `${language}_${fragmentsHash.digest('hex').slice(0, 7)}`;
  /** Where the chunk named `name` goes: a `sequence` chunk in the folder. */
  const chunkFile = (name: string): string => `index/${names === 'sequence' ? sequenceFile(folder, name) : name}.pf_index`;
  /** Fragments written by the workers holding them, while this thread goes on to the chunks. */
  const heldWrites: Promise<void>[] = [];
  let heldError: unknown;
  if (names === 'sequence') {
    for (const [page, compressed] of waiting.entries()) {
      pages[page]!.hash = sequenceName(page);
      const file = await compressed;
      const write = (): Promise<void> => putCompressed(`fragment/${sequenceFile(folder, pages[page]!.hash)}.pf_fragment`, file);
      if (file.held) heldWrites.push(write().catch((error: unknown) => void (heldError ??= error)));
      else await pool.add(write);
    }
    waiting.length = 0;
  }
  // A meta word's field is its place among all pages' meta keys, known only now.
  const fieldOf = metaWords.map((field) => metaFields.indexOf(field));

  // 2. Sort the tokens by word, in the order of the words' strings: a word spells its code points
  // in fixed-width base 36, so that is the order of (first, second) code point, a lone letter first.
  const rank = new Uint32Array(charCp.length);
  Array.from(charCp.keys())
    .slice(1)
    .sort((a, b) => charCp[a]! - charCp[b]!)
    .forEach((d, i) => (rank[d] = i + 1));
  // The tokens of the pages read (all of them, or the changed ones to merge into the kept ones).
  const readTokens = tokKey.n;
  const tokens: [Uint32Array, PageNumbers, Uint32Array] = [tokKey.a.subarray(0, readTokens), tokPage.a.subarray(0, readTokens), tokPos.a.subarray(0, readTokens)];
  {
    const spare: [Uint32Array, PageNumbers, Uint32Array] = [new Uint32Array(readTokens), tokens[1] instanceof Uint16Array ? new Uint16Array(readTokens) : new Uint32Array(readTokens), new Uint32Array(readTokens)];
    radixPass(readTokens, rank, 0, tokens, spare);
    radixPass(readTokens, rank, 16, spare, tokens);
  }
  const merged = previous ? mergeTokens(previous, changed, tokens, rank, charCp) : undefined;
  const [keys, pagesOf, positions] = merged?.tokens ?? tokens;
  const n = keys.length;
  debug('sorted');

  // 3. Word chunks, cut where Pagefind cuts them, encoded straight from the sorted tokens.
  const wordOf = (key: number): string => tokenWord(charCp[key >>> 16]!, charCp[key & 0xffff]!);
  const chunkNames = new Set<string>();
  const chunkMeta: { from: string; to: string; hash: string }[] = [];
  const cbor = new CborWriter(1 << 20);
  let words = 0;
  let postings = 0;
  let chunkWords = 0;
  let chunkSizeSoFar = 0;
  let chunkFrom = '';
  let chunkTo = '';
  const splitWords: [string, number][] = [];
  /** The chunks as kept for the next bundle (`BundleTokens`). */
  const chunksToKeep: BundleChunk[] = [];
  /**
   * Where the chunk being written began: its first token, the words, postings and split words
   * before it, and whether it began between two parts of a split word.
   */
  const begun = { token: 0, words: 0, postings: 0, split: 0, midWord: false };
  /** Ends the chunk at token `end`; `midWord` when a split word's later parts go on in the next chunk. */
  const finishChunk = async (end: number, midWord = false): Promise<void> => {
    const data = new CborWriter(16);
    data.array(1).array(chunkWords);
    const out = new Uint8Array(data.length + cbor.length);
    out.set(data.bytes());
    out.set(cbor.bytes(), data.length);
    const name = names === 'sequence' ? sequenceName(chunkMeta.length) : shortName(language, hashOf(out), chunkNames);
    chunkMeta.push({ from: chunkFrom, to: chunkTo, hash: name });
    const file = reuse || keep ? compressionKey(out, level) : '';
    // The next bundle takes a kept chunk as whole words from its first word on (`keptChunks`):
    // one that begins or ends between a split word's parts is kept without its file, never taken.
    const whole = !begun.midWord && !midWord;
    chunksToKeep.push({ start: wordCode(keys[begun.token]!, charCp), tokens: end - begun.token, words: words - begun.words, postings: postings - begun.postings, from: chunkFrom, to: chunkTo, split: splitWords.slice(begun.split), file: whole ? file : '' });
    Object.assign(begun, { token: end, words, postings, split: splitWords.length, midWord });
    cbor.reset();
    chunkWords = 0;
    chunkSizeSoFar = 0;
    await compressAndPut(chunkFile(name), out, level, file || undefined);
  };
  /**
   * The kept chunks that may be taken as they were (`TokenReuse`): a chunk none of whose words
   * changed holds the same bytes, and ends where it ended, when it starts at the same word. Not
   * when the meta fields changed: positions in meta fields name the field by its place among them.
   */
  const keptChunks = previous?.chunks && merged && JSON.stringify(previous.metaFields) === JSON.stringify(metaFields) ? previous.chunks : undefined;
  const touched = merged?.touched ?? new Float64Array(0);
  /** Whether a word in [from, to) (`wordCode`) changed. */
  const touchedIn = (from: number, to: number): boolean => {
    let lo = 0;
    let hi = touched.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (touched[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < touched.length && touched[lo]! < to;
  };
  let keptAt = 0;
  let chunksKept = 0;
  /** The number of pages among the tokens [from, to), which are in page order. */
  const pagesIn = (from: number, to: number): number => {
    let count = 0;
    for (let j = from, last = -1; j < to; j++) if (pagesOf[j] !== last) (last = pagesOf[j]!), count++;
    return count;
  };
  /**
   * Writes the tokens [from, to) (one word's, in page order) as `word` in the current chunk, with
   * their number of pages (`pagesIn`), which the array of pages is written with.
   */
  const writeWord = (word: string, from: number, to: number, wordPages = pagesIn(from, to)): void => {
    if (chunkWords === 0) chunkFrom = word;
    chunkTo = word;
    cbor.array(3).ascii(word).array(wordPages);
    let previousPage = 0;
    for (let j = from; j < to; ) {
      const page = pagesOf[j]!;
      let stop = j;
      while (stop < to && pagesOf[stop] === page) stop++;
      let bodyCount = 0;
      while (j + bodyCount < stop && positions[j + bodyCount]! < META) bodyCount++;
      // Page numbers and positions are both stored as the difference from the one before.
      cbor.array(3).int(page - previousPage).array(bodyCount + marker.length);
      previousPage = page;
      for (const m of marker) cbor.int(m);
      cbor.deltas(positions, j, j + bodyCount);
      let previous = 0;
      // meta_locs: a marker -(field + 1) before each field's positions, which restart from 0.
      let metaItems = 0;
      for (let k = j + bodyCount, field = -1; k < stop; k++, metaItems++) {
        const f = (positions[k]! - META) >>> 24;
        if (f !== field) (field = f), metaItems++;
      }
      cbor.array(metaItems);
      for (let k = j + bodyCount, field = -1; k < stop; k++) {
        const f = (positions[k]! - META) >>> 24;
        const pos = (positions[k]! - META) & 0xffffff;
        if (f !== field) {
          field = f;
          previous = 0;
          cbor.int(-fieldOf[f]! - 1);
        }
        cbor.int(pos - previous);
        previous = pos;
      }
      chunkSizeSoFar += bodyCount + marker.length + 1;
      postings++;
      j = stop;
    }
    cbor.array(0);
    words++;
    chunkWords++;
  };
  for (let i = 0; i < n; ) {
    if (keptChunks && chunkWords === 0) {
      const here = wordCode(keys[i]!, charCp);
      while (keptAt < keptChunks.length && keptChunks[keptAt]!.start < here) keptAt++;
      const kept = keptChunks[keptAt];
      if (kept?.file && kept.start === here && !touchedIn(here, keptChunks[keptAt + 1]?.start ?? Infinity)) {
        const name = sequenceName(chunkMeta.length);
        chunkMeta.push({ from: kept.from, to: kept.to, hash: name });
        chunksToKeep.push(kept);
        words += kept.words;
        postings += kept.postings;
        splitWords.push(...kept.split);
        i += kept.tokens;
        Object.assign(begun, { token: i, words, postings, split: splitWords.length, midWord: false });
        chunksKept++;
        keptAt++;
        await pool.add(() => putCompressed(chunkFile(name), { key: kept.file, at: level }));
        continue;
      }
    }
    const key = keys[i]!;
    let end = i;
    while (end < n && keys[end] === key) end++;
    const word = wordOf(key);
    // Only two-letter words are split.
    const wordPages = split && key & 0xffff ? pagesIn(i, end) : undefined;
    if (split && wordPages !== undefined && wordPages > split.pages) {
      // About `range` of the word's pages a part, in a power of two of parts.
      const parts = Math.max(2, 2 ** Math.ceil(Math.log2(wordPages / split.range)));
      splitWords.push([word, parts]);
      const partOf = (page: number): number => Math.floor((page * parts) / pages.length);
      for (let j = i; j < end; ) {
        const part = partOf(pagesOf[j]!);
        let stop = j;
        while (stop < end && partOf(pagesOf[stop]!) === part) stop++;
        writeWord(partWord(word, part, parts), j, stop);
        j = stop;
        // A chunk may end between parts: the first results need only their own part's chunk
        // (src/components/archive-search.ts searches a word's parts in the order of the results).
        if (j < end && chunkSizeSoFar >= chunkSize) await finishChunk(j, true);
      }
    } else writeWord(word, i, end, wordPages);
    if (chunkSizeSoFar >= chunkSize) await finishChunk(end);
    i = end;
  }
  if (chunkWords) await finishChunk(n);
  // A letter whose words run on from one chunk into the next (its first CODE_LENGTH characters
  // are the letter's code), before the bounds are shortened.
  const continues = chunkMeta.map((c, i) => i > 0 && c.from.slice(0, CODE_LENGTH) === chunkMeta[i - 1]!.to.slice(0, CODE_LENGTH));
  if (chunkBounds === 'shortest') {
    for (let i = 0; i + 1 < chunkMeta.length; i++) {
      [chunkMeta[i]!.to, chunkMeta[i + 1]!.from] = prefixes(chunkMeta[i]!.to, chunkMeta[i + 1]!.from);
    }
  }
  // A one-letter query is a prefix search, and Pagefind loads only the first chunk holding the
  // prefix: at 10,000 articles 桥 found 455 of its 3,331 pages. Searching first for each later
  // chunk's lower bound (`preload`) loads them all. Letters within one chunk need nothing.
  const prefixChunks: Record<string, string[]> = {};
  chunkMeta.forEach((c, i) => {
    if (continues[i]) (prefixChunks[c.from.slice(0, CODE_LENGTH)] ??= []).push(c.from);
  });
  debug('chunks');

  // 4. Filters and sorts.
  const filterPages = new Map<string, Map<string, number[]>>();
  pages.forEach((p, i) => {
    for (const [name, values] of Object.entries(p.filters)) {
      const byValue = filterPages.get(name) ?? filterPages.set(name, new Map()).get(name)!;
      for (const v of values) (byValue.get(v) ?? byValue.set(v, []).get(v)!).push(i);
    }
  });
  const filterNames = new Set<string>();
  const filterMeta: [string, string][] = [];
  for (const [name, byValue] of byKey(filterPages)) {
    const filter = new CborWriter();
    filter.array(2).text(name).array(byValue.size);
    for (const [value, list] of byKey(byValue)) filter.array(2).text(value).ints([...new Set(list)]);
    const data = filter.bytes().slice();
    const hash = shortName(language, hashOf(data), filterNames);
    filterMeta.push([name, hash]);
    await compressAndPut(`filter/${hash}.pf_filter`, data);
  }
  const sortKeys = withSorts ? [...new Set(pages.flatMap((p) => Object.keys(p.sort)))].sort() : [];
  const sorts = sortKeys.map((key) => {
    const values = pages.flatMap((p, i) => (key in p.sort ? [[p.sort[key]!, i] as const] : []));
    if (numericSort(values.map(([v]) => v))) values.sort((a, b) => Number(a[0]) - Number(b[0]));
    else values.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return [key, values.map(([, i]) => i)] as const;
  });

  // 5. The meta index and the entry file.
  const tail = new CborWriter();
  tail.array(filterMeta.length);
  for (const [name, hash] of filterMeta) tail.array(2).text(name).text(hash);
  tail.array(sorts.length);
  for (const [key, order] of sorts) tail.array(2).text(key).ints(order);
  tail.array(metaFields.length);
  for (const k of metaFields) tail.text(k);
  let metaBytes: Uint8Array;
  if (metaForm === 'compact') metaBytes = compactMeta(assets.version, pages, chunkMeta, tail.bytes());
  else {
    const meta = new CborWriter(pages.length * 24 + chunkMeta.length * 48 + tail.length + 64);
    meta.array(6).text(assets.version).array(pages.length);
    for (const p of pages) meta.array(3).text(p.hash).int(p.wordCount).text('');
    meta.array(chunkMeta.length);
    for (const c of chunkMeta) meta.array(3).text(c.from).text(c.to).text(c.hash);
    metaBytes = Buffer.concat([meta.bytes(), tail.bytes()]);
  }
  // The split words, which the search page must know before it searches, ride in the entry file
  // that Pagefind reads first (from the search page itself while the file is small: addPreloads,
  // src/integrations/search-index.ts): no request of their own. So does the folder of `sequence`
  // files, which pf_meta's ids leave out.
  const extras: EntryExtras = { ...(splitWords.length ? { split_words: encodeSplitWords(splitWords) } : {}), ...(names === 'sequence' ? { folder } : {}) };
  // pf_meta's name is the bundle's cache tag: the search page fetches the entry file with it
  // (`?ts=`), so it changes whenever the entry's extras do, not only pf_meta's bytes.
  const extrasText = Object.keys(extras).length ? JSON.stringify(extras) : '';
  const metaHash = `${language}_${hashOf(extrasText ? Buffer.concat([metaBytes, Buffer.from(extrasText)]) : metaBytes).slice(0, language.length + 8)}`;
  // Every first search downloads pf_meta: the smallest gzip is worth its time here.
  const metaFile = `pagefind.${metaHash}.pf_meta`;
  await compressAndPut(metaFile, metaBytes, 9);
  // For each letter whose words span several chunks (by its code, as a one-letter query searches
  // it), the lower bounds of the chunks after the first (src/components/archive-search.ts).
  await pool.add(() => put({ path: prefixChunksFile(metaHash), bytes: Buffer.from(JSON.stringify(prefixChunks)) }));
  const entry = { version: assets.version, languages: { [language]: { hash: metaHash, wasm: null, page_count: pages.length } }, include_characters: assets.includeCharacters, ...extras };
  await pool.add(() => put({ path: 'pagefind-entry.json', bytes: Buffer.from(JSON.stringify(entry)) }));
  for (const file of assets.files) await pool.add(() => put(file));
  await Promise.all([pool.drain(), ...heldWrites]);
  if (heldError) throw heldError;
  debug('written');
  await keep?.({ chars: Uint32Array.from(charCp.slice(1)), keys, pages: wide(pagesOf), positions, pageList: pages.map(({ hash: _hash, ...p }) => p), chunks: chunksToKeep, metaFields });
  return { metaFile, pages: pages.length, words, postings, locations: n, chunks: chunkMeta.length, files, bytes: totalBytes, reusedFiles: reused, splitWords: splitWords.length, pagesRead: read, chunksKept };
}

/**
 * A compact meta index (`COMPACT_META`) of a `sequence` bundle: the bundle's library writes from it
 * the CBOR that Pagefind's would be, with `tail` (the filters, sorts and meta fields) as it is.
 */
export function compactMeta(version: string, pages: { wordCount: number; hash: string }[], chunks: { from: string; to: string; hash: string }[], tail: Uint8Array): Uint8Array {
  const unnumbered = [...pages, ...chunks].find((p, i) => p.hash !== sequenceName(i < pages.length ? i : i - pages.length));
  if (unnumbered) throw new Error(`a compact pf_meta leaves out ids that are not numbers in order (${JSON.stringify(unnumbered.hash)})`);
  const counts = [...new Set(pages.map((p) => p.wordCount))].sort((a, b) => a - b);
  const place = new Map(counts.map((c, i) => [c, i]));
  const width = Math.max(1, (counts.length - 1).toString(36).length);
  const codes = pages.map((p) => place.get(p.wordCount)!.toString(36).padStart(width, '0')).join('');
  const bounds: string[] = [];
  let prev = '';
  for (const bound of chunks.flatMap((c) => [c.from, c.to])) {
    if (!/^[0-9a-z]*$/.test(bound)) throw new Error(`a compact pf_meta holds index words only, not the chunk bound ${JSON.stringify(bound)}`);
    let shared = 0;
    while (shared < 35 && shared < bound.length && bound[shared] === prev[shared]) shared++;
    bounds.push(shared.toString(36) + bound.slice(shared));
    prev = bound;
  }
  if (!/^[\x20-\x7e]*$/.test(version)) throw new Error(`a compact pf_meta holds an ASCII version, not ${JSON.stringify(version)}`);
  const head = Buffer.from(COMPACT_META + JSON.stringify([version, pages.length, counts, codes, bounds.join(' ')]) + '\n');
  return Buffer.concat([head, tail]);
}

/** Pagefind's own static files for a bundle (its browser library, wasm and UI), and what the entry file names. */
export interface PagefindAssets {
  version: string;
  includeCharacters: string[];
  files: BundleFile[];
}

/**
 * Runs Pagefind's indexer once on an empty record to take its static files: the browser library
 * and wasm must match the version whose format we write, so they come from the installed package.
 * The library gets our changes (src/integrations/pagefind-library.ts).
 */
export async function pagefindAssets(language: string): Promise<PagefindAssets> {
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addCustomRecord({ url: '/', content: 'pagefind', language });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    const got = await index.getFiles();
    if (got.errors.length) throw new Error(got.errors.join('; '));
    const entryFile = got.files.find((f) => f.path === 'pagefind-entry.json');
    if (!entryFile) throw new Error('Pagefind wrote no pagefind-entry.json');
    const entry = JSON.parse(Buffer.from(entryFile.content).toString('utf8')) as { version: string; include_characters: string[] };
    const files = got.files
      .filter((f) => !/(^|\/)(fragment|index|filter)\/|\.pf_meta$|^pagefind-entry\.json$/.test(f.path))
      .map((f) => ({ path: f.path, bytes: f.path === 'pagefind.js' ? Buffer.from(tunePagefindLibrary(Buffer.from(f.content).toString('utf8'), entry.version)) : Buffer.from(f.content) }));
    if (!files.some((f) => f.path === 'pagefind.js')) throw new Error('Pagefind wrote no pagefind.js');
    return { version: entry.version, includeCharacters: entry.include_characters, files };
  } finally {
    await pagefind.close();
  }
}

/** Writes a bundle into `dir` (emptied first). */
export async function writeBundle(dir: string, records: Iterable<BundleRecord | PreparedPage> | AsyncIterable<BundleRecord | PreparedPage>, options: BundleOptions, reuse?: CompressedFiles, tokenReuse?: TokenReuse, compressor?: Compressor): Promise<BundleStats> {
  const assets = await pagefindAssets(options.language);
  await rm(dir, { recursive: true, force: true });
  // Synchronous writes: thousands of small files cost the main thread far less this way than as
  // promises (a 10,000-article profile: 4.4 s in opening, writing and closing file handles).
  const write = fileWriter();
  return buildBundle(records, assets, options, async (file) => write(path.join(dir, file.path), file.bytes), reuse, tokenReuse, compressor);
}
