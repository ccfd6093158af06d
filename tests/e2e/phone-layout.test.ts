/**
 * Readers on phones: no page of the production build is wider than a 360 px phone's screen, so
 * nothing has to be scrolled sideways. Chinese text is laid out in a real Chinese font here
 * (.ci/run installs one), so the widths are those readers see, not those of fallback boxes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startSite } from './support/browser';
import { builtPages, KEY_PAGES, urlPathOf } from './support/site-files';

let site: Awaited<ReturnType<typeof startSite>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  site = await startSite();
  context = await site.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await site?.close();
});

/** The page's width past the screen's, in CSS pixels (0 when none), and the first elements that stick out. */
async function overflow(): Promise<{ extra: number; wide: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      // An element past the edge, or one whose content overflows it (text in a box too narrow for it).
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return Math.max(box.right, box.left + el.scrollWidth) > root.clientWidth + 0.5;
      })
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`);
    return { extra: root.scrollWidth - root.clientWidth, wide };
  });
}

describe('on a 360 px phone', () => {
  it('no page scrolls sideways: every built page, and search with its results shown', async () => {
    const offenders: string[] = [];
    const check = async (path: string): Promise<void> => {
      const { extra, wide } = await overflow();
      if (extra > 0) offenders.push(`${path}: ${extra}px too wide (${wide.join(', ')})`);
    };
    const pages = builtPages().map(urlPathOf);
    expect(pages.length).toBeGreaterThan(50);
    for (const path of pages) {
      await page.goto(`${site.server.url}${path}`);
      await check(path);
    }
    await page.goto(`${site.server.url}${KEY_PAGES.search}`);
    await page.waitForSelector('.results li');
    await check(KEY_PAGES.search);
    // An article followed from a result, its terms marked.
    await page.click('.results li a');
    await page.waitForSelector('mark');
    await check(new URL(page.url()).pathname);
    expect(offenders).toEqual([]);
  });

  it('notices a page that does (the test can fail)', async () => {
    await page.goto(`${site.server.url}${KEY_PAGES.article}`);
    await page.evaluate(() => {
      const wide = document.createElement('pre');
      wide.className = 'too-wide';
      wide.textContent = '中'.repeat(80);
      wide.style.whiteSpace = 'pre';
      document.querySelector('main')!.append(wide);
    });
    const { extra, wide } = await overflow();
    expect(extra).toBeGreaterThan(0);
    expect(wide).toContain('pre.too-wide');
  });
});
