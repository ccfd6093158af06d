/**
 * What a reader downloads stays small, for every page type of the production build: budgets from
 * scripts/bench/size-budget.ts (the build benchmark applies the same ones to a 10,000-article
 * archive). An article reads without JavaScript, and opening one does not fetch the search library.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBudgets, type PageType } from '../../scripts/bench/size-budget';
import { DIST, startSite } from './support/browser';

const ARTICLE = '/2022/09/01/dangjian-yinling-juheli/';

describe('size budgets of the production build', () => {
  const { pages, violations } = checkBudgets(DIST);

  it('has pages of every type to check', () => {
    const types = new Set(pages.map((p) => p.type));
    for (const t of ['home', 'edition', 'page', 'article', 'search', 'listing', 'error'] satisfies PageType[]) expect(types).toContain(t);
  });

  it('keeps every page within its budget (HTML ≤ 100 kB; article HTML+CSS ≤ 14 kB gzipped; no blocking script on articles)', () => {
    expect(violations).toEqual([]);
  });
});

describe('an article in Chromium', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('reads without JavaScript: headline and every paragraph are in the page as served', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.server.url + ARTICLE);
    await expect(page.locator('h1').first().innerText()).resolves.toContain('党建引领聚合力');
    const paragraphs = page.locator('[data-pagefind-body] p[id^="p-"]');
    expect(await paragraphs.count()).toBeGreaterThan(5);
    expect(await paragraphs.last().isVisible()).toBe(true);
    await context.close();
  });

  it('does not fetch the search library until search is used', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(site.server.url + ARTICLE, { waitUntil: 'networkidle' });
    expect(fetched).toContain(ARTICLE);
    expect(fetched.filter((p) => p.includes('/pagefind/'))).toEqual([]);
    // Nor the search page's own code, which is bundled apart (astro.config.ts): an article loads
    // one script, a few hundred bytes with Vite's preload helper inside.
    const scripts = fetched.filter((p) => p.endsWith('.js'));
    expect(scripts).toHaveLength(1);
    const sizes = await Promise.all(scripts.map(async (p) => (await (await fetch(site.server.url + p)).text()).length));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(3000);
    const searchPage = await (await fetch(`${site.server.url}/search/`)).text();
    const searchScript = /<script type="module" src="([^"]+)"/.exec(searchPage)![1]!;
    expect(scripts).not.toContain(searchScript);
    await context.close();
  });
});
