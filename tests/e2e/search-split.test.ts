/**
 * Very common words are written into the index as parts, one per range of pages
 * (`BundleOptions.split`), and the search page searches each part. This must change nothing a
 * reader sees: for every query, the same results in the same order as an index without parts,
 * run through the search page's own element in Chromium. The seed edition is small, so the
 * index here splits every two-letter word found on more than one page, into parts of about one
 * of its pages each (2, 4 or 8 parts); the site's own index splits words on more than 4,096
 * pages into parts of about 1,024.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launchBrowser } from './support/browser';
import { serveStatic, type StaticServer } from './support/server';
import { random } from './support/random';
import { addPreloads, buildSearchIndex, INDEX_OPTIONS, withoutPreloads } from '~/integrations/search-index';
import { encodeSplitWords, readSplitIndex } from '~/lib/bundle-names';
import { readPageRecord } from '~/lib/search-record';
import { isArticlePageFile } from '~/lib/paths';
import { wordLetters } from '~/lib/search-text';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'search-split-'));
const articleFiles = (readdirSync(DIST, { recursive: true }) as string[])
  .filter(isArticlePageFile)
  .sort()
  .map((f) => path.join(DIST, f));

interface Variant {
  server: StaticServer;
  page: Page;
}

let browser: Browser;
const variants: Record<'plain' | 'split', Variant> = {} as never;
let splitWords: string[] = [];
let splitText = '';

/**
 * Writes a bundle with `split` and a copy of the search page made for it, and serves the site
 * with both. With `carry`, the page carries the bundle's entry file, as the build gives it a small
 * one; without, Pagefind fetches it, as for a large one (addPreloads).
 */
async function variant(name: string, split: typeof INDEX_OPTIONS.split, carry: boolean): Promise<{ server: StaticServer; bundle: string }> {
  const bundle = path.join(scratch, `${name}-bundle`);
  const search = path.join(scratch, `${name}-search`);
  const { metaFile } = await buildSearchIndex(DIST, { outputPath: bundle, files: articleFiles, options: { ...INDEX_OPTIONS, split } });
  cpSync(path.join(DIST, 'search'), search, { recursive: true });
  const page = path.join(search, 'index.html');
  writeFileSync(page, withoutPreloads(readFileSync(page, 'utf8')));
  const entry = readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8');
  // Told of a larger entry file, the page leaves it to be fetched, as at 100,000 articles.
  const told = carry ? entry : JSON.stringify({ ...JSON.parse(entry), padding: 'x'.repeat(5000) });
  expect(await addPreloads(page, '/pagefind/', metaFile, told, { site: DIST })).toBe(true);
  expect(readFileSync(page, 'utf8').includes('id="archive-pagefind-entry"')).toBe(carry);
  return { server: await serveStatic(DIST, { mounts: { '/pagefind/': bundle, '/search/': search } }), bundle };
}

beforeAll(async () => {
  expect(articleFiles.length).toBeGreaterThan(3);
  browser = await launchBrowser();
  // The entry file fetched by the one, carried by the search page of the other (with the split words).
  const plain = await variant('plain', undefined, false);
  const split = await variant('split', { pages: 1, range: 1 }, true);
  const entry = (bundle: string): { split_words?: string } => JSON.parse(readFileSync(path.join(bundle, 'pagefind-entry.json'), 'utf8'));
  expect(entry(plain.bundle)).not.toHaveProperty('split_words');
  splitText = entry(split.bundle).split_words!;
  const words = [...readSplitIndex(splitText)!.words];
  expect(encodeSplitWords(words)).toBe(splitText);
  // Words in two, four and eight parts: phrases mix words split differently.
  expect(new Set(words.map(([, parts]) => parts))).toEqual(new Set([2, 4, 8]));
  splitWords = words.map(([word]) => word);
  for (const [name, { server }] of Object.entries({ plain, split })) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/search/`);
    variants[name as 'plain' | 'split'] = { server, page };
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const v of Object.values(variants)) await v.server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs queries through the search page's element: each query's result paths in order, and how many pages the index found. */
async function runAll(page: Page, queries: string[]): Promise<{ paths: string[]; found: string | undefined }[]> {
  return page.evaluate(async (qs) => {
    const el = document.querySelector('archive-search') as HTMLElement & { run(): Promise<void> };
    const input = el.querySelector('input[name=q]') as HTMLInputElement;
    const out: { paths: string[]; found: string | undefined }[] = [];
    for (const q of qs) {
      input.value = q;
      await el.run();
      out.push({ paths: [...el.querySelectorAll<HTMLAnchorElement>('.results .r-title')].map((a) => a.pathname), found: el.dataset.found });
    }
    return out;
  }, queries);
}

describe('common words split into parts by page range', () => {
  it('find the same articles, in the same order, as the index without parts', async () => {
    // Most two-letter words of the seed are on one page; those on more are split here.
    expect(splitWords.length).toBeGreaterThan(50);
    // The page learns them from the entry file, as Pagefind's library (changed by the build) hands
    // it over: here carried by the page; the plain index's is fetched, and has none.
    const inPage = (page: Page): Promise<string | undefined> =>
      page.evaluate(async () => {
        const library = await (window as unknown as { archivePagefind(): Promise<{ archiveEntry(): Promise<{ split_words?: string }> }> }).archivePagefind();
        return (await library.archiveEntry()).split_words;
      });
    expect(await inPage(variants.split.page)).toBe(splitText);
    expect(await inPage(variants.plain.page)).toBeUndefined();
    expect(await variants.split.page.locator('archive-search').getAttribute('data-split-words')).toBeNull();
    const texts = articleFiles.map((f) => readPageRecord(readFileSync(f, 'utf8'))!.text);
    const next = random(20260126);
    const queries = new Set<string>();
    // Each split word alone, and inside longer strings of the text (words split and not, mixed).
    for (const word of splitWords) {
      const letters = wordLetters(word);
      queries.add(letters);
      const text = texts.find((t) => t.includes(letters));
      if (!text) continue;
      const at = text.indexOf(letters);
      queries.add(text.slice(Math.max(0, at - 1 - Math.floor(next() * 3)), at + 2 + Math.floor(next() * 3)).trim());
    }
    // Random substrings, two words at once, a quoted phrase, a letter alone.
    while (queries.size < splitWords.length * 2 + 100) {
      const text = texts[Math.floor(next() * texts.length)]!;
      const start = Math.floor(next() * (text.length - 8));
      const q = text.slice(start, start + 2 + Math.floor(next() * 5)).trim();
      if (q) queries.add(next() < 0.2 ? `${q} ${wordLetters(splitWords[Math.floor(next() * splitWords.length)]!)}` : q);
    }
    queries.add('"开发区"').add('党').add('企业 发展');
    const list = [...queries];
    const [plain, split] = await Promise.all([runAll(variants.plain.page, list), runAll(variants.split.page, list)]);
    const differ = list.filter((_, i) => JSON.stringify(plain[i]) !== JSON.stringify(split[i]));
    expect(differ.map((q) => `${q}: ${JSON.stringify(plain[list.indexOf(q)])} ≠ ${JSON.stringify(split[list.indexOf(q)])}`)).toEqual([]);
    // Not a comparison of empty pages: most queries find articles, some several.
    expect(plain.filter((r) => r.paths.length > 0).length).toBeGreaterThan(list.length * 0.9);
    expect(plain.filter((r) => r.paths.length > 1).length).toBeGreaterThan(50);
  }, 300_000);
});
