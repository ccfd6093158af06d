/**
 * Builds that fail safely: real `astro build` runs into a scratch output folder that holds a
 * previous site. A build that succeeds replaces it whole (search index included); one that fails,
 * or is interrupted by SIGINT or SIGTERM, leaves it exactly as it was and leaves nothing else.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startBuild } from '../support/astro-build';
import { stagingDir } from '~/integrations/atomic-output';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'safe-build-'));
const outDir = path.join(scratch, 'site');
const cache = path.join(scratch, 'cache');
const OLD_PAGE = '<!doctype html><title>previous build</title>';
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The previous site: what a failed build must leave alone. */
beforeEach(() => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'index.html'), OLD_PAGE);
  writeFileSync(path.join(outDir, 'previous.txt'), 'kept');
});

/** What sits beside the output folder, the cache aside: nothing once a build has ended. */
const siblings = () => readdirSync(scratch).filter((n) => n !== 'site' && n !== 'cache');
const previousSiteIntact = () => {
  expect(readdirSync(outDir).sort()).toEqual(['index.html', 'previous.txt']);
  expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toBe(OLD_PAGE);
};

describe('an interrupted or failed build', () => {
  it('that succeeds replaces the previous site whole, search index included', async () => {
    const { code, output } = await startBuild(outDir, { ASTRO_CACHE_DIR: cache }).done;
    expect(code, output).toBe(0);
    expect(existsSync(path.join(outDir, 'previous.txt'))).toBe(false);
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('<html lang="zh-CN"');
    expect(existsSync(path.join(outDir, 'pagefind', 'pagefind.js'))).toBe(true);
    // The previous site is deleted in the background once the new one is in place.
    const started = Date.now();
    while (siblings().length && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50));
    expect(siblings()).toEqual([]);
  });

  it('that fails after writing pages exits non-zero with the reason and leaves the previous site', async () => {
    const { code, output } = await startBuild(outDir, { ASTRO_CACHE_DIR: cache, TEST_FAIL_AFTER_PAGES: '1' }).done;
    expect(code).not.toBe(0);
    expect(output).toContain('failing on purpose after the pages were written');
    previousSiteIntact();
    expect(siblings()).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('killed by %s mid-build leaves the previous site and no half-written one', async (signal) => {
    const run = startBuild(outDir, { ASTRO_CACHE_DIR: cache });
    const staging = stagingDir(outDir, run.child.pid);
    // Wait until the build is writing its site, then interrupt it.
    const started = Date.now();
    while (!existsSync(staging) && Date.now() - started < 45_000) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(staging), 'the build never started writing').toBe(true);
    run.child.kill(signal);
    const { code, output } = await run.done;
    expect(code ?? run.child.signalCode).not.toBe(0);
    expect(output).toContain(`build interrupted (${signal})`);
    previousSiteIntact();
    expect(siblings()).toEqual([]);
  });
});
