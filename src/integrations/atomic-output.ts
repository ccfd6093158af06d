import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { rmdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const STAGING = '.staging-';
const RETIRED = '.retired-';
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/** The folder a build with process id `pid` writes into before it replaces `target`. */
export function stagingDir(target: string, pid: number = process.pid): string {
  return path.join(path.dirname(target), `${STAGING}${path.basename(target)}-${pid}`);
}

/**
 * Replaces `target` with the finished `staging` folder: two renames on one file system, so
 * readers and the next deploy see either the old site or the new one, never a mix. The old site
 * is then deleted, by default in a detached process: deleting tens of thousands of files took
 * longer than a rebuild's rendering (BENCHMARKS.md, Build, Changes), and the new site is already
 * in place. A deletion that does not finish is completed by the next build (`removeLeftovers`).
 */
export function swapInto(staging: string, target: string, { background = true } = {}): void {
  const retired = path.join(path.dirname(target), `${RETIRED}${path.basename(target)}-${process.pid}`);
  if (existsSync(target)) renameSync(target, retired);
  renameSync(staging, target);
  if (!existsSync(retired)) return;
  if (!background) return rmSync(retired, RM);
  deleteInBackground(retired);
}

/**
 * Deletes `dir` in a detached process that outlives this one, at the lowest CPU priority: nothing
 * waits for it, and the next build often starts while it runs. At normal priority, deleting the
 * previous 10,000-article site (28,000 links and 14,000 folders) slowed the next build's own
 * file work: edit rebuilds right after a build took 25.4–27.1 s, with 10.6–12.9 s of system time,
 * against 21.4–22.3 s and 7.5–8.6 s after a deletion at the lowest priority (BENCHMARKS.md, Build).
 * Returns the deleting process's id.
 */
export function deleteInBackground(dir: string): number | undefined {
  const child = spawn(process.execPath, ['-e', `require('node:fs').rmSync(process.argv[1], ${JSON.stringify(RM)})`, dir], { detached: true, stdio: 'ignore' });
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Already finished, or the system does not allow it: the deletion runs at normal priority.
  }
  child.unref();
  return child.pid;
}

/** Retries a directory that another deleter (a background deletion still running) has not emptied yet. */
const RM = { recursive: true, force: true, maxRetries: 5 } as const;

/**
 * Removes what earlier builds left beside `target`: the staging folder of a build killed outright
 * (SIGKILL, power loss), or a previous site whose background deletion was cut short or is still
 * running (a rebuild right after a build). Neither is in this build's way (each build names its
 * folders by its own process id), so by default they are deleted in the background too: deleting
 * the 43,000 files of a 10,000-article site here took 19 s of a no-change rebuild.
 */
export function removeLeftovers(target: string, { background = true } = {}): string[] {
  const dir = path.dirname(target);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const match = new RegExp(`^(?:${escape(STAGING)}|${escape(RETIRED)})${escape(path.basename(target))}-(\\d+)$`).exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    if (background) deleteInBackground(path.join(dir, name));
    else rmSync(path.join(dir, name), RM);
    removed.push(name);
  }
  return removed;
}

/**
 * The prelinker's code (CommonJS, evaluated: nothing to resolve wherever the integration was
 * bundled to). It reads Astro's incremental build manifest, and hard-links each page the previous
 * build recorded from `<cacheDir>/dist/` to the same place in the staging folder; a page whose
 * copy is missing is skipped. It answers with the files it linked, as the manifest names them.
 * `control` (shared): [0] is set to stop it, and it sets [1] once it will link nothing more.
 */
const PRELINKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { linkSync, mkdirSync, readFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { fileURLToPath } = require('node:url');
const { manifest, cache, staging, control } = workerData;
const root = fileURLToPath(staging);
const state = new Int32Array(control);
const linked = [];
let routes = {};
try {
  routes = JSON.parse(readFileSync(manifest, 'utf8')).routes || {};
} catch {}
const made = new Set();
try {
  outer: for (const route of Object.values(routes)) {
    for (const entry of Object.values(route.paths || {})) {
      // Asked to stop (an interrupted build): nothing more goes into the staging folder.
      if (Atomics.load(state, 0)) break outer;
      if (typeof entry.outputFile !== 'string') continue;
      try {
        const from = fileURLToPath(new URL(entry.outputFile, cache));
        const to = fileURLToPath(new URL(entry.outputFile, staging));
        if (!to.startsWith(root)) continue;
        const parent = dirname(to);
        if (!made.has(parent)) {
          mkdirSync(parent, { recursive: true });
          made.add(parent);
        }
        linkSync(from, to);
        linked.push(entry.outputFile);
      } catch {}
    }
  }
} finally {
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
}
parentPort.postMessage(linked);
`;

/**
 * Hard-links every page the previous build cached (`<cacheDir>/dist/`, as Astro's incremental
 * build manifest lists them) into `staging`, on a worker thread, while the content is checked and
 * synced and Vite bundles. Astro's generation then finds an unchanged page already in place (its
 * restore is one failed link, patches/astro+*.patch) instead of creating its folder and link in
 * turn with the rendering; a page rendered again replaces its link, never writes into it (the
 * same patch). Whatever the previous build cached that this one does not produce is taken out
 * again before the swap (`removeUnproduced`). `linked` resolves to the files linked and never
 * rejects (a page not linked here is restored by Astro as before); `stop` ends the linking, for
 * a build that is interrupted, and returns once the worker will link nothing more.
 */
export function prelinkCachedPages(cacheDir: URL, staging: string): { linked: Promise<string[]>; stop(): void } {
  const stagingUrl = pathToFileURL(staging + path.sep);
  const control = new SharedArrayBuffer(8);
  const state = new Int32Array(control);
  const workerData = {
    manifest: fileURLToPath(new URL('incremental-build.json', cacheDir)),
    cache: new URL('dist/', cacheDir).href,
    staging: stagingUrl.href,
    control,
  };
  const worker = new Worker(PRELINKER, { eval: true, workerData });
  const names = new Promise<string[]>((resolve) => {
    worker.once('message', (files: string[]) => resolve(files));
    worker.once('error', () => resolve([]));
    worker.once('exit', () => resolve([]));
  });
  // For Astro's restore (patches/astro+*.patch): a page named here is in place, no link to try.
  delete (globalThis as Record<symbol, unknown>)[PRELINKED];
  const linked = names.then((files) => {
    (globalThis as Record<symbol, unknown>)[PRELINKED] = new Set(files);
    return files.map((rel) => fileURLToPath(new URL(rel, stagingUrl)));
  });
  // `terminate` alone returns before the worker has stopped: a link or folder it made after the
  // staging folder was deleted would leave the folder behind. So `stop` waits (synchronously:
  // it runs in signal handlers) for the worker to say it is done, for at most a few seconds.
  const stop = (): void => {
    Atomics.store(state, 0, 1);
    Atomics.wait(state, 1, 0, STOP_WAIT_MS);
    void worker.terminate();
  };
  return { linked, stop };
}

/** How long an interrupted build waits for file operations under way before it deletes its staging folder again. */
const SETTLE_MS = 50;

/** How long `prelinkCachedPages`'s `stop` waits for the worker, which checks between two links. */
const STOP_WAIT_MS = 5000;

/** Where the prelinked pages are left for Astro's restore, by the names its manifest gives them. */
const PRELINKED = Symbol.for('archive.prelinkedPages');

/**
 * Deletes the prelinked files (`prelinkCachedPages`) that this build did not produce (`produced`:
 * the files of every route, as `astro:build:done` lists them), with their folders under `root`
 * if left empty: pages of articles or listings that are gone.
 */
export async function removeUnproduced(root: string, linked: readonly string[], produced: Iterable<string>): Promise<string[]> {
  const keep = new Set(produced);
  const removed = linked.filter((file) => !keep.has(file));
  for (const file of removed) {
    await unlink(file).catch(() => {});
    for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
  return removed;
}

/**
 * Builds into a staging folder beside the output folder and swaps it in only once everything,
 * the search index included, is written. A build that fails or is interrupted (SIGINT, SIGTERM)
 * leaves the previous site untouched and removes its staging folder. Astro itself empties the
 * output folder as it starts, which is why it must never write there directly.
 *
 * Must be the last integration, so that every other `astro:build:done` (the search index) has
 * written into the staging folder before the swap.
 */
export default function atomicOutput(): AstroIntegration {
  let target = '';
  let staging = '';
  let prelink: ReturnType<typeof prelinkCachedPages> | undefined;
  return {
    name: 'archive:atomic-output',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        if (command !== 'build') return;
        target = fileURLToPath(config.outDir).replace(/[\\/]$/, '');
        staging = stagingDir(target);
        for (const name of removeLeftovers(target)) logger.info(`removing ${name} in the background, left by an earlier build`);
        rmSync(staging, { recursive: true, force: true });
        // The staging folder is new: Astro need not empty it, and must not, once pages are linked in.
        updateConfig({ outDir: pathToFileURL(staging + path.sep), vite: { build: { emptyOutDir: false } } });
        prelink = prelinkCachedPages(config.cacheDir, staging);
        // The linking is stopped first, and `stop` returns once nothing more will be linked.
        const cleanUp = () => {
          prelink?.stop();
          // Gone: swapped in by a build that succeeded.
          if (!existsSync(staging)) return;
          rmSync(staging, RM);
          // A file operation of Astro's already under way on libuv's threads (a page's folder
          // made with its parents) may land just after: this thread is blocked meanwhile, so
          // nothing new starts, and a moment later the folder can be deleted for good.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
          rmSync(staging, RM);
        };
        // A failed build exits through 'exit'; a signal would kill the process without it.
        process.once('exit', cleanUp);
        for (const [signal, number] of Object.entries(SIGNALS)) {
          process.once(signal, () => {
            cleanUp();
            logger.error(`build interrupted (${signal}): ${path.relative(process.cwd(), target) || target} was left as it was`);
            process.exit(128 + number);
          });
        }
      },
      'astro:config:done': ({ config }) => {
        if (!staging) return;
        const last = config.integrations.at(-1)?.name;
        if (last !== 'archive:atomic-output') {
          throw new Error(`archive:atomic-output must be the last integration in astro.config.ts (found ${last} after it): the site is swapped in when it runs`);
        }
      },
      'astro:build:done': async ({ assets, logger }) => {
        const produced = [...assets.values()].flat().map((url) => fileURLToPath(url));
        const removed = await removeUnproduced(staging, (await prelink?.linked) ?? [], produced);
        if (removed.length) logger.info(`${removed.length} page(s) of the previous build not produced by this one left out`);
        swapInto(staging, target);
        logger.info(`published ${path.relative(process.cwd(), target) || target}`);
      },
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
