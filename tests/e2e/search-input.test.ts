/**
 * Readers' input: the search page reads its query from the URL, and a hostile query is shown as
 * text, never run. The page's own rendering is tested with the CSP bypassed, so that the policy
 * (tested in csp.test.ts) is a second line of defence rather than what these tests rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { startSite } from './support/browser';

let site: Awaited<ReturnType<typeof startSite>>;
let context: BrowserContext;

beforeAll(async () => {
  site = await startSite();
  context = await site.browser.newContext({ bypassCSP: true });
});
afterAll(async () => site?.close());

describe('a hostile query in the URL', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    '"><script>window.__pwned=1;alert(1)</script>',
    "'><svg onload=alert(1)>",
    '</title><script>alert(1)</script>',
    '<iframe src="javascript:alert(1)">',
    'javascript:alert(1)',
    '${alert(1)}',
    '<a href="javascript:alert(1)">党建</a>',
  ])('%s is shown as text and never runs', async (q) => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`${site.server.url}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => /找到|没有|未能/.test(document.querySelector('[data-status]')?.textContent ?? ''));
    // Give a late onerror/onload (a broken image, an SVG) the time to fire.
    await page.waitForTimeout(300);

    expect(await page.inputValue('#q')).toBe(q);
    expect(await page.locator('[data-status]').textContent()).toContain(q);
    const injected = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      // Only the page's own module script (and its JSON-LD and the index's entry file, which are data); only the page's own links and frames.
      scripts: document.querySelectorAll('script:not([type="module"]):not([type="application/ld+json"]):not(#archive-pagefind-entry[type="application/json"])').length,
      strays: document.querySelectorAll('main img, main svg, main iframe, [data-results] script, [data-status] *').length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => a.protocol === 'javascript:').length,
    }));
    expect(injected).toEqual({ pwned: undefined, scripts: 0, strays: 0, jsLinks: 0 });
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it.each([
    '<img src=x onerror=alert(1)>',
    '"><script>window.__pwned=1;alert(1)</script>',
    '<svg onload=alert(1)>党建',
  ])('%s in an article\'s ?hl= marks text only and never runs', async (payload) => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const url = `${site.server.url}/2022/09/01/dangjian-yinling-juheli/?hl=${encodeURIComponent(payload)}&hl=${encodeURIComponent('党建')}`;
    await page.goto(url);
    // The highlighter has run once the genuine term is marked.
    await page.waitForSelector('mark');
    await page.waitForTimeout(300);
    const injected = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      strays: document.querySelectorAll('mark *, .story svg, .story script, img[src="x"]').length,
    }));
    expect(injected).toEqual({ pwned: undefined, strays: 0 });
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('is detected by these checks when it does run (the test can fail)', async () => {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`${site.server.url}/search/`);
    // What an innerHTML-based renderer would do with the query.
    await page.evaluate(() => {
      document.querySelector('[data-status]')!.innerHTML = '<img src=x onerror=alert(1)>';
    });
    await page.waitForEvent('dialog', { timeout: 5_000 }).catch(() => {});
    expect(dialogs).toEqual(['1']);
    expect(await page.locator('[data-status] *').count()).toBe(1);
    await page.close();
  });
});
