/**
 * A page of the search index made ready for the writer (src/integrations/pagefind-bundle.ts):
 * its tokens as numbers and its fragment file, compressed. This is the writer's work that
 * depends on one page alone, so it runs on worker threads (./search-page-worker.ts), which
 * read the built pages themselves (./search-index.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parentPort, type Worker } from 'node:worker_threads';
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import { PAGEFIND_SIGNATURE } from '../lib/bundle-names';
import { readPageRecord } from '../lib/search-record';
import { forEachToken } from '../lib/search-text';
import { fileWriter } from '../lib/files';
import { startTsWorker } from '../lib/ts-worker';
import { pageDigest } from './search-index-cache';

const gzipAsync = promisify(gzipCallback);

/** One page of the index. */
export interface BundleRecord {
  url: string;
  /** The searchable text; its tokens are the page's words. */
  text: string;
  /** What the fragment file holds as `content` (Pagefind's excerpts are made from it). */
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/** A location in a meta field rather than the body (the high bit of a token's position). */
export const META = 0x80000000;

/** What the index keeps of a page besides its words and fragment (`PreparedPage`, and `BundlePage` in ./pagefind-bundle.ts). */
export interface PageFields {
  url: string;
  /** Sorted by name, as the fragment and the filter files list them. */
  filters: Record<string, string[]>;
  sort: Record<string, string>;
  /** Its meta fields' names. */
  metaKeys: string[];
}

/** A record's tokens and fragment (`preparePage`), in place of the record. */
export interface PreparedPage extends PageFields {
  /** Its body's words, as Pagefind counts them. */
  wordCount: number;
  /**
   * Its tokens as triples: a letter's folded code point, the next one's in its run (0 at the
   * end of a run), and the position; a meta word's position is `META` + its field's place among
   * `metaWords` × 2^24 + its position there.
   */
  tokens: Uint32Array;
  /**
   * Its fragment file: the JSON Pagefind reads, then its `compressionKey` and gzipped bytes when
   * asked for (`level`), or, from `PagePreparer` with `holdIn`, the worker that holds them.
   */
  fragment: Uint8Array;
  compressed?: { key: string; level: number; bytes: Uint8Array; held?: undefined } | { key: string; level: number; held: HeldFile; bytes?: undefined };
}

/** A compressed file a worker holds until it is named (`PreparerOptions.holdIn`). */
export interface HeldFile {
  size: number;
  /**
   * Has the worker write it at `rel` in the bundle folder. If the worker has stopped, the page
   * is prepared again on this thread and its file written from here.
   */
  writeTo(rel: string): Promise<void>;
}

/**
 * gzip's window: 16 kB instead of zlib's 32 kB. Each gzip call sets up a compressor, and with the
 * smaller window and tables that is half the system time (13,264 files of the 10,000-article
 * bundle: 1.47 → 0.77 s), for the same bytes: fragments identical, index chunks 0.2% and pf_meta
 * 1.4% smaller (BENCHMARKS.md, "Search").
 */
const WINDOW_BITS = 14;
const UTF8 = new TextEncoder();
const SIGNATURE = UTF8.encode(PAGEFIND_SIGNATURE);

/** The key of a compressed file: its level, gzip's window, zlib's version and its uncompressed bytes. */
export function compressionKey(data: Uint8Array, level: number): string {
  return createHash('sha1').update(`${level} ${WINDOW_BITS} ${process.versions.zlib}\0`).update(data).digest('base64url');
}

/** A file's bytes as Pagefind's library reads them, before they are gzipped: its signature, then the data. */
function signed(data: Uint8Array): Uint8Array {
  const whole = new Uint8Array(SIGNATURE.length + data.length);
  whole.set(SIGNATURE);
  whole.set(data, SIGNATURE.length);
  return whole;
}

/** Entries in the order of their keys' code units, as Rust's BTreeMap and sorted Strings keep them. */
export function byKey<T>(entries: Iterable<[string, T]>): [string, T][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A growable Uint32Array. */
export class U32 {
  a: Uint32Array;
  n = 0;
  constructor(capacity = 1 << 16) {
    this.a = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const next = new Uint32Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.n++] = v;
  }
  /** Makes room for `extra` more values, to be written at `a[n++]`. */
  reserve(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    const next = new Uint32Array(Math.max(this.a.length * 2, this.n + extra));
    next.set(this.a.subarray(0, this.n));
    this.a = next;
  }
}

/**
 * The tokens and fragment of a record (no tokens: it has nothing to index, and Pagefind leaves
 * such a page out). `metaWords` are the meta fields whose words are indexed too; with `level`,
 * the fragment is also compressed at that gzip level.
 */
export function preparePage(record: BundleRecord, metaWords: readonly string[], level?: number): PreparedPage {
  const tokens = new U32(Math.max(64, record.text.length * 3 + 48));
  const push = (position: number, first: number, second: number): void => {
    tokens.push(first);
    tokens.push(second);
    tokens.push(position);
  };
  const wordCount = forEachToken(record.text, push);
  metaWords.forEach((field, f) => {
    const value = record.meta[field];
    if (value) forEachToken(value, (position, first, second) => position < 0x1000000 && push(META + f * 0x1000000 + position, first, second));
  });
  const filters = Object.fromEntries(byKey(Object.entries(record.filters)));
  const fragment = UTF8.encode(JSON.stringify({ url: record.url, content: record.content, word_count: wordCount, filters, meta: Object.fromEntries(byKey(Object.entries(record.meta))), anchors: [] }));
  const page: PreparedPage = { url: record.url, wordCount, tokens: tokens.a.slice(0, tokens.n), filters, sort: record.sort, metaKeys: Object.keys(record.meta), fragment };
  if (level !== undefined && tokens.n) page.compressed = { key: compressionKey(fragment, level), bytes: gzipFile(fragment, level), level };
  return page;
}

/** The index record of a built page at `url`, or undefined when the page has no `data-pagefind-body`. */
function pageRecord(url: string, html: string): BundleRecord | undefined {
  const record = readPageRecord(html);
  // The fragment carries the text as shown (meta.text); Pagefind's own excerpts are not used.
  return record && { url, text: record.text, content: '', meta: { ...record.meta, text: record.text }, filters: record.filters, sort: record.sort };
}

/** How pages are prepared: the index's meta words, and the fragments' gzip level (none: left to the writer). */
export interface PrepareOptions {
  metaWords: readonly string[];
  level?: number | undefined;
}

/** A built page to prepare: its file and its URL. */
export interface PageRequest {
  file: string;
  url: string;
}

/** A prepared page (none when it has nothing to index) and the digest of its bytes (`pageDigest`). */
export interface PreparedReply {
  page: PreparedPage | undefined;
  digest: string;
}

/** Prepares a built page on this thread. */
export async function prepareBuiltPage(request: PageRequest, options: PrepareOptions): Promise<PreparedReply> {
  return prepareBytes(request.url, await readFile(request.file), options);
}

/** Prepares a built page from its bytes. */
function prepareBytes(url: string, bytes: Buffer, { metaWords, level }: PrepareOptions): PreparedReply {
  const record = pageRecord(url, bytes.toString('utf8'));
  return { page: record && preparePage(record, metaWords, level), digest: pageDigest(bytes) };
}

/** The gzipped bytes of a bundle file (signed, as `signed`), at `level`. */
export function gzipFile(data: Uint8Array, level: number): Uint8Array {
  return new Uint8Array(gzipSync(signed(data), { level, windowBits: WINDOW_BITS }));
}

/** `gzipFile` on libuv's threads. */
export function gzipFileAsync(data: Uint8Array, level: number): Promise<Uint8Array> {
  return gzipAsync(signed(data), { level, windowBits: WINDOW_BITS });
}

/**
 * A job for a worker: a page to prepare (keeping its compressed fragment when `hold`), a file to
 * compress (`gzipFile`; and write `to` there, when given), or a kept fragment to write (`HeldFile`).
 */
type Job = { page: PageRequest; hold?: boolean } | { gzip: Uint8Array; level: number; to?: string } | { write: { held: number; file: string } };
type WorkerRequest = Job & { id: number };
/** A prepared page as it comes from a worker: a held fragment as its number there. */
type PreparedInWorker = Omit<PreparedReply, 'page'> & { page: (Omit<PreparedPage, 'compressed'> & { compressed?: { key: string; level: number; bytes?: Uint8Array; size?: number; held?: number } }) | undefined };
type WorkerReply = { id: number; prepared?: PreparedInWorker; gzipped?: Uint8Array; size?: number; error?: { message: string; stack?: string | undefined } };
/** A job waiting for its worker. */
interface Waiting {
  job: Job;
  resolve: (reply: WorkerReply) => void;
  reject: (error: unknown) => void;
}
/** A running worker and the jobs it has been given. */
interface Running {
  worker: Worker;
  pending: Map<number, Waiting>;
}

/** Does a job on this thread. */
async function doHere(job: Job, options: PrepareOptions): Promise<WorkerReply> {
  // A page prepared here holds no file: its fragment comes with its bytes.
  if ('page' in job) return { id: -1, prepared: (await prepareBuiltPage(job.page, options)) as PreparedInWorker };
  if ('gzip' in job) {
    const gzipped = await gzipFileAsync(job.gzip, job.level);
    if (job.to === undefined) return { id: -1, gzipped };
    await writeInFolder(job.to, gzipped);
    return { id: -1, size: gzipped.length };
  }
  throw new WorkerGone('the worker holding this file stopped');
}

/** Writes a bundle file from this thread, making its folder if need be. */
async function writeInFolder(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

/** The worker that held a file (`HeldFile`) has stopped, and the file with it. */
class WorkerGone extends Error {}

export interface PreparerOptions extends PrepareOptions {
  /** The worker module (./search-page-worker.ts) and the TypeScript hooks it needs (`startTsWorker`). */
  module: URL;
  hooks: URL;
  /** Worker threads: one per core by default, at most four. */
  workers?: number;
  /**
   * The bundle folder. With it, each page's compressed fragment stays with its worker (`HeldFile`),
   * which writes it there once the writer names it, while this thread sorts and writes the chunks.
   */
  holdIn?: string;
}

/**
 * The young generation of each worker's heap, in MB (V8 would let it grow to tens). A page's
 * garbage is a few hundred kB and dies young, so collecting more often costs nothing measurable,
 * and the index's peak, which comes while the workers still hold their heaps, is lower: at 10,000
 * articles 803–898 MiB against 901–997 MiB in three alternated pairs (BENCHMARKS.md, Search,
 * "Nineteenth session").
 */
const WORKER_YOUNG_MB = 4;

/** Jobs waiting on a worker past which it counts as busy (`PagePreparer.gzip`). */
const BUSY = 8;

/**
 * Prepares built pages on worker threads, as many at a time as they are given: reading a page,
 * finding its text, tokenizing it and compressing its fragment is most of the index's time, and
 * each page's is its own. The index chunks are compressed and written there too (`gzipTo`), while
 * this thread encodes the next. A job whose worker stops is done on this thread instead, with a
 * single warning.
 */
export class PagePreparer {
  readonly #options: PreparerOptions;
  readonly #workers: (Running | undefined)[] = [];
  #next = 0;
  #usable = true;
  #warned = false;

  constructor(options: PreparerOptions) {
    this.#options = options;
    const count = options.workers ?? Math.min(availableParallelism(), 4);
    this.#usable = count > 0;
    for (let i = 0; i < count; i++) this.#workers.push(undefined);
  }

  /** Prepares a page; across the workers, the least busy first. */
  async prepare(page: PageRequest): Promise<PreparedReply> {
    const hold = this.#options.holdIn !== undefined;
    const [reply, slot] = await this.#run({ page, hold });
    const prepared = reply.prepared!;
    const compressed = prepared.page?.compressed;
    if (!prepared.page || !compressed) return prepared as PreparedReply;
    const { key, level, bytes, size, held } = compressed;
    const folder = this.#options.holdIn!;
    return {
      ...prepared,
      page: {
        ...prepared.page,
        compressed: held === undefined ? { key, level, bytes: bytes! } : { key, level, held: { size: size!, writeTo: (rel) => this.#writeHeld(page, slot, held, path.join(folder, rel)) } },
      },
    };
  }

  /**
   * A bundle file's gzipped bytes (`gzipFile`); `data` is copied, not taken. On libuv's threads
   * when every worker has work waiting (the held fragments being written).
   */
  async gzip(data: Uint8Array, level: number): Promise<Uint8Array> {
    return (await this.#compress({ gzip: data, level })).gzipped!;
  }

  /**
   * Compresses a bundle file as `gzip` does and writes it at `rel` in the bundle folder (`holdIn`);
   * resolves to its size. Where it is compressed: on a worker, or on libuv's threads when every
   * worker has work waiting.
   */
  async gzipTo(data: Uint8Array, level: number, rel: string): Promise<number> {
    return (await this.#compress({ gzip: data, level, to: path.join(this.#options.holdIn!, rel) })).size!;
  }

  /** A compression job on the least busy worker, or on libuv's threads when every worker has work waiting. */
  async #compress(job: Extract<Job, { gzip: Uint8Array }>): Promise<WorkerReply> {
    if (this.#workers.every((w) => (w?.pending.size ?? 0) > BUSY)) return doHere(job, this.#options);
    return (await this.#run(job))[0];
  }

  /** Stops the workers; a job still waiting is done on this thread. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w, slot) => w && this.#stop(slot)));
  }

  /** Has the worker at `slot` write the fragment it holds as `held` to `file`; or writes it from here, prepared again, if that worker has stopped. */
  async #writeHeld(page: PageRequest, slot: number, held: number, file: string): Promise<void> {
    try {
      await this.#run({ write: { held, file } }, slot);
    } catch (error) {
      if (!(error instanceof WorkerGone)) throw error;
      const again = (await prepareBuiltPage(page, this.#options)).page?.compressed?.bytes;
      if (!again) throw new Error(`${page.file} has nothing to index any more`);
      await writeInFolder(file, again);
    }
  }

  /** Runs a job on the worker `on`, or on the least busy; resolves to its reply and the worker's slot. */
  async #run(job: Job, on?: number): Promise<[WorkerReply, number]> {
    if (!this.#usable) return [await doHere(job, this.#options), -1];
    let slot = on ?? 0;
    if (on === undefined) for (let i = 1; i < this.#workers.length; i++) if ((this.#workers[i]?.pending.size ?? 0) < (this.#workers[slot]?.pending.size ?? 0)) slot = i;
    const w = this.#workers[slot] ?? (on === undefined ? this.#start(slot) : undefined);
    // The worker that held the file is gone.
    if (!w) return [await doHere(job, this.#options), -1];
    const id = this.#next++;
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      w.pending.set(id, { job, resolve, reject });
      w.worker.ref();
      w.worker.postMessage({ id, ...job } satisfies WorkerRequest);
    });
    return [reply, slot];
  }

  #start(slot: number): Running {
    const { module, hooks, metaWords, level } = this.#options;
    const worker = startTsWorker(module, hooks, { metaWords, level } satisfies PrepareOptions, { maxYoungGenerationSizeMb: WORKER_YOUNG_MB });
    const w: Running = { worker, pending: new Map() };
    worker.on('message', (reply: WorkerReply) => {
      const waiting = w.pending.get(reply.id);
      if (!waiting) return;
      w.pending.delete(reply.id);
      if (reply.error) waiting.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
      else waiting.resolve(reply);
      if (w.pending.size === 0) worker.unref();
    });
    worker.on('error', (error) => void this.#stop(slot, error));
    worker.on('exit', (code) => void this.#stop(slot, `exit code ${code}`));
    this.#workers[slot] = w;
    return w;
  }

  async #stop(slot: number, why?: unknown): Promise<void> {
    const w = this.#workers[slot];
    if (!w) return;
    this.#workers[slot] = undefined;
    if (why !== undefined) {
      this.#usable = false;
      if (!this.#warned) console.warn(`A search index worker stopped (${why instanceof Error ? why.message : String(why)}); preparing pages on the main thread`);
      this.#warned = true;
    }
    const pending = [...w.pending.values()];
    w.pending.clear();
    await w.worker.terminate();
    for (const { job, resolve, reject } of pending) doHere(job, this.#options).then(resolve, reject);
  }
}

/** Answers `PagePreparer`'s requests, in a worker thread's module (./search-page-worker.ts). */
export function servePages(options: PrepareOptions): void {
  const port = parentPort;
  if (!port) throw new Error('servePages runs in a worker thread');
  /** The compressed fragments kept (`HeldFile`), by the number of the request that made them. */
  const held = new Map<number, Uint8Array>();
  const writeIn = fileWriter();
  port.on('message', (request: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      if ('page' in request) {
        // Read synchronously: the worker has nothing else to do meanwhile, and a promise read is
        // four trips to libuv's threads (open, stat, read, close).
        const prepared = prepareBytes(request.page.url, readFileSync(request.page.file), options) as PreparedInWorker;
        const compressed = prepared.page?.compressed;
        if (request.hold && compressed?.bytes) {
          held.set(request.id, compressed.bytes);
          prepared.page!.compressed = { key: compressed.key, level: compressed.level, size: compressed.bytes.length, held: request.id };
        }
        reply = { id: request.id, prepared };
      } else if ('gzip' in request) {
        const gzipped = gzipFile(request.gzip, request.level);
        if (request.to === undefined) reply = { id: request.id, gzipped };
        else {
          writeIn(request.to, gzipped);
          reply = { id: request.id, size: gzipped.length };
        }
      } else {
        const { held: number, file } = request.write;
        const bytes = held.get(number);
        if (!bytes) throw new Error(`no fragment held as ${number}`);
        writeIn(file, bytes);
        held.delete(number);
        reply = { id: request.id };
      }
    } catch (error) {
      const { message, stack } = error instanceof Error ? error : new Error(String(error));
      reply = { id: request.id, error: { message, stack } };
    }
    // Each of these arrays has a buffer of its own, which the reply takes along rather than copies.
    const page = reply.prepared?.page;
    const transfer = page ? [page.tokens.buffer, page.fragment.buffer, ...(page.compressed?.bytes ? [page.compressed.bytes.buffer] : [])] : reply.gzipped ? [reply.gzipped.buffer] : [];
    port.postMessage(reply, transfer as ArrayBuffer[]);
  });
}
