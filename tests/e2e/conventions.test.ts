/**
 * The web's publishing conventions, read as their consumers read them: feeds and sitemaps parsed
 * as XML by the browser, JSON-LD parsed as JSON, each listing every published article.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSite } from './support/browser';
import { publishedArticlePaths, KEY_PAGES } from './support/site-files';

let site: Awaited<ReturnType<typeof startSite>>;
let page: Page;
const published = publishedArticlePaths();

beforeAll(async () => {
  site = await startSite();
  page = await site.browser.newPage();
  await page.goto(`${site.server.url}/`);
});
afterAll(async () => site?.close());

/** Fetches a file of the site and parses it with the browser's XML parser; fails on malformed XML. */
async function xml<T>(path: string, read: (doc: Document) => T): Promise<T> {
  const text = await page.evaluate(async (u) => (await fetch(u)).text(), `${site.server.url}${path}`);
  const handle = await page.evaluateHandle((t) => new DOMParser().parseFromString(t, 'application/xml'), text);
  const error = await handle.evaluate((d) => d.querySelector('parsererror')?.textContent ?? null);
  expect(error, `${path} is well-formed XML`).toBeNull();
  return handle.evaluate(read);
}

/** Site paths of absolute URLs on the configured origin. */
const pathsOf = (urls: string[]) => urls.map((u) => new URL(u).pathname).sort();

describe('feeds', () => {
  it('RSS 2.0 lists every published article with a full date and its authors', async () => {
    const feed = await xml('/rss.xml', (d) => ({
      version: d.documentElement.getAttribute('version'),
      items: [...d.querySelectorAll('item')].map((i) => ({
        link: i.querySelector('link')?.textContent ?? '',
        title: i.querySelector('title')?.textContent ?? '',
        date: i.querySelector('pubDate')?.textContent ?? '',
        authors: [...i.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'creator')].map((c) => c.textContent),
      })),
    }));
    expect(feed.version).toBe('2.0');
    expect(pathsOf(feed.items.map((i) => i.link))).toEqual(published);
    for (const i of feed.items) {
      expect(i.title).not.toBe('');
      expect(i.date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(Number.isNaN(Date.parse(i.date))).toBe(false);
    }
    const feature = feed.items.find((i) => i.link.endsWith('/renmin-manyi-de-shidai-dajuan/'));
    expect(feature?.authors).toEqual(['丁小溪', '董博婷', '张研']);
  });

  it('Atom lists every published article with RFC 3339 dates and authors', async () => {
    const feed = await xml('/atom.xml', (d) => ({
      ns: d.documentElement.namespaceURI,
      updated: d.querySelector('feed > updated')?.textContent ?? '',
      entries: [...d.querySelectorAll('entry')].map((e) => ({
        link: e.querySelector('link[rel=alternate]')?.getAttribute('href') ?? '',
        id: e.querySelector('id')?.textContent ?? '',
        published: e.querySelector('published')?.textContent ?? '',
        authors: [...e.querySelectorAll('author > name')].map((n) => n.textContent),
      })),
    }));
    expect(feed.ns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(pathsOf(feed.entries.map((e) => e.link))).toEqual(published);
    for (const e of feed.entries) expect(e.published).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(feed.entries.find((e) => e.link.endsWith('/zhuanjing-texin-qiye-125-jia/'))?.authors).toEqual(['汪婷婷']);
  });

  it('every page announces both feeds', async () => {
    const types = await page.$$eval('link[rel=alternate]', (ls) => ls.map((l) => l.getAttribute('type')));
    expect(types).toEqual(['application/rss+xml', 'application/atom+xml']);
  });
});

describe('sitemap and robots.txt', () => {
  it('the sitemap index leads to sitemaps listing every published article and no 404 page', async () => {
    const sitemaps = await xml('/sitemap-index.xml', (d) => [...d.querySelectorAll('sitemap > loc')].map((l) => l.textContent ?? ''));
    expect(sitemaps.length).toBeGreaterThan(0);
    const urls: string[] = [];
    for (const s of sitemaps) urls.push(...(await xml(new URL(s).pathname, (d) => [...d.querySelectorAll('url > loc')].map((l) => l.textContent ?? ''))));
    const paths = pathsOf(urls);
    for (const p of [...published, '/', '/people/', '/editions/', '/2022/09/01/']) expect(paths).toContain(p);
    expect(paths.some((p) => p.includes('404'))).toBe(false);
  });

  it('robots.txt points at the sitemap', async () => {
    const robots = await page.evaluate(async (u) => (await fetch(u)).text(), `${site.server.url}/robots.txt`);
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Sitemap: https?:\/\/\S+\/sitemap-index\.xml$/m);
  });
});

/** The JSON-LD blocks of a page, parsed. */
async function jsonLd(path: string): Promise<Record<string, unknown>[]> {
  await page.goto(`${site.server.url}${path}`);
  const blocks = await page.$$eval('script[type="application/ld+json"]', (ss) => ss.map((s) => s.textContent ?? ''));
  return blocks.map((b) => JSON.parse(b) as Record<string, unknown>);
}

describe('structured data and link previews', () => {
  it.each(published)('%s: NewsArticle JSON-LD has the required fields', async (path) => {
    const ld = await jsonLd(path);
    const article = ld.find((d) => d['@type'] === 'NewsArticle') as Record<string, any>;
    expect(article).toBeDefined();
    expect(new URL(article.url).pathname).toBe(path);
    expect(article.headline).toEqual(expect.any(String));
    expect(article.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(article.inLanguage).toBe('zh-CN');
    expect(article.articleSection).toEqual(expect.any(String));
    expect(article.publisher).toMatchObject({ '@type': 'Organization', name: expect.any(String) });
    expect(article.author.length).toBeGreaterThan(0);
    for (const a of article.author) expect(a).toMatchObject({ '@type': 'Person', name: expect.any(String) });
    expect(article.isPartOf).toMatchObject({ '@type': 'PublicationIssue', datePublished: article.datePublished });
    expect(new URL(article.isPartOf.url).pathname).toBe(path.replace(/[^/]+\/$/, ''));
  });

  it('the feature’s JSON-LD gives its subheadline and its three Xinhua authors, and no invented page number', async () => {
    const article = (await jsonLd(KEY_PAGES.article)).find((d) => d['@type'] === 'NewsArticle') as Record<string, any>;
    expect(article.alternativeHeadline).toContain('人民满意的公务员集体');
    expect(article.author.map((a: { name: string }) => a.name)).toEqual(['丁小溪', '董博婷', '张研']);
    expect(article.pageStart).toBeUndefined();
    expect(article.isPartOf.isPartOf.name).toBe('报名不详');
  });

  it.each(Object.entries(KEY_PAGES).filter(([k]) => k !== '404'))('%s page has a BreadcrumbList starting at 首页 and ending at itself', async (_, path) => {
    const crumbs = (await jsonLd(path)).find((d) => d['@type'] === 'BreadcrumbList') as Record<string, any>;
    expect(crumbs).toBeDefined();
    const items = crumbs.itemListElement as { position: number; name: string; item: string }[];
    expect(items[0]?.name).toBe('首页');
    expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
    expect(new URL(items.at(-1)!.item).pathname).toBe(new URL(path, 'http://x').pathname);
  });

  it('an article has its canonical URL, Open Graph and Twitter card', async () => {
    await page.goto(`${site.server.url}${KEY_PAGES.article}`);
    const meta = await page.evaluate(() => ({
      canonical: document.querySelector('link[rel=canonical]')?.getAttribute('href'),
      ogType: document.querySelector('meta[property="og:type"]')?.getAttribute('content'),
      ogTitle: document.querySelector('meta[property="og:title"]')?.getAttribute('content'),
      ogUrl: document.querySelector('meta[property="og:url"]')?.getAttribute('content'),
      published: document.querySelector('meta[property="article:published_time"]')?.getAttribute('content'),
      twitter: document.querySelector('meta[name="twitter:card"]')?.getAttribute('content'),
    }));
    expect(new URL(meta.canonical!).pathname).toBe(KEY_PAGES.article);
    expect(meta).toMatchObject({ ogType: 'article', ogTitle: '书写人民满意的时代答卷', ogUrl: meta.canonical, published: '2022-09-01', twitter: 'summary' });
  });
});

describe('citation', () => {
  it('gives the GB/T 7714 newspaper reference with the configured newspaper name and 版次不详', async () => {
    await page.goto(`${site.server.url}${KEY_PAGES.article}`);
    expect(await page.locator('#cite-text').textContent()).toBe('丁小溪, 董博婷, 张研. 书写人民满意的时代答卷[N]. 报名不详, 2022-09-01(版次不详).');
    expect(await page.locator('.citation').textContent()).toContain('原版文本未载版次');
  });

  it('copies the reference with one click', async () => {
    const context = await site.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const p = await context.newPage();
    await p.goto(`${site.server.url}${KEY_PAGES.article}`);
    await p.getByRole('button', { name: '复制' }).click();
    await p.getByText('已复制到剪贴板').waitFor();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toContain('书写人民满意的时代答卷[N]');
    await context.close();
  });
});
