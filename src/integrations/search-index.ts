import type { AstroIntegration } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { readPageRecord } from '../lib/search-record';
import { encodeIndexText } from '../lib/search-text';

/**
 * The language the records are filed under: "undetermined", so Pagefind runs no segmenter or
 * stemmer over them (a `zh` code would send every token through its Chinese segmenter, ~15% more
 * CPU in BENCHMARKS.md, and segment titles into words no query uses). The browser library finds
 * no index for the page's `zh-cn` and falls back to the only one there is; its own query
 * segmentation leaves our ASCII tokens whole.
 */
export const INDEX_LANGUAGE = 'und';
/** Records in flight to the Pagefind service at once: enough to keep its pipe busy. */
const BATCH = 64;

export interface IndexStats {
  pages: number;
  ms: number;
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'pagefind') yield* htmlFiles(full);
    } else if (entry.name.endsWith('.html')) yield full;
  }
}

/** The public URL of a built file: `2022/09/01/slug/index.html` → `/base/2022/09/01/slug/`. */
export function urlOf(site: string, file: string, base: string): string {
  const rel = path.relative(site, file).split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1');
  return `${base.replace(/\/?$/, '/')}${rel}`;
}

/**
 * Indexes every page of a built site that has a `data-pagefind-body`, as custom records whose
 * text is encoded for search, and writes the bundle to `<site>/pagefind`. Throws with Pagefind's
 * own messages when it reports errors.
 */
export interface BuildOptions {
  /** The site's base path, as in astro.config. */
  base?: string;
  /** Where the bundle goes; `<site>/pagefind` by default. */
  outputPath?: string;
  /** The records' language; benchmarks compare others. */
  language?: string;
  /** Runs after the index is written, while the Pagefind process still lives (benchmarks read its usage). */
  beforeClose?: () => void;
}

/**
 * Pagefind's Node API never settles its promises when its indexer process is killed (the kernel's
 * out-of-memory killer does so on large archives): it only listens for spawn and pipe errors,
 * not for the process exiting. This watches the indexer through /proc and rejects when it is
 * gone, so the build fails with a reason instead of hanging. Where /proc is missing, it never fires.
 */
export function watchChild(name = 'pagefind'): { dead: Promise<never>; stop(): void } {
  const pid = childPid(name);
  let timer: NodeJS.Timeout | undefined;
  const dead = new Promise<never>((_, reject) => {
    if (pid === undefined) return;
    timer = setInterval(() => {
      if (isAlive(pid)) return;
      clearInterval(timer);
      reject(new Error(`the ${name} indexer (pid ${pid}) stopped before finishing — most likely out of memory; see the kernel log (dmesg)`));
    }, 1000);
    timer.unref();
  });
  dead.catch(() => {});
  return { dead, stop: () => clearInterval(timer) };
}

/** The pid of this process's child whose command starts with `name`, read from /proc; undefined where that is not possible. */
function childPid(name: string): number | undefined {
  try {
    for (const task of readdirSync('/proc/self/task')) {
      for (const child of readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${child}/comm`, 'utf8').startsWith(name)) return Number(child);
      }
    }
  } catch {
    // Not Linux, or /proc is hidden: no watchdog.
  }
  return undefined;
}

/** True while the process exists and is not a zombie. */
function isAlive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export async function buildSearchIndex(site: string, { base = '/', outputPath = path.join(site, 'pagefind'), language = INDEX_LANGUAGE, beforeClose }: BuildOptions = {}): Promise<IndexStats> {
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const indexer = watchChild('pagefind');
  const guard = <T>(op: Promise<T>): Promise<T> => Promise.race([op, indexer.dead]);
  let pages = 0;
  try {
    let batch: Promise<pagefind.NewFileResponse>[] = [];
    const drain = async (): Promise<void> => {
      for (const added of await guard(Promise.all(batch))) {
        if (added.errors.length) throw new Error(`Pagefind could not index ${added.file?.url}: ${added.errors.join('; ')}`);
      }
      batch = [];
    };
    for await (const file of htmlFiles(site)) {
      const record = readPageRecord(await readFile(file, 'utf8'));
      if (!record) continue;
      pages++;
      batch.push(
        index.addCustomRecord({
          url: urlOf(site, file, base),
          content: encodeIndexText(record.text),
          language,
          meta: record.meta,
          filters: record.filters,
          sort: record.sort,
        }),
      );
      if (batch.length >= BATCH) await drain();
    }
    await drain();
    const written = await guard(index.writeFiles({ outputPath }));
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    beforeClose?.();
  } finally {
    indexer.stop();
    await pagefind.close();
  }
  return { pages, ms: Math.round(performance.now() - started) };
}

/** Builds the search index from the finished site in `astro:build:done`; fails the build loudly. */
export default function searchIndex(): AstroIntegration {
  let base = '/';
  return {
    name: 'archive:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { pages, ms } = await buildSearchIndex(fileURLToPath(dir), { base });
        logger.info(`indexed ${pages} pages in ${ms} ms`);
      },
    },
  };
}
