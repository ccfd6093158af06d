import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
  return {
    name: 'archive:atomic-output',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        if (command !== 'build') return;
        target = fileURLToPath(config.outDir).replace(/[\\/]$/, '');
        staging = stagingDir(target);
        for (const name of removeLeftovers(target)) logger.info(`removing ${name} in the background, left by an earlier build`);
        rmSync(staging, { recursive: true, force: true });
        updateConfig({ outDir: pathToFileURL(staging + path.sep) });
        const cleanUp = () => rmSync(staging, { recursive: true, force: true });
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
      'astro:build:done': ({ logger }) => {
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
