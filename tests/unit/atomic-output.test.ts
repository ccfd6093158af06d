import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteInBackground, prelinkCachedPages, removeLeftovers, removeUnproduced, stagingDir, swapInto } from '~/integrations/atomic-output';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'atomic-output-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding one file, `index.html`, with `text`. */
function site(dir: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), text);
}

describe('swapInto', () => {
  it.each([
    ['replaces an existing site', true],
    ['publishes the first site', false],
  ])('%s', (_name, hadSite) => {
    const target = path.join(root, 'dist');
    if (hadSite) site(target, 'old');
    site(stagingDir(target), 'new');
    swapInto(stagingDir(target), target, { background: false });
    expect(readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('deletes the previous site in the background, after the new one is in place', async () => {
    const target = path.join(root, 'dist');
    site(target, 'old');
    site(stagingDir(target), 'new');
    swapInto(stagingDir(target), target);
    expect(readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('new');
    const started = Date.now();
    while (readdirSync(root).length > 1 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(root)).toEqual(['dist']);
  });
});

describe('deleteInBackground', () => {
  it('deletes at the lowest CPU priority, out of the next build\'s way', async () => {
    const old = path.join(root, 'old');
    site(old, 'old');
    const pid = deleteInBackground(old);
    expect(pid).toBeTypeOf('number');
    // Node takes tens of milliseconds to start: the deleter is still running here.
    expect(os.getPriority(pid)).toBe(os.constants.priority.PRIORITY_LOW);
    const started = Date.now();
    while (existsSync(old) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(old)).toBe(false);
  });
});

describe('removeLeftovers', () => {
  it('removes what killed builds left, keeps a running build\'s folder and everything else', () => {
    const target = path.join(root, 'dist');
    // PID 2^22 + 1 is above Linux's pid_max, so no process has it.
    const dead = 4_194_305;
    site(stagingDir(target, dead), 'half');
    site(path.join(root, `.retired-dist-${dead}`), 'old');
    site(stagingDir(target, process.pid), 'running');
    site(path.join(root, '.staging-other-1'), 'another output folder');
    site(target, 'current');
    expect(removeLeftovers(target, { background: false }).sort()).toEqual([`.retired-dist-${dead}`, `.staging-dist-${dead}`]);
    expect(existsSync(stagingDir(target, process.pid))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['.staging-dist-' + process.pid, '.staging-other-1', 'dist']);
  });

  it('by default deletes them in the background, so the build does not wait for it', async () => {
    const target = path.join(root, 'dist');
    const dead = 4_194_305;
    site(stagingDir(target, dead), 'half');
    site(path.join(root, `.retired-dist-${dead}`), 'old');
    site(target, 'current');
    expect(removeLeftovers(target).sort()).toEqual([`.retired-dist-${dead}`, `.staging-dist-${dead}`]);
    const started = Date.now();
    while (readdirSync(root).length > 1 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(root)).toEqual(['dist']);
  });
});

describe('prelinkCachedPages and removeUnproduced', () => {
  /** A cache folder as Astro's incremental build leaves it: the manifest and `dist/` copies. */
  function cache(pages: Record<string, string>, listed = Object.keys(pages)): URL {
    const dir = path.join(root, 'cache');
    for (const [rel, text] of Object.entries(pages)) {
      const file = path.join(dir, 'dist', decodeURI(rel));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    const paths = Object.fromEntries(listed.map((rel) => [`/${rel}`, { cacheKey: 'k', outputFile: rel }]));
    writeFileSync(path.join(dir, 'incremental-build.json'), JSON.stringify({ version: 1, routes: { 'src/pages/x.astro': { dependencyHash: 'd', paths } } }));
    return pathToFileURL(dir + path.sep);
  }

  it('links every page the manifest lists into the staging folder, as the same files', async () => {
    const cacheDir = cache({ 'a/index.html': 'A', '2024/01/02/b/index.html': 'B', [`tags/${encodeURIComponent('党建')}/index.html`]: 'C' });
    const staging = path.join(root, 'staging');
    const linked = await prelinkCachedPages(cacheDir, staging).linked;
    expect(linked.map((f) => path.relative(staging, f)).sort()).toEqual(['2024/01/02/b/index.html', 'a/index.html', 'tags/党建/index.html']);
    expect(readFileSync(path.join(staging, 'tags', '党建', 'index.html'), 'utf8')).toBe('C');
    // Astro's restore (patches/) reads the same list, by the manifest's names, to skip the link.
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('archive.prelinkedPages')]).toEqual(new Set(['a/index.html', '2024/01/02/b/index.html', `tags/${encodeURIComponent('党建')}/index.html`]));
    // A link, not a copy: the cache's copy and the staged page are one file.
    expect(statSync(path.join(staging, 'a', 'index.html')).ino).toBe(statSync(path.join(root, 'cache', 'dist', 'a', 'index.html')).ino);
  });

  it('skips a listed page whose cached copy is gone, a path outside the staging folder, and a missing or broken manifest', async () => {
    // '../x/index.html' is `<cache>/x/index.html`, which exists, and would be linked to `<root>/x/`.
    const cacheDir = cache({ 'a/index.html': 'A', '../x/index.html': 'X' }, ['a/index.html', 'gone/index.html', '../x/index.html']);
    const staging = path.join(root, 'staging');
    expect((await prelinkCachedPages(cacheDir, staging).linked).map((f) => path.relative(staging, f))).toEqual(['a/index.html']);
    expect(existsSync(path.join(root, 'x'))).toBe(false);
    writeFileSync(new URL('incremental-build.json', cacheDir), '{ not json');
    expect(await prelinkCachedPages(cacheDir, path.join(root, 'staging-2')).linked).toEqual([]);
    expect(await prelinkCachedPages(pathToFileURL(path.join(root, 'no-cache') + path.sep), path.join(root, 'staging-3')).linked).toEqual([]);
  });

  it('stops when told: once `stop` returns, nothing more is linked, and `linked` names what was', async () => {
    const pages = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`p/${i}/index.html`, 'P']));
    const staging = path.join(root, 'staging');
    const prelink = prelinkCachedPages(cache(pages), staging);
    const inStaging = (): number => (existsSync(path.join(staging, 'p')) ? readdirSync(path.join(staging, 'p')).filter((d) => existsSync(path.join(staging, 'p', d, 'index.html'))).length : 0);
    // Stopped while it links, as an interrupted build stops it.
    while (!existsSync(path.join(staging, 'p', '0', 'index.html'))) await new Promise((r) => setTimeout(r, 1));
    prelink.stop();
    const atStop = inStaging();
    const linked = await prelink.linked;
    await new Promise((r) => setTimeout(r, 100));
    expect(inStaging(), 'a page was linked after stop() returned').toBe(atStop);
    expect(atStop).toBeLessThan(4000);
    expect(linked.length).toBe(atStop);
  }, 30_000);

  it('takes out what the build did not produce, with the folders it leaves empty, and keeps the rest', async () => {
    const cacheDir = cache({ 'a/index.html': 'A', '2024/01/02/b/index.html': 'B', '2024/01/03/c/index.html': 'C' });
    const staging = path.join(root, 'staging');
    const linked = await prelinkCachedPages(cacheDir, staging).linked;
    const produced = ['a/index.html', '2024/01/03/c/index.html'].map((rel) => path.join(staging, rel));
    const removed = await removeUnproduced(staging, linked, produced);
    expect(removed.map((f) => path.relative(staging, f))).toEqual(['2024/01/02/b/index.html']);
    expect(existsSync(path.join(staging, '2024', '01', '02'))).toBe(false);
    expect(readdirSync(path.join(staging, '2024', '01'))).toEqual(['03']);
    expect(readFileSync(path.join(staging, 'a', 'index.html'), 'utf8')).toBe('A');
    expect(existsSync(staging)).toBe(true);
  });
});
