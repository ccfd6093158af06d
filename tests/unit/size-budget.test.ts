import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkBudgets, pageType } from '../../scripts/bench/size-budget';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'size-budget-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Text that gzip cannot shrink much, like a long listing of different headlines. */
function incompressible(bytes: number): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += ((i * 2654435761) >>> 0).toString(36);
  return s.slice(0, bytes);
}

function site(files: Record<string, string>): string {
  const dist = fs.mkdtempSync(path.join(tmp, 'dist-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dist, rel)), { recursive: true });
    fs.writeFileSync(path.join(dist, rel), text);
  }
  return dist;
}

describe('pageType', () => {
  it.each([
    ['index.html', 'home'],
    ['404.html', 'error'],
    ['search/index.html', 'search'],
    ['2022/09/01/index.html', 'edition'],
    ['2022/09/01/pages/jingkaiqu/index.html', 'page'],
    ['2022/09/01/dangjian-yinling-juheli/index.html', 'article'],
    ['tags/dang-jian/index.html', 'listing'],
    ['tags/dang-jian/2/index.html', 'listing'],
    ['editions/index.html', 'listing'],
  ])('%s is a %s page', (file, type) => {
    expect(pageType(file)).toBe(type);
  });
});

describe('checkBudgets', () => {
  it('passes small pages and counts linked stylesheets and scripts', () => {
    const dist = site({
      'index.html': '<link rel="stylesheet" href="/_astro/a.css"><h1>报</h1><script type="module" src="/_astro/s.js"></script>',
      '_astro/a.css': 'body{color:red}',
      '_astro/s.js': 'console.log(1)',
      'pagefind/big.html': incompressible(200 * 1024),
    });
    const { pages, violations } = checkBudgets(dist);
    expect(violations).toEqual([]);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.gzipBytes).toBeGreaterThan(30); // HTML plus the stylesheet
    expect(pages[0]!.scriptGzipBytes).toBeGreaterThan(0);
    expect(pages[0]!.blockingScripts).toBe(0);
  });

  it('names a listing over 100 kB of HTML, an article over 14 kB gzipped and an article that needs a script', () => {
    const dist = site({
      'tags/dang-jian/index.html': incompressible(101 * 1024),
      '2022/09/01/a/index.html': `<link rel="stylesheet" href="/_astro/big.css"><p>正文</p><script>document.body.hidden=false</script>`,
      '_astro/big.css': incompressible(24 * 1024),
    });
    const { violations } = checkBudgets(dist);
    expect(violations).toEqual([
      expect.stringMatching(/^2022.09.01.a.index\.html \(article\): [\d.]+ kB of HTML and CSS gzipped, more than 14 kB$/),
      expect.stringMatching(/^2022.*\(article\): 1 blocking script\(s\)/),
      expect.stringMatching(/^tags.dang-jian.index\.html \(listing\): 101\.0 kB of HTML, more than 100 kB$/),
      expect.stringMatching(/^tags.*\(listing\): [\d.]+ kB of HTML and CSS gzipped, more than 30 kB$/),
    ]);
  });
});
