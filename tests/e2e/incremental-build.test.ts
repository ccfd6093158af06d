/**
 * Incremental builds (Astro's experimental.incrementalBuild with our cache keys, and the reused
 * search index) give the same site as a build from scratch. A generated archive is built, rebuilt
 * unchanged, rebuilt after one article's headline is changed, rebuilt after more edits (a person's
 * name, a tag added to another article, an article deleted), all with one cache; then built again
 * with an empty cache. The unchanged rebuild must equal the first build byte for byte, the retitled
 * one must show the new headline wherever the first showed the old, and the last must equal the
 * build from scratch: a page whose key missed something it shows would keep its old HTML.
 */
import { linkSync, mkdirSync, readFileSync, readdirSync, rmSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuild } from '../support/astro-build';
import { generateArchive, type GeneratedArchive } from '../../scripts/bench/generate-archive';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'incremental-build-'));
const content = path.join(scratch, 'content');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OLD_TITLE = '增量构建旧标题甲乙';
const NEW_TITLE = '增量构建新标题丙丁';
const NEW_NAME = '增量构建新人名';
const NEW_TAG = '增量构建新标签';

/** Every file of a built site, by its path relative to the site. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else files.set(r, readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return files;
}

/** The files that are missing, extra or different in `actual`. */
function differences(expected: Map<string, Buffer>, actual: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [f, bytes] of expected) if (!actual.has(f)) out.push(`missing ${f}`);
  else if (!bytes.equals(actual.get(f)!)) out.push(`differs ${f}`);
  for (const f of actual.keys()) if (!expected.has(f)) out.push(`extra ${f}`);
  return out;
}

const htmlWith = (site: Map<string, Buffer>, text: string) => [...site].filter(([f, b]) => f.endsWith('.html') && b.toString('utf8').includes(text)).map(([f]) => f).sort();

async function build(outDir: string, cacheDir: string): Promise<string> {
  const { code, output } = await startBuild(outDir, { CONTENT_ROOT: content, ASTRO_CACHE_DIR: cacheDir }).done;
  if (code !== 0) throw new Error(`build failed:\n${output.slice(-3000)}`);
  return output;
}

function edit(file: string, from: RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!from.test(text)) throw new Error(`${file} has no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

let archive: GeneratedArchive;
let first: Map<string, Buffer>;
let unchanged: Map<string, Buffer>;
let retitled: Map<string, Buffer>;
let edited: Map<string, Buffer>;
let scratchBuild: Map<string, Buffer>;
let unchangedLog = '';
let retitledLog = '';
let editedLog = '';
let held: string[] = [];

beforeAll(async () => {
  archive = generateArchive({ articles: 60, outDir: content, seed: 7 });
  const [titled, tagged, deleted] = [30, 12, 45].map((i) => path.join(content, archive.articlePaths[i]!));
  edit(titled!, /^headline: .*$/m, `headline: "${OLD_TITLE}"`);

  const site = path.join(scratch, 'site');
  const cache = path.join(scratch, 'cache');
  await build(site, cache);
  first = snapshot(site);
  unchangedLog = await build(site, cache);
  unchanged = snapshot(site);

  // Restored pages are hard links into the cache (patches/astro+*.patch). Hold the published
  // pages that the next build renders again: writing their new cache copies must not change them.
  held = htmlWith(unchanged, OLD_TITLE).map((rel, i) => {
    const at = path.join(scratch, 'held', `${i}.html`);
    mkdirSync(path.dirname(at), { recursive: true });
    linkSync(path.join(site, rel), at);
    return at;
  });
  edit(titled!, /^headline: .*$/m, `headline: "${NEW_TITLE}"`);
  retitledLog = await build(site, cache);
  retitled = snapshot(site);

  edit(path.join(content, 'people', 'person-00001.yaml'), /^name: .*$/m, `name: "${NEW_NAME}"`);
  edit(tagged!, /^tags: \[/m, `tags: ["${NEW_TAG}", `);
  rmSync(deleted!);
  editedLog = await build(site, cache);
  edited = snapshot(site);

  const fresh = path.join(scratch, 'fresh');
  await build(fresh, path.join(scratch, 'fresh-cache'));
  scratchBuild = snapshot(fresh);
}, 600_000);

describe('an incremental build', () => {
  it('with no change reuses the pages and the search index, and gives the same site byte for byte', () => {
    expect(unchangedLog).toMatch(/\(restored\)/);
    expect(unchangedLog).toMatch(/search index of \d+ pages .* reused from the previous build/);
    expect(differences(first, unchanged)).toEqual([]);
  });

  it('after a headline is changed shows the new one on every page that showed the old, and the old one nowhere', () => {
    const before = htmlWith(first, OLD_TITLE);
    // The article, its edition and printed page, its kind, tag and byline listings, and more.
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(htmlWith(retitled, OLD_TITLE)).toEqual([]);
    expect(htmlWith(retitled, NEW_TITLE)).toEqual(before);
    // Only those pages were rendered again (and the pages without a cache key: home, feeds …).
    const rendered = (retitledLog.match(/├─ .*\(\+\d+ms\)/g) ?? []).length;
    const restored = (retitledLog.match(/\(restored\)/g) ?? []).length;
    expect(restored).toBeGreaterThan(rendered);
    expect(rendered).toBeLessThan(before.length + 12);
  });

  it('restores pages as links to the cache, and never writes into a page a previous build published', () => {
    // A page the last build restored (its log line ends in "(restored)").
    const restored = /├─ (\/\d{4}\/\d\d\/\d\d\/[^/ ]+\/index\.html) \(restored\)/.exec(editedLog.replace(/\x1b\[[0-9;]*m/g, ''))![1]!;
    expect(statSync(path.join(scratch, 'site', restored)).nlink).toBeGreaterThan(1);
    expect(held.length).toBeGreaterThanOrEqual(6);
    for (const file of held) expect(readFileSync(file, 'utf8')).toContain(OLD_TITLE);
  });

  it('after more edits gives the same site as a build from scratch', () => {
    // The articles changed, so the search index was written again, not reused.
    expect(editedLog).toMatch(/\[archive:search-index\]\S* indexed \d+ pages/);
    expect(differences(scratchBuild, edited)).toEqual([]);
  });

  it('shows a person’s new name wherever the person is shown', () => {
    const pages = htmlWith(edited, NEW_NAME);
    expect(pages).toContain('people/person-00001/index.html');
    expect(pages.some((p) => /^\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(p))).toBe(true);
  });
});
