/**
 * Every built page carries the Content-Security-Policy and runs under it without a single
 * violation: what the site ships is allowed, and search (Pagefind's worker and WebAssembly)
 * still works. A page that tries something the policy forbids is reported, which shows the
 * detection itself works.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DIST, startSite } from './support/browser';
import { pruneCspHashes } from '../../src/lib/csp-prune';

let site: Awaited<ReturnType<typeof startSite>>;
let context: BrowserContext;

/** Every HTML page of the build, as a URL path. */
function builtPages(): string[] {
  const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  return files.map((f) => '/' + f.split(path.sep).join('/').replace(/index\.html$/, '')).sort();
}

/** A page that records CSP violations (from the event and the console) from its first byte on. */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) console.push(m.text());
  });
  page.on('pageerror', (e) => console.push(`page error: ${e.message}`));
  return {
    page,
    violations: async () => [
      ...console,
      ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
    ],
  };
}

beforeAll(async () => {
  site = await startSite();
  context = await site.browser.newContext();
  await context.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
});
afterAll(async () => site?.close());

describe('Content-Security-Policy', () => {
  const pages = builtPages();

  it('covers the whole build', () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(pages).toContain('/search/');
  });

  it.each(pages)('%s loads with no violation and carries the policy', async (pathname) => {
    const { page, violations } = await watchedPage();
    await page.goto(site.server.url + pathname, { waitUntil: 'load' });
    const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it("allows no inline script or style but the page's own (src/middleware.ts prunes Astro's site-wide hash list)", () => {
    for (const pathname of pages) {
      const html = readFileSync(path.join(DIST, pathname.replace(/\/?$/, pathname.endsWith('.html') ? '' : '/index.html')), 'utf8');
      expect(pruneCspHashes(html), pathname).toBe(html);
      const hashes = /content-security-policy" content="[^"]*/.exec(html)?.[0].match(/'sha256-/g) ?? [];
      expect(hashes.length, pathname).toBeLessThanOrEqual(6);
    }
  });

  it('lets search run Pagefind (worker and WebAssembly) with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${site.server.url}/search/?q=${encodeURIComponent('专精特新')}`);
    await page.waitForSelector('.results li a');
    expect(await page.locator('.results .r-title').first().textContent()).toContain('专精特新');
    expect(await violations()).toEqual([]);
    await page.close();
  });

  // Pagefind searches in a Web Worker; where a worker cannot start it searches on the page
  // itself, and only then does the page compile WebAssembly. Forcing that path shows the
  // policy's 'wasm-unsafe-eval' is what it needs (and not decoration).
  it.each([
    ['works', "'wasm-unsafe-eval'", true],
    ['fails without wasm-unsafe-eval', '', false],
  ])('search on the page without a worker %s', async (_name, wasm, works) => {
    const { page, violations } = await watchedPage();
    await page.route('**/search/*', async (route) => {
      const response = await route.fetch();
      const html = (await response.text())
        .replace("worker-src 'self'", "worker-src 'none'")
        .replace(" 'wasm-unsafe-eval'", wasm ? ` ${wasm}` : '');
      await route.fulfill({ response, body: html });
    });
    await page.goto(`${site.server.url}/search/?q=${encodeURIComponent('专精特新')}`);
    await page.waitForFunction(() => /找到|没有|未能/.test(document.querySelector('[data-status]')?.textContent ?? ''), null, { timeout: 8_000 }).catch(() => {});
    const seen = (await violations()).filter((v) => !v.includes('worker-src'));
    const titles = await page.locator('.results .r-title').allTextContents();
    if (works) {
      expect(seen).toEqual([]);
      expect(titles[0]).toContain('专精特新');
    } else {
      expect(titles).toEqual([]);
      expect(seen.join('\n')).toMatch(/script-src|WebAssembly/i);
    }
    await page.close();
  });

  it('blocks and reports what the site does not ship (the check can fail)', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${site.server.url}/`);
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
      const img = new Image();
      img.src = 'https://evil.example/pixel.png';
      document.body.append(img);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __ran?: boolean }).__ran === true;
    });
    expect(ran).toBe(false);
    const seen = await violations();
    expect(seen.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(seen.some((v) => v.startsWith('img-src') && v.includes('evil.example'))).toBe(true);
    await page.close();
  });
});
