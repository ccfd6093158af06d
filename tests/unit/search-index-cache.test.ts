import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexCache, indexCacheKey, pagesHash } from '~/integrations/search-index-cache';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'search-index-cache-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A project root with index code and a lockfile, and a built site with two article pages. */
function fixture(dir: string, { page = '<p>一</p>', code = 'export const v = 1;' } = {}) {
  const root = path.join(dir, 'project');
  write(path.join(root, 'src/integrations/pagefind-bundle.ts'), code);
  write(path.join(root, 'src/lib/search-text.ts'), 'export {};');
  write(path.join(root, 'package-lock.json'), '{}');
  const site = path.join(dir, 'site');
  const files = [write(path.join(site, '2022/09/01/a/index.html'), page), write(path.join(site, '2022/09/01/b/index.html'), '<p>二</p>')];
  return { root, site, files, options: { level: 4 } };
}

describe('indexCacheKey', () => {
  it('is the same for the same inputs, wherever the site and project are', async () => {
    const a = fixture(path.join(tmp, 'a'));
    const b = fixture(path.join(tmp, 'b'));
    expect(await indexCacheKey(a)).toBe(await indexCacheKey(b));
    expect(await indexCacheKey({ ...a, files: a.files.toReversed() })).toBe(await indexCacheKey(a));
  });

  it.each([
    ['a page’s bytes', () => fixture(path.join(tmp, 'b'), { page: '<p>改</p>' })],
    ['the writer’s code', () => fixture(path.join(tmp, 'b'), { code: 'export const v = 2;' })],
    ['the options', () => ({ ...fixture(path.join(tmp, 'b')), options: { level: 6 } })],
    ['the list of pages', () => {
      const f = fixture(path.join(tmp, 'b'));
      return { ...f, files: f.files.slice(0, 1) };
    }],
  ])('changes with %s', async (_, changed) => {
    const base = await indexCacheKey(fixture(path.join(tmp, 'a')));
    expect(await indexCacheKey(changed())).not.toBe(base);
  });
});

describe('indexCache', () => {
  const bundle = (dir: string) => {
    write(path.join(dir, 'pagefind.js'), 'js');
    write(path.join(dir, 'fragment/1.pf_fragment'), 'f');
    return dir;
  };

  it('restores what it stored under the same key only, file for file', async () => {
    const cache = indexCache(path.join(tmp, 'cache'));
    await cache.store('k1', bundle(path.join(tmp, 'site1/pagefind')), { pages: 2 });
    const out = path.join(tmp, 'site2/pagefind');
    expect(await cache.restore('k2', out)).toBeUndefined();
    expect(existsSync(out)).toBe(false);
    expect(await cache.restore('k1', out)).toEqual({ pages: 2 });
    expect(readFileSync(path.join(out, 'fragment/1.pf_fragment'), 'utf8')).toBe('f');
    expect(readFileSync(path.join(out, 'pagefind.js'), 'utf8')).toBe('js');
  });

  it('writes the index again when the stored bundle is incomplete', async () => {
    const cache = indexCache(path.join(tmp, 'cache'));
    await cache.store('k1', bundle(path.join(tmp, 'site1/pagefind')), { pages: 2 });
    rmSync(path.join(cache.dir, 'files'), { recursive: true });
    const out = path.join(tmp, 'site2/pagefind');
    expect(await cache.restore('k1', out)).toBeUndefined();
    expect(existsSync(out)).toBe(false);
  });

  it('a new store replaces the old bundle whole, and keeps only the files it uses', async () => {
    const cache = indexCache(path.join(tmp, 'cache'));
    await cache.store('k1', bundle(path.join(tmp, 'site1/pagefind')), { pages: 2 });
    expect(readdirSync(path.join(cache.dir, 'files'))).toHaveLength(2);
    const second = path.join(tmp, 'site2/pagefind');
    write(path.join(second, 'pagefind.js'), 'js2');
    write(path.join(second, 'again/pagefind.js'), 'js2');
    await cache.store('k2', second, { pages: 3 });
    // One file for the two paths with the same bytes; the first bundle's files are gone.
    expect(readdirSync(path.join(cache.dir, 'files'))).toHaveLength(1);
    const out = path.join(tmp, 'site3/pagefind');
    expect(await cache.restore('k2', out)).toEqual({ pages: 3 });
    expect(existsSync(path.join(out, 'fragment'))).toBe(false);
    expect(readFileSync(path.join(out, 'pagefind.js'), 'utf8')).toBe('js2');
    expect(readFileSync(path.join(out, 'again/pagefind.js'), 'utf8')).toBe('js2');
  });

  it('links into the store only what it did not place from there, and mends a file deleted from the store', async () => {
    const cache = indexCache(path.join(tmp, 'cache'));
    const first = path.join(tmp, 'site1/pagefind');
    write(path.join(first, 'index/0.pf_index'), 'gz-a');
    const written = await cache.compressedFiles(first);
    written.written('A', 'index/0.pf_index', 4);
    await cache.store('k1', first, { pages: 1 }, written);
    const storedA = path.join(cache.dir, 'files/A');
    expect(statSync(storedA).ino).toBe(statSync(path.join(first, 'index/0.pf_index')).ino);
    // The next bundle places A from the store: the store keeps its own copy, not relinked.
    const second = path.join(tmp, 'site2/pagefind');
    const next = await cache.compressedFiles(second);
    expect(await next.place!('A', 'index/1.pf_index')).toBe(4);
    next.written('A', 'index/1.pf_index', 4);
    const inode = statSync(storedA).ino;
    await cache.store('k2', second, { pages: 1 }, next);
    expect(statSync(storedA).ino).toBe(inode);
    // A deleted by hand: the next write cannot place it, writes it, and the store takes it back.
    rmSync(storedA);
    const third = path.join(tmp, 'site3/pagefind');
    const after = await cache.compressedFiles(third);
    expect(await after.place!('A', 'index/2.pf_index')).toBeUndefined();
    write(path.join(third, 'index/2.pf_index'), 'gz-a');
    after.written('A', 'index/2.pf_index', 4);
    await cache.store('k3', third, { pages: 1 }, after);
    expect(readFileSync(storedA, 'utf8')).toBe('gz-a');
    expect(await cache.restore('k3', path.join(tmp, 'site4/pagefind'))).toEqual({ pages: 1 });
  });
});

describe('pagesHash', () => {
  it('after an edit reads only the pages that are new files, taking the others\' hashes from the memo', async () => {
    const site = path.join(tmp, 'site-edit');
    const rels = ['2022/09/01/a/index.html', '2022/09/01/b/index.html', '2022/09/01/c/index.html'];
    rels.forEach((rel, i) => write(path.join(site, rel), `<p>${i}</p>`));
    const memoFile = path.join(tmp, 'cache-edit/pages.json');
    await pagesHash(site, rels, memoFile);
    // Page a rendered again (a new file); b's remembered hash replaced by a wrong one, under its true fingerprint.
    rmSync(path.join(site, rels[0]!));
    write(path.join(site, rels[0]!), '<p>edited</p>');
    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as { pages: Record<string, [string, string]> };
    const right = memo.pages[rels[1]!]![1];
    memo.pages[rels[1]!]![1] = 'not-read-again';
    writeFileSync(memoFile, JSON.stringify(memo));
    const truth = await pagesHash(site, rels);
    // b was not read: the wrong hash went into the result, and a's new bytes did too.
    expect(await pagesHash(site, rels, memoFile)).not.toBe(truth);
    const mended = JSON.parse(readFileSync(memoFile, 'utf8')) as { pages: Record<string, [string, string]>; fingerprint?: string };
    expect(mended.pages[rels[1]!]![1]).toBe('not-read-again');
    mended.pages[rels[1]!]![1] = right;
    delete mended.fingerprint;
    writeFileSync(memoFile, JSON.stringify(mended));
    expect(await pagesHash(site, rels, memoFile)).toBe(truth);
  });

  it("remembers the pages' hash under their fingerprint, and reads them again when any is another file", async () => {
    const site = path.join(tmp, 'site');
    const rels = ['2022/09/01/a/index.html', '2022/09/01/b/index.html'];
    // Whole seconds, which utimes can set again exactly.
    rels.forEach((rel, i) => utimesSync(write(path.join(site, rel), `<p>${i}</p>`), 1e9, 1e9));
    const memo = path.join(tmp, 'cache/search-index/pages.json');
    const plain = await pagesHash(site, rels);
    expect(await pagesHash(site, rels, memo)).toBe(plain);
    expect(JSON.parse(readFileSync(memo, 'utf8')).hash).toBe(plain);
    // The same files: the memo answers. (Shown by an in-place edit that keeps size and time,
    // which no build makes: Astro's cached pages are replaced, never written into.)
    const a = path.join(site, rels[0]!);
    writeFileSync(a, '<p>9</p>');
    utimesSync(a, 1e9, 1e9);
    expect(await pagesHash(site, rels, memo)).toBe(plain);
    expect(await pagesHash(site, rels)).not.toBe(plain);
    // A new file in its place (a page rendered again), even with the old bytes: read again.
    rmSync(a);
    write(a, '<p>0</p>');
    expect(await pagesHash(site, rels, memo)).toBe(plain);
    rmSync(a);
    write(a, '<p>7</p>');
    expect(await pagesHash(site, rels, memo)).toBe(await pagesHash(site, rels));
    expect(await pagesHash(site, rels, memo)).not.toBe(plain);
  });
});

describe("the last index's compressed files", () => {
  /** A cache whose stored bundle holds one compressed file: `bytes` under `key`, at `rel`. */
  async function cacheHolding(name: string, key: string, rel: string, bytes: string) {
    const cache = indexCache(path.join(tmp, name));
    const site = path.join(tmp, `${name}-site/pagefind`);
    write(path.join(site, rel), bytes);
    const files = await cache.compressedFiles();
    files.written(key, rel, Buffer.byteLength(bytes));
    await cache.store('k1', site, { pages: 1 }, files);
    return cache;
  }

  it("are offered by key from the last stored bundle, whatever that bundle's key, and the new ones are kept with the next", async () => {
    const cache = indexCache(path.join(tmp, 'cache'));
    expect(await (await cache.compressedFiles()).get('anything')).toBeUndefined();
    const site1 = path.join(tmp, 'site1/pagefind');
    write(path.join(site1, 'fragment/und_1/0.pf_fragment'), 'gz-a');
    write(path.join(site1, 'index/und_1/0.pf_index'), 'gz-b');
    const first = await cache.compressedFiles();
    first.written('A', 'fragment/und_1/0.pf_fragment', 4);
    first.written('B', 'index/und_1/0.pf_index', 4);
    await cache.store('k1', site1, { pages: 1 }, first);
    // The next build, with another key: A and B are there under their new names' old paths.
    const next = await cache.compressedFiles();
    expect(Buffer.from((await next.get('A'))!).toString()).toBe('gz-a');
    expect(Buffer.from((await next.get('B'))!).toString()).toBe('gz-b');
    expect(await next.get('C')).toBeUndefined();
    expect(await next.get('toString')).toBeUndefined();
    const site2 = path.join(tmp, 'site2/pagefind');
    write(path.join(site2, 'fragment/und_2/0.pf_fragment'), 'gz-a');
    next.written('A', 'fragment/und_2/0.pf_fragment', 4);
    await cache.store('k2', site2, { pages: 1 }, next);
    const third = await cache.compressedFiles();
    expect(Buffer.from((await third.get('A'))!).toString()).toBe('gz-a');
    // B was not in the last index: not offered any more.
    expect(await third.get('B')).toBeUndefined();
  });

  it("places a stored file in the new bundle as a hard link to it, without reading it, and says how big it is", async () => {
    const cache = await cacheHolding('cache-place', 'A', 'fragment/und_1/0.pf_fragment', 'gz-abc');
    const out = path.join(tmp, 'site-place-2/pagefind');
    const next = await cache.compressedFiles(out);
    expect(next.has!('A')).toBe(true);
    expect(next.has!('B')).toBe(false);
    expect(next.has!('toString')).toBe(false);
    expect(await next.place!('A', 'fragment/und_9/3.pf_fragment')).toBe(6);
    const placed = path.join(out, 'fragment/und_9/3.pf_fragment');
    expect(readFileSync(placed, 'utf8')).toBe('gz-abc');
    expect(statSync(placed).ino).toBe(statSync(path.join(cache.dir, 'files/A')).ino);
    expect(await next.place!('B', 'fragment/und_9/4.pf_fragment')).toBeUndefined();
    // Without the new bundle's folder, nothing is placed: the writer reads the files instead.
    expect((await cache.compressedFiles()).place).toBeUndefined();
  });

  it('offers nothing for a file gone from the stored bundle, rather than fail', async () => {
    const cache = await cacheHolding('cache', 'X', 'index/x.pf_index', 'gz');
    rmSync(path.join(cache.dir, 'files/X'));
    expect(await (await cache.compressedFiles()).get('X')).toBeUndefined();
    expect(await (await cache.compressedFiles(path.join(tmp, 'site-gone'))).place!('X', 'index/y.pf_index')).toBeUndefined();
  });
});
