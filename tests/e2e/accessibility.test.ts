/**
 * Accessibility gate against the production build: axe-core finds no violations on the pages a
 * reader meets, in both colour schemes and on a phone, and the keyboard alone reaches search and
 * every link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { startSite } from './support/browser';
import { KEY_PAGES } from './support/site-files';

let site: Awaited<ReturnType<typeof startSite>>;

beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => site?.close());

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

/** A readable list of violations: rule, impact, and the first offending elements. */
function describeViolations(v: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe.each(Object.entries(VIEWPORTS))('axe on %s', (_, options) => {
  describe.each(['light', 'dark'] as const)('%s scheme', (colorScheme) => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await site.browser.newContext({ ...options, colorScheme });
      page = await context.newPage();
    });
    afterAll(async () => context?.close());

    it.each(Object.entries(KEY_PAGES))('%s (%s) has no violations', async (_name, path) => {
      await page.goto(`${site.server.url}${path}`);
      if (path.startsWith('/search/')) await page.waitForSelector('.results li');
      const result = await new AxeBuilder({ page }).analyze();
      expect(describeViolations(result.violations)).toEqual([]);
      expect(result.passes.length).toBeGreaterThan(10);
    });
  });
});

describe('keyboard only', () => {
  let page: Page;
  beforeAll(async () => {
    page = await site.browser.newPage();
  });

  /** Tabs through the page from the top and returns a description of every element that took focus. */
  async function tabThrough(path: string, limit = 400): Promise<{ focused: string[]; links: string[] }> {
    await page.goto(`${site.server.url}${path}`);
    const links = await page.$$eval('a[href]', (as) =>
      as.filter((a) => a.getClientRects().length > 0 && getComputedStyle(a).visibility !== 'hidden').map((a) => (a as HTMLAnchorElement).href + '|' + a.textContent?.trim()),
    );
    const focused: string[] = [];
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      // Each element is marked when it takes focus; meeting a marked one means Tab has come round.
      const d = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return '';
        if (el.dataset.tabSeen) return null;
        el.dataset.tabSeen = '1';
        return el instanceof HTMLAnchorElement ? `${el.href}|${el.textContent?.trim()}` : `${el.tagName.toLowerCase()}#${el.id}`;
      });
      if (d === null) break;
      if (d) focused.push(d);
    }
    return { focused, links };
  }

  it.each(['/', KEY_PAGES.article, KEY_PAGES.people, KEY_PAGES.month])('Tab reaches the search box and every visible link on %s', async (path) => {
    const { focused, links } = await tabThrough(path);
    expect(focused).toContain('input#site-search');
    expect(links.filter((l) => !focused.includes(l))).toEqual([]);
    expect(links.length).toBeGreaterThan(5);
  });

  it('the first Tab offers a skip link that moves focus to the main content', async () => {
    await page.goto(`${site.server.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });
});
