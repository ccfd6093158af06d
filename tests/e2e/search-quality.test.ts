/**
 * Recall and precision of search, measured in Chromium against the built site: at least 300
 * queries (known words, names, numbers, Latin inside Chinese, traditional characters, and
 * random 2–8 character substrings of the articles' text), each run through the search page's
 * own element. The truth comes from the browser too: the text each article page shows.
 * Prints its figures; fails below recall 1.0 or precision 0.98.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSite } from './support/browser';
import { random } from './support/random';
import { foldText } from '~/lib/search-text';

const RECALL_TARGET = 1;
const PRECISION_TARGET = 0.98;
const RANDOM_QUERIES = 300;

/** Words readers type: from the issue and the seed edition. Expected results are computed, not listed. */
const KNOWN = [
  '党建', '非公党建', '专精特新', '螺蛳粉', '呼和浩特', '嘉兴', '家政', '特种设备', '新能源汽车', '职工子女', '六安', '开发区',
  '小巨人', '产业园', '周脉军', '桑桑旦增', '储勇', '汪婷婷', '125家', '4000多万元', '1647', '7.89亿元', '联东U谷', '联东u谷',
  '六安 党建', '专精特新 125家', '"专精特新"', '“新能源汽车”', '量子计算机', '党', '谷',
];
/** Traditional queries and the simplified text they must find. */
const TRADITIONAL: [string, string][] = [
  ['黨建', '党建'],
  ['專精特新', '专精特新'],
  ['開發區', '开发区'],
  ['職工子女', '职工子女'],
];

let site: Awaited<ReturnType<typeof startSite>>;
let page: Page;
/** Article path → its shown text, folded. */
const truth = new Map<string, string>();

beforeAll(async () => {
  site = await startSite();
  page = await site.browser.newPage();
  // The archive index lists years and months; each month's calendar links its editions.
  await page.goto(`${site.server.url}/editions/`);
  const months = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname).filter((p) => /^\/\d{4}\/\d{2}\/$/.test(p)));
  const editions: string[] = [];
  for (const month of new Set(months)) {
    await page.goto(`${site.server.url}${month}`);
    editions.push(...(await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname).filter((p) => /^\/\d{4}\/\d{2}\/\d{2}\/$/.test(p)))));
  }
  const articles = new Set<string>();
  for (const edition of new Set(editions)) {
    await page.goto(`${site.server.url}${edition}`);
    for (const p of await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))) {
      if (/^\/\d{4}\/\d{2}\/\d{2}\/(?!pages\/)[^/]+\/$/.test(p)) articles.add(p);
    }
  }
  for (const path of articles) {
    await page.goto(`${site.server.url}${path}`);
    // What a reader sees of the article, less the parts marked as not searchable (tags, anchors).
    const text = await page.locator('[data-pagefind-body]').evaluate((story) => {
      const copy = story.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-pagefind-ignore]').forEach((n) => n.remove());
      document.body.append(copy);
      const shown = copy.innerText;
      copy.remove();
      return shown;
    });
    truth.set(path, foldText(text));
  }
  await page.goto(`${site.server.url}/search/`);
}, 120_000);
afterAll(async () => site?.close());

/** Random substrings of 2–8 characters of the shown text, without white space, holding a letter or digit. */
function randomQueries(): string[] {
  const next = random(20220901);
  const texts = [...truth.values()];
  const out = new Set<string>();
  while (out.size < RANDOM_QUERIES) {
    const text = Array.from(texts[Math.floor(next() * texts.length)]!);
    const length = 2 + Math.floor(next() * 7);
    const start = Math.floor(next() * Math.max(1, text.length - length));
    const q = text.slice(start, start + length).join('');
    if (Array.from(q).length === length && !/\s/u.test(q) && /[\p{L}\p{N}]/u.test(q)) out.add(q);
  }
  return [...out];
}

/** Runs queries through the search page's element; returns the result paths of each. */
async function runAll(queries: string[]): Promise<string[][]> {
  return (await runWithStatus(queries)).map(([paths]) => paths);
}

/** Runs queries through the search page's element; returns the result paths of each, and its status line. */
async function runWithStatus(queries: string[]): Promise<[string[], string][]> {
  return page.evaluate(async (qs) => {
    const el = document.querySelector('archive-search') as HTMLElement & { run(): Promise<void> };
    const input = el.querySelector('input[name=q]') as HTMLInputElement;
    const out: [string[], string][] = [];
    for (const q of qs) {
      input.value = q;
      await el.run();
      out.push([[...el.querySelectorAll<HTMLAnchorElement>('.results .r-title')].map((a) => a.pathname), el.querySelector('[data-status]')!.textContent ?? '']);
    }
    return out;
  }, queries);
}

/** The terms a result must hold, as the reader meant them: quoted phrases whole, else each word. */
function termsOf(q: string): string[] {
  const quoted = /^["“](.+)["”]$/u.exec(q);
  return (quoted ? [quoted[1]!] : q.split(/\s+/u)).map(foldText);
}

describe('search quality on the built archive', () => {
  it(`finds every article holding the query, and only those (≥ ${KNOWN.length + RANDOM_QUERIES} queries)`, async () => {
    expect(truth.size).toBeGreaterThan(0);
    const queries = [...KNOWN, ...randomQueries()];
    const answers = await runWithStatus(queries);
    const results = answers.map(([paths]) => paths);
    // A count the status line states (not "at least"): the number of articles holding the query.
    let counted = 0;
    const miscounted: string[] = [];
    let expectedPairs = 0;
    let foundPairs = 0;
    let shown = 0;
    let correct = 0;
    const misses: string[] = [];
    const wrong: string[] = [];
    queries.forEach((q, i) => {
      const terms = termsOf(q);
      const holds = (path: string): boolean => terms.every((t) => truth.get(path)?.includes(t));
      const expected = [...truth.keys()].filter(holds);
      const got = new Set(results[i]);
      const stated = /找到 (\d+) 篇/.exec(answers[i]![1]);
      if (stated) {
        counted++;
        if (Number(stated[1]) !== expected.length) miscounted.push(`${q}: ${stated[1]} stated, ${expected.length} hold it`);
      }
      expectedPairs += expected.length;
      for (const path of expected) {
        if (got.has(path)) foundPairs++;
        else misses.push(`${q} → ${path}`);
      }
      for (const path of got) {
        shown++;
        if (holds(path)) correct++;
        else wrong.push(`${q} → ${path}`);
      }
    });
    const recall = foundPairs / expectedPairs;
    const precision = correct / shown;
    console.log(`search quality: ${queries.length} queries; recall ${recall.toFixed(4)} (${foundPairs}/${expectedPairs}); precision ${precision.toFixed(4)} (${correct}/${shown}); counts stated ${counted}, wrong ${miscounted.length}`);
    expect(miscounted).toEqual([]);
    expect(counted).toBeGreaterThan(queries.length / 2);
    if (misses.length) console.log(`missed: ${misses.slice(0, 20).join('; ')}`);
    if (wrong.length) console.log(`wrong: ${wrong.slice(0, 20).join('; ')}`);
    expect(queries.length).toBeGreaterThanOrEqual(300);
    expect(recall).toBeGreaterThanOrEqual(RECALL_TARGET);
    expect(precision).toBeGreaterThanOrEqual(PRECISION_TARGET);
  }, 300_000);

  it.each(TRADITIONAL)('traditional %s finds the articles holding %s', async (traditional, simplified) => {
    const [got] = await runAll([traditional]);
    const expected = [...truth.keys()].filter((p) => truth.get(p)!.includes(simplified));
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(got)).toEqual(new Set(expected));
  });
});
