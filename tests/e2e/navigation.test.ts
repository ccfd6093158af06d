/** Browsing like the printed paper, the people directory, bylines and print, in the production build. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSite } from './support/browser';
import { KEY_PAGES } from './support/site-files';

let site: Awaited<ReturnType<typeof startSite>>;
let page: Page;
const go = (path: string) => page.goto(`${site.server.url}${path}`);

beforeAll(async () => {
  site = await startSite();
  page = await site.browser.newPage();
});
afterAll(async () => site?.close());

describe('archive index: years → months → calendar → edition → page → article', () => {
  it('a reader clicks from the index down to an article and back up by the breadcrumbs', async () => {
    await go('/editions/');
    await page.getByRole('link', { name: '2022年', exact: true }).click();
    await page.getByRole('link', { name: '2022年9月', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/2022/09/');
    await page.getByRole('table').getByRole('link', { name: '2022年9月1日' }).click();
    expect(new URL(page.url()).pathname).toBe('/2022/09/01/');
    await page.locator('.page-head a').first().click();
    expect(new URL(page.url()).pathname).toBe('/2022/09/01/pages/jingkaiqu/');
    await page.getByRole('link', { name: '书写人民满意的时代答卷' }).first().click();
    expect(new URL(page.url()).pathname).toBe(KEY_PAGES.article);
    const trail = await page.locator('nav.crumbs li').allTextContents();
    expect(trail.map((t) => t.trim())).toEqual(['首页', '往期', '2022年', '9月', '2022年9月1日', '版次不详', '书写人民满意的时代答卷']);
  });

  it('the month calendar links only the days that have an edition', async () => {
    await go('/2022/09/');
    const linked = await page.locator('table.calendar a').allTextContents();
    expect(linked).toEqual(['1']);
    expect(await page.locator('table.calendar td').filter({ hasText: /^\d+$/ }).count()).toBe(30);
  });

  it('articles link to the previous and next article of the edition in reading order', async () => {
    await go('/2022/09/01/zhigong-zinv-zoujin-kaifaqu/');
    expect(new URL(await page.locator('a[rel=prev]').getAttribute('href') ?? '', 'http://x').pathname).toBe('/2022/09/01/dangjian-yinling-juheli/');
    expect(new URL(await page.locator('a[rel=next]').getAttribute('href') ?? '', 'http://x').pathname).toBe('/2022/09/01/tezhong-shebei-anquan-jiancha/');
  });
});

describe('people directory', () => {
  /** The region pages the directory links to, in its order. */
  const regionPages = async () => {
    await go('/people/');
    return page.locator('nav.regions a').evaluateAll((as) => as.map((a) => ({ name: a.textContent ?? '', href: (a as HTMLAnchorElement).href })));
  };

  it('lists every individual and collective of the feature, by region', async () => {
    const regions = await regionPages();
    expect(regions.map((r) => r.name)).toContain('中央和国家机关');
    expect(regions.at(-1)!.name).toBe('地区不详');
    let people = 0;
    for (const r of regions) {
      await page.goto(r.href);
      expect(await page.locator('h1').textContent()).toBe(`人物：${r.name}`);
      people += await page.locator('.person').count();
    }
    expect(people).toBe(21);
  });

  it('each “见…第N段” link lands on a paragraph that names the person', async () => {
    const cards: { name: string; href: string }[] = [];
    for (const r of await regionPages()) {
      await page.goto(r.href);
      cards.push(
        ...(await page.locator('.person').evaluateAll((els) =>
          els.map((el) => ({ name: el.querySelector('.name a')?.textContent ?? '', href: (el.querySelector('.told a') as HTMLAnchorElement).href })),
        )),
      );
    }
    expect(cards).toHaveLength(21);
    for (const { name, href } of cards) {
      await page.goto(href);
      const target = await page.evaluate(() => document.querySelector(':target')?.textContent ?? '');
      expect(target.normalize('NFKC'), `${href} names ${name}`).toContain(name.normalize('NFKC'));
    }
  });

  it('王松鹤 is filed under 中央和国家机关, marked as inferred with the reason', async () => {
    await go('/people/wang-songhe/');
    const text = await page.locator('main').textContent();
    expect(text).toContain('中央和国家机关');
    expect(text).toContain('推断');
    expect(text).toContain('水利部黄河水利委员会河南黄河河务局');
  });
});

describe('bylines', () => {
  it('each reporter’s page lists their articles', async () => {
    await go('/bylines/');
    await page.getByRole('link', { name: 'C', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/bylines/initial/c/');
    await page.getByRole('link', { name: '储勇' }).click();
    expect(await page.locator('h1').textContent()).toBe('储勇');
    const trail = await page.locator('nav.crumbs li').allTextContents();
    expect(trail.map((t) => t.trim())).toEqual(['首页', '记者', 'C', '储勇']);
    expect(await page.locator('.card .headline a').allTextContents()).toEqual(['党建引领聚合力 融合赋能促发展']);
  });

  it('the article credits link to the byline pages', async () => {
    await go(KEY_PAGES.article);
    const hrefs = await page.locator('.credits a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(hrefs).toHaveLength(3);
    for (const h of hrefs) expect(h).toMatch(/^\/bylines\/[a-z0-9-]+\/$/);
  });
});

describe('tags', () => {
  it('a tag is found under its letter and its page leads back there', async () => {
    await go('/tags/');
    await page.locator('nav.initials').getByRole('link', { name: 'L', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/tags/initial/l/');
    await page.getByRole('link', { name: '六安经开区' }).click();
    expect(await page.locator('h1').textContent()).toBe('标签：六安经开区');
    const trail = await page.locator('nav.crumbs li').allTextContents();
    expect(trail.map((t) => t.trim())).toEqual(['首页', '标签', 'L', '六安经开区']);
    await page.locator('nav.crumbs').getByRole('link', { name: 'L', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/tags/initial/l/');
  });
});

describe('related articles', () => {
  it('an article shows others sharing its tags or page, never itself', async () => {
    await go('/2022/09/01/zhuanjing-texin-qiye-125-jia/');
    const related = await page.locator('.related a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(related.length).toBeGreaterThan(0);
    expect(related).not.toContain('/2022/09/01/zhuanjing-texin-qiye-125-jia/');
  });
});

describe('print', () => {
  it('prints an article black on white without navigation, citing link URLs', async () => {
    await go(KEY_PAGES.article);
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const look = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('header.site')!).display,
      crumbs: getComputedStyle(document.querySelector('nav.crumbs')!).display,
      prevnext: getComputedStyle(document.querySelector('nav.prevnext')!).display,
      search: getComputedStyle(document.querySelector('.search-box')!).display,
      color: getComputedStyle(document.querySelector('.prose p')!).color,
      background: getComputedStyle(document.body).backgroundColor,
      linkAfter: getComputedStyle(document.querySelector('.article-people a')!, '::after').content,
    }));
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
    expect(look).toMatchObject({ header: 'none', crumbs: 'none', prevnext: 'none', search: 'none', color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });
    expect(look.linkAfter).toContain('/people/');
  });
});
