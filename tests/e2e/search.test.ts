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
