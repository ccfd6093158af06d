/**
 * No listing grows with the archive: a real build of a generated archive, large enough that a
 * kind and the busiest tags need more than one page, splits them into pages linked in order,
 * loses no article, and keeps every page within the size budgets.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuild } from '../support/astro-build';
import { generateArchive } from '../../scripts/bench/generate-archive';
import { checkBudgets } from '../../scripts/bench/size-budget';
import { LISTING_PAGE_SIZE } from '~/lib/listing';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'listing-pagination-'));
const outDir = path.join(scratch, 'site');
let newsArticles = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  const archive = generateArchive({ articles: 160, outDir: path.join(scratch, 'content'), seed: 3 });
  newsArticles = archive.articlePaths.filter((f) => /^kind: news$/m.test(readFileSync(path.join(archive.root, f), 'utf8'))).length;
  const { code, output } = await startBuild(outDir, { CONTENT_ROOT: archive.root, ASTRO_CACHE_DIR: path.join(scratch, 'cache') }).done;
  if (code !== 0) throw new Error(`build of the generated archive failed:\n${output.slice(-3000)}`);
}, 600_000);

const html = (rel: string) => readFileSync(path.join(outDir, rel, 'index.html'), 'utf8');
const cards = (page: string) => (page.match(/<article class="card/g) ?? []).length;

describe('paginated listings', () => {
  it('splits a kind into pages of at most the page size, linked in order, losing no article', () => {
    expect(newsArticles).toBeGreaterThan(LISTING_PAGE_SIZE.articles); // otherwise this test proves nothing
    const pages = ['kinds/news', ...Array.from({ length: 10 }, (_, i) => `kinds/news/${i + 2}`)].filter((p) => existsSync(path.join(outDir, p)));
    expect(pages.length).toBe(Math.ceil(newsArticles / LISTING_PAGE_SIZE.articles));
    expect(cards(html(pages[0]!))).toBe(LISTING_PAGE_SIZE.articles);
    expect(pages.reduce((n, p) => n + cards(html(p)), 0)).toBe(newsArticles);
    expect(html('kinds/news')).toMatch(/<a href="\/kinds\/news\/2\/" rel="next"[^>]*>下一页<\/a>/);
    expect(html('kinds/news/2')).toMatch(/<a href="\/kinds\/news\/" rel="prev"[^>]*>上一页<\/a>/);
  });

  it('keeps every page of the generated archive within its size budget', () => {
    const { pages, violations } = checkBudgets(outDir);
    expect(pages.filter((p) => p.type === 'article')).toHaveLength(160);
    expect(violations).toEqual([]);
    expect(readdirSync(path.join(outDir, 'tags')).length).toBeGreaterThan(10);
  });
});
