import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSite } from './support/browser';

let site: Awaited<ReturnType<typeof startSite>>;
let page: Page;

beforeAll(async () => {
  site = await startSite();
  page = await site.browser.newPage();
});
afterAll(async () => site?.close());

/** Runs a search through the search page, as a reader arriving from a shared link would. */
async function search(q: string): Promise<{ titles: string[]; hrefs: string[]; status: string }> {
  await page.goto(`${site.server.url}/search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => !document.querySelector('[data-status]')?.textContent?.includes('正在搜索') && document.querySelector('[data-status]')?.textContent);
  const titles = await page.locator('.results .r-title').allTextContents();
  const hrefs = await page.locator('.results .r-title').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  const status = (await page.locator('[data-status]').textContent()) ?? '';
  return { titles, hrefs, status };
}

/** The search element's state, or undefined while the page is being replaced. */
const stateOf = (p: Page): Promise<string | undefined> => p.evaluate(() => (document.querySelector('archive-search') as HTMLElement | null)?.dataset.state).catch(() => undefined);

describe('search in Chinese against the production build', () => {
  it.each([
    ['党建', '/2022/09/01/dangjian-yinling-juheli/'],
    ['非公党建', '/2022/09/01/dangjian-yinling-juheli/'],
    ['专精特新', '/2022/09/01/zhuanjing-texin-qiye-125-jia/'],
    ['螺蛳粉', '/2022/09/01/renmin-manyi-de-shidai-dajuan/'],
    ['周脉军', '/2022/09/01/renmin-manyi-de-shidai-dajuan/'],
    ['桑桑旦增', '/2022/09/01/renmin-manyi-de-shidai-dajuan/'],
    ['储勇', '/2022/09/01/dangjian-yinling-juheli/'],
    ['呼和浩特', '/2022/09/01/renmin-manyi-de-shidai-dajuan/'],
    ['嘉兴', '/2022/09/01/nongchang-laodong-kaixue-diyike/'],
    ['家政', '/2022/09/01/jiazheng-jineng-peixun-kaiban/'],
    ['特种设备', '/2022/09/01/tezhong-shebei-anquan-jiancha/'],
    ['新能源汽车', '/2022/09/01/xinnengyuan-qiche-lingbujian-chanyeyuan/'],
    ['125家', '/2022/09/01/zhuanjing-texin-qiye-125-jia/'],
    ['1647', '/2022/09/01/dangjian-yinling-juheli/'],
    ['职工子女', '/2022/09/01/zhigong-zinv-zoujin-kaifaqu/'],
  ])('%s finds %s first', async (q, expected) => {
    const { hrefs } = await search(q);
    expect(hrefs[0]).toBe(expected);
  });

  it('keeps the query in the URL and highlights hits in excerpts', async () => {
    await search('周脉军');
    expect(new URL(page.url()).searchParams.get('q')).toBe('周脉军');
    expect(await page.locator('.results mark').first().textContent()).toContain('周脉军');
  });

  it('filters by kind', async () => {
    await page.goto(`${site.server.url}/search/?q=${encodeURIComponent('六安')}&f.体裁=简讯`);
    await page.waitForSelector('.results li');
    const metas = await page.locator('.results .r-meta').allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) expect(m).toContain('简讯');
  });

  it('says so, with a suggestion, when nothing is found', async () => {
    const { titles, status } = await search('量子计算机');
    expect(titles).toHaveLength(0);
    expect(status).toContain('没有找到');
  });
});

describe('search features', () => {
  it('says which edition and page each result is from', async () => {
    await search('专精特新');
    const meta = await page.locator('.results .r-meta').first().textContent();
    expect(meta).toMatch(/2022年9月1日 · (第\d+版|版次不详)/);
  });

  it('highlights the query on the article page after following a result', async () => {
    await search('螺蛳粉');
    await page.locator('.results .r-title').first().click();
    await page.waitForSelector('mark.search-hit');
    expect(new URL(page.url()).searchParams.getAll('hl')).toEqual(['螺蛳粉']);
    const marks = await page.locator('mark.search-hit').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toBe('螺蛳粉');
  });

  it('leaves article pages without ?hl= untouched and loads no highlighter', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => scripts.push(r.url()));
    await page.goto(`${site.server.url}/2022/09/01/renmin-manyi-de-shidai-dajuan/`);
    await page.waitForLoadState('networkidle');
    page.removeAllListeners('request');
    expect(await page.locator('mark').count()).toBe(0);
    expect(scripts.filter((u) => u.includes('search-highlight'))).toEqual([]);
  });

  it('opens search with "/" from any page, but not while typing in a field', async () => {
    await page.goto(`${site.server.url}/editions/`);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search');
    await page.keyboard.type('党建/');
    expect(await page.inputValue('#site-search')).toBe('党建/');
  });

  it('loads the traditional-to-simplified table only for a query that needs it', async () => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await search('党建');
    expect(requested.filter((u) => u.includes('to-simplified'))).toEqual([]);
    const { hrefs, status } = await search('黨建');
    page.removeAllListeners('request');
    expect(requested.filter((u) => u.includes('to-simplified')).length).toBeGreaterThan(0);
    expect(hrefs[0]).toBe('/2022/09/01/dangjian-yinling-juheli/');
    expect(status).toContain('已按简体“党建”搜索');
  });

  it('offers filters by kind, source, year, page and byline from the index', async () => {
    await page.goto(`${site.server.url}/search/?q=${encodeURIComponent('六安')}`);
    await page.locator('details.filters summary').click();
    await page.waitForSelector('[data-filter]');
    const groups = await page.locator('[data-filters] legend').allTextContents();
    expect(groups).toEqual(expect.arrayContaining(['体裁', '来源', '年份', '版次', '作者']));
    await page.locator('[data-filter="作者"][value="储勇"]').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('f.作者') === '储勇' && (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
    const hrefs = await page.locator('.results .r-title').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(hrefs).toEqual(['/2022/09/01/dangjian-yinling-juheli/']);
  });

  it('paints the first results before it fetches the rest of the page', async () => {
    const context = await site.browser.newContext();
    const p = await context.newPage();
    // Counts frames, and notes each fragment request with the frame and the element's state then.
    await p.addInitScript(() => {
      const w = window as unknown as { frame: number; shownFrame?: number; fragments: [number, string][] };
      w.frame = 0;
      w.fragments = [];
      const tick = (): void => {
        w.frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const state = (): string => document.querySelector('archive-search')?.getAttribute('data-state') ?? '';
      const fetch = window.fetch;
      window.fetch = (...a: Parameters<typeof fetch>) => {
        if (String(a[0] instanceof Request ? a[0].url : a[0]).includes('.pf_fragment')) w.fragments.push([w.frame, state()]);
        return fetch(...a);
      };
      new MutationObserver(() => {
        if (w.shownFrame === undefined && state() === 'shown') w.shownFrame = w.frame;
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    });
    await p.goto(`${site.server.url}/search/?q=${encodeURIComponent('发展')}`);
    await p.waitForFunction(() => document.querySelector('archive-search')?.getAttribute('data-state') === 'done');
    const { fragments, shownFrame } = await p.evaluate(() => {
      const w = window as unknown as { shownFrame: number; fragments: [number, string][] };
      return { fragments: w.fragments, shownFrame: w.shownFrame };
    });
    await context.close();
    // The first two results, then the rest of the page once they were shown, none in the frame that showed them.
    expect(fragments.filter(([, state]) => state === 'searching')).toHaveLength(2);
    const rest = fragments.filter(([, state]) => state === 'shown');
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.filter(([frame]) => frame <= shownFrame)).toEqual([]);
  });

  it.each([
    ['as the page is parsed', false],
    ['by the library itself when the page could not', true],
  ])('fetches pf_meta and the wasm %s (src/integrations/pagefind-library.ts, EARLY_LOADER)', async (_how, failFirst) => {
    const context = await site.browser.newContext();
    const p = await context.newPage();
    // Who asks for pf_meta and the wasm: the library (its module in the call's stack) or the page.
    await p.addInitScript(() => {
      const w = window as unknown as { asked: [string, boolean][] };
      w.asked = [];
      const fetch = window.fetch;
      window.fetch = (...a: Parameters<typeof fetch>) => {
        const url = String(a[0] instanceof Request ? a[0].url : a[0]);
        if (/\.pf_meta|\/wasm\./.test(url)) w.asked.push([new URL(url, location.href).pathname.replace(/\.und_[0-9a-f]+\./, '.<hash>.'), /\/pagefind\/pagefind\.js/.test(new Error().stack ?? '')]);
        return fetch(...a);
      };
    });
    // The page's first request for each fails (the preload, which its early fetch takes up).
    const failed = new Set<string>();
    if (failFirst)
      await p.route(/\.pf_meta$|\/wasm\.unknown\.pagefind/, async (route) => {
        const name = new URL(route.request().url()).pathname;
        if (failed.has(name)) return route.continue();
        failed.add(name);
        return route.fulfill({ status: 503, body: 'busy' });
      });
    await p.goto(`${site.server.url}/search/?q=${encodeURIComponent('党建')}`);
    await p.waitForFunction(() => document.querySelector('archive-search')?.getAttribute('data-state') === 'done');
    const asked = await p.evaluate(() => (window as unknown as { asked: [string, boolean][] }).asked);
    const found = await p.locator('.results .r-title').count();
    await context.close();
    expect(found).toBeGreaterThan(0);
    const page = asked.filter(([, byLibrary]) => !byLibrary).map(([file]) => file).sort();
    const library = asked.filter(([, byLibrary]) => byLibrary).map(([file]) => file).sort();
    expect(page).toEqual(['/pagefind/pagefind.<hash>.pf_meta', '/pagefind/wasm.unknown.pagefind']);
    expect(library).toEqual(failFirst ? page : []);
    expect(failed.size).toBe(failFirst ? 2 : 0);
  });

  it('preloads what every search needs and fetches each file of the index once', async () => {
    const fresh = await site.browser.newPage();
    const requests: string[] = [];
    const failures: string[] = [];
    fresh.on('request', (r) => requests.push(new URL(r.url()).pathname));
    fresh.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    await fresh.goto(`${site.server.url}/search/?q=${encodeURIComponent('党建')}`);
    await fresh.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
    const preloaded = await fresh.locator('link[rel=preload], link[rel=modulepreload]').evaluateAll((ls) => ls.map((l) => new URL((l as HTMLLinkElement).href).pathname));
    const fromBundle = preloaded.filter((p) => p.startsWith('/pagefind/')).map((p) => p.replace(/\.und_[0-9a-f]+\./, '.<hash>.'));
    expect(fromBundle).toEqual(['/pagefind/pagefind.js', '/pagefind/pagefind.<hash>.pf_meta', '/pagefind/wasm.unknown.pagefind']);
    // The entry file rides in the page (src/integrations/search-index.ts, addPreloads): never fetched.
    expect(await fresh.locator('#archive-pagefind-entry').count()).toBe(1);
    expect(requests.filter((r) => r.includes('pagefind-entry'))).toEqual([]);
    // The page's scripts: each module it loads is its own <script> or preloaded, none found late.
    const own = await fresh.locator('script[type=module][src]').evaluateAll((ss) => ss.map((s) => new URL((s as HTMLScriptElement).src).pathname));
    const scripts = requests.filter((r) => r.startsWith('/_astro/') && r.endsWith('.js'));
    expect(scripts.filter((r) => !own.includes(r) && !preloaded.includes(r))).toEqual([]);
    // One script of its own: Pagefind's library is imported by an inline script, so the bundled
    // one needs no preload helper (src/pages/search/index.astro).
    expect(scripts).toHaveLength(1);
    // Fetched once each: a preload that did not match its fetch (the entry's ?ts=, CORS mode) would show twice.
    const bundle = requests.filter((r) => r.startsWith('/pagefind/'));
    expect(bundle.length).toBeGreaterThan(5);
    expect(new Set(bundle).size).toBe(bundle.length);
    expect(new Set(scripts).size).toBe(scripts.length);
    expect(failures).toEqual([]);
    await fresh.close();
  });

  it.each(['in the address', 'typed before Pagefind is ready'])('fetches the index chunks of a query %s as soon as pf_meta is in, before the wasm runs (src/integrations/pagefind-library.ts)', async (how) => {
    // Pagefind itself asks for a chunk only once its wasm runs: the wasm is held back until the
    // chunk has been asked for, or for 3 s, then let through either way.
    const context = await site.browser.newContext();
    const fresh = await context.newPage();
    const chunks: string[] = [];
    let asked: () => void = () => {};
    const chunkAsked = new Promise<void>((resolve) => (asked = resolve));
    fresh.on('request', (r) => {
      if (r.url().endsWith('.pf_index')) {
        chunks.push(new URL(r.url()).pathname);
        asked();
      }
    });
    let heldBack = false;
    await fresh.route(/\/wasm\.[^/]*\.pagefind(?:\?|$)/, async (route) => {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000));
      heldBack = (await Promise.race([chunkAsked.then(() => 'asked' as const), timeout])) === 'asked';
      await route.continue();
    });
    // Two words: two searches, each with the chunks of its own tokens.
    const q = '专精特新 企业';
    if (how === 'in the address') await fresh.goto(`${site.server.url}/search/?q=${encodeURIComponent(q)}`);
    else {
      // The page starts Pagefind as it opens; the wasm is held back, so it is still starting.
      await fresh.goto(`${site.server.url}/search/`);
      await fresh.waitForFunction(() => customElements.get('archive-search') && document.activeElement?.matches('input[name=q]'));
      await fresh.fill('input[name=q]', q);
      await fresh.press('input[name=q]', 'Enter');
    }
    await expect.poll(() => stateOf(fresh), { timeout: 20_000 }).toBe('done');
    expect(heldBack).toBe(true);
    expect(await fresh.locator('.results li').count()).toBeGreaterThan(0);
    // Each chunk once: the search found the prefetched ones in Pagefind's cache.
    expect(chunks.length).toBeGreaterThan(0);
    expect(new Set(chunks).size).toBe(chunks.length);
    await context.close();
  });

  it("searches in a browser without DecompressionStream, through the library's own un-gzip (its tables made when first needed)", async () => {
    const context = await site.browser.newContext();
    const old = await context.newPage();
    await old.addInitScript(() => {
      delete (window as { DecompressionStream?: unknown }).DecompressionStream;
    });
    await old.goto(`${site.server.url}/search/?q=${encodeURIComponent('专精特新')}`);
    await expect.poll(() => stateOf(old), { timeout: 20_000 }).toBe('done');
    expect(await old.evaluate(() => typeof DecompressionStream)).toBe('undefined');
    expect(await old.locator('.results .r-title').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).toContain('/2022/09/01/zhuanjing-texin-qiye-125-jia/');
    await context.close();
  });

  it("un-gzips the index in the browser's own DecompressionStream and makes no Intl.Segmenter (src/integrations/pagefind-library.ts)", async () => {
    const fresh = await site.browser.newPage();
    await fresh.addInitScript(() => {
      const counts = { inflated: 0, segmenters: 0 };
      (window as unknown as { counts: typeof counts }).counts = counts;
      const Native = window.DecompressionStream;
      window.DecompressionStream = class extends Native {
        constructor(format: CompressionFormat) {
          super(format);
          counts.inflated++;
        }
      };
      const Segmenter = Intl.Segmenter;
      (Intl as { Segmenter: typeof Intl.Segmenter }).Segmenter = class extends Segmenter {
        constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
          super(...args);
          counts.segmenters++;
        }
      };
    });
    await fresh.goto(`${site.server.url}/search/?q=${encodeURIComponent('专精特新')}`);
    await fresh.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
    expect(await fresh.locator('.results li').count()).toBeGreaterThan(0);
    // pf_meta, the wasm, at least one index chunk and one fragment.
    const counts = await fresh.evaluate(() => (window as unknown as { counts: { inflated: number; segmenters: number } }).counts);
    expect(counts.inflated).toBeGreaterThanOrEqual(4);
    expect(counts.segmenters).toBe(0);
    await fresh.close();
  });

  it('sorts by date with the page numbers in result ids: newest first reverses oldest first', async () => {
    const order = async (sort: string): Promise<string[]> => {
      await page.goto(`${site.server.url}/search/?q=${encodeURIComponent('的')}&sort=${sort}`);
      await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
      return page.locator('.results .r-title').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    };
    const oldest = await order('oldest');
    expect(oldest.length).toBeGreaterThan(3);
    // One edition, so date order is path order (the index numbers pages in path order).
    expect(oldest).toEqual(oldest.toSorted());
    expect(await order('newest')).toEqual(oldest.toReversed());
  });

  it('keeps the sort order in the URL', async () => {
    await page.goto(`${site.server.url}/search/?q=${encodeURIComponent('六安')}&sort=newest`);
    await page.waitForFunction(() => (document.querySelector('archive-search') as HTMLElement).dataset.state === 'done');
    expect(await page.inputValue('select[name=sort]')).toBe('newest');
    expect(await page.locator('.results li').count()).toBeGreaterThan(0);
  });

  it.each([
    ['its meta index is gone', '**/*.pf_meta'],
    ["a word's index chunk fails", '**/*.pf_index'],
    ["a result's fragment fails", '**/*.pf_fragment'],
  ])('loads itself again once, then says the index did not load, rather than search on, when %s', async (_, failing) => {
    const context = await site.browser.newContext();
    const failed = await context.newPage();
    const loads: string[] = [];
    failed.on('request', (r) => r.isNavigationRequest() && loads.push(r.url()));
    await failed.route(failing, (route) => route.fulfill({ status: 404, body: '' }));
    await failed.goto(`${site.server.url}/search/?q=${encodeURIComponent('党建')}`);
    await expect.poll(() => stateOf(failed), { timeout: 20_000 }).toBe('done');
    expect(await failed.locator('[data-status]').textContent()).toContain('搜索索引未能加载');
    expect(await failed.locator('.results li').count()).toBe(0);
    // Once, at an address of its own; the marker is gone from the address bar again.
    expect(loads).toHaveLength(2);
    expect(new URL(loads[1]!).searchParams.has('reloaded')).toBe(true);
    expect(new URL(failed.url()).searchParams.has('reloaded')).toBe(false);
    expect(new URL(failed.url()).searchParams.get('q')).toBe('党建');
    await context.close();
  });

  it('recovers by itself when its copy is older than the index it names (a cached page after a deploy)', async () => {
    const context = await site.browser.newContext();
    const stale = await context.newPage();
    const loads: string[] = [];
    stale.on('request', (r) => r.isNavigationRequest() && loads.push(r.url()));
    // The first copy served names a bundle that is no longer there: its cache tag and embedded
    // entry file point at a pf_meta that a deploy replaced.
    await stale.route('**/search/?*', async (route) => {
      if (new URL(route.request().url()).searchParams.has('reloaded')) return route.continue();
      const response = await route.fetch();
      const html = await response.text();
      const tag = /pagefind\.(und_[0-9a-f]+)\.pf_meta/.exec(html)![1]!;
      return route.fulfill({ response, body: html.replaceAll(tag, 'und_00000000000') });
    });
    await stale.goto(`${site.server.url}/search/?q=${encodeURIComponent('专精特新')}`);
    await expect.poll(() => stateOf(stale), { timeout: 20_000 }).toBe('done');
    expect(await stale.locator('.results .r-title').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).toContain('/2022/09/01/zhuanjing-texin-qiye-125-jia/');
    expect(loads).toHaveLength(2);
    expect(new URL(stale.url()).searchParams.has('reloaded')).toBe(false);
    await context.close();
  });

  it("recovers by itself when the browser's copy of the search library is older than the index (a deploy that changed it)", async () => {
    const context = await site.browser.newContext();
    const stale = await context.newPage();
    const loads: string[] = [];
    const libraries: string[] = [];
    stale.on('request', (r) => {
      if (r.isNavigationRequest()) loads.push(r.url());
      if (new URL(r.url()).pathname.endsWith('/pagefind.js')) libraries.push(r.url());
    });
    // The library at its usual address is an older build of it, without the exports the page
    // now uses, as a browser may keep it for minutes after a deploy; any other address is current.
    await stale.route('**/pagefind/pagefind.js', async (route) => {
      const response = await route.fetch();
      const library = await response.text();
      expect(library).toContain('export{archiveEntry,archivePrefetch,');
      return route.fulfill({ response, body: library.replace('export{archiveEntry,archivePrefetch,', 'export{') });
    });
    await stale.goto(`${site.server.url}/search/?q=${encodeURIComponent('专精特新')}`);
    await expect.poll(() => stateOf(stale), { timeout: 20_000 }).toBe('done');
    expect(await stale.locator('.results .r-title').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).toContain('/2022/09/01/zhuanjing-texin-qiye-125-jia/');
    expect(loads).toHaveLength(2);
    // The second page took the library from a new address.
    expect(new URL(libraries.at(-1)!).searchParams.has('fresh')).toBe(true);
    await context.close();
  });

  it('tells readers without JavaScript how else to find articles', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${site.server.url}/search/?q=${encodeURIComponent('党建')}`);
    expect(await noJs.locator('.noscript').textContent()).toContain('搜索需要浏览器启用 JavaScript');
    await context.close();
  });
});
