import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeBundle } from '~/integrations/pagefind-bundle';
import { buildSearchIndex, INDEX_OPTIONS, PREPARER_MODULES, prepareOptions, urlOf, workerCompressor } from '~/integrations/search-index';
import { gzipFile, PagePreparer, prepareBuiltPage } from '~/integrations/search-pages';
import { bundleFiles } from './fixtures/bundle-files';

const root = mkdtempSync(path.join(os.tmpdir(), 'search-pages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const site = path.join(root, 'site');
const OPTIONS = prepareOptions(INDEX_OPTIONS);

function page(rel: string, title: string, body: string, marked = true): string {
  const file = path.join(site, rel, 'index.html');
  mkdirSync(path.dirname(file), { recursive: true });
  const article = marked ? '<article data-pagefind-body>' : '<article>';
  writeFileSync(file, `<html lang="zh-CN"><body><nav>导航</nav>${article}<h1 data-pagefind-meta="title">${title}</h1><p>${body}</p><span hidden data-pagefind-filter="年份">${rel.slice(0, 4)}年</span></article></body></html>`);
  return file;
}

// Names, numbers with Chinese, Latin inside Chinese, an entity, and a page that is not indexed.
const files = [
  page('2021/01/02/a', '经开区党建', '联东U谷项目总投资4000多万元，125家企业入驻；R&amp;D投入增长。'.repeat(40)),
  page('2022/12/31/b', '全国公务员楷模', '他说：“专精特新是方向。”'.repeat(25)),
  page('2023/05/01/c', '图片新闻', '螺蛳粉、专精特新、2022年。'),
  page('editions', '往期', '没有正文标记', false),
];
const request = (file: string) => ({ file, url: urlOf(site, file, '/') });

describe('PagePreparer', () => {
  it('prepares a page on a worker thread exactly as this thread does', async () => {
    const preparer = new PagePreparer({ ...PREPARER_MODULES, ...OPTIONS, workers: 2 });
    try {
      for (const file of files) {
        const here = await prepareBuiltPage(request(file), OPTIONS);
        expect(await preparer.prepare(request(file))).toEqual(here);
      }
      const { page } = await prepareBuiltPage(request(files[0]!), OPTIONS);
      expect(page!.tokens.length).toBeGreaterThan(3 * 1000);
      // The compressed fragment is the fragment, signed.
      expect(gunzipSync(page!.compressed!.bytes!).toString()).toBe(`pagefind_dcd${Buffer.from(page!.fragment).toString()}`);
      expect((await prepareBuiltPage(request(files[3]!), OPTIONS)).page).toBeUndefined();
      // An index chunk compressed there: the bytes this thread makes, and the data left to it.
      const data = page!.fragment.slice();
      expect(await preparer.gzip(data, 4)).toEqual(gzipFile(data, 4));
      expect(data).toEqual(page!.fragment);
    } finally {
      await preparer.close();
    }
  });

  it('keeps a compressed fragment on its worker, which writes it where it is named', async () => {
    const folder = path.join(root, 'bundle');
    const preparer = new PagePreparer({ ...PREPARER_MODULES, ...OPTIONS, workers: 2, holdIn: folder });
    try {
      const here = (await prepareBuiltPage(request(files[0]!), OPTIONS)).page!;
      const { page } = await preparer.prepare(request(files[0]!));
      const { key, level, held, bytes } = page!.compressed!;
      expect(bytes).toBeUndefined();
      expect({ key, level, size: held!.size }).toEqual({ key: here.compressed!.key, level: here.compressed!.level, size: here.compressed!.bytes!.length });
      await held!.writeTo('fragment/und_1/0.pf_fragment');
      expect(new Uint8Array(readFileSync(path.join(folder, 'fragment/und_1/0.pf_fragment')))).toEqual(here.compressed!.bytes);
      // Written once: the worker lets it go.
      await expect(held!.writeTo('fragment/und_1/1.pf_fragment')).rejects.toThrow(/no fragment held/);
      // A worker stopped takes what it held with it: the page is prepared again here.
      const other = (await preparer.prepare(request(files[1]!))).page!.compressed!.held!;
      await preparer.close();
      await other.writeTo('fragment/und_1/2.pf_fragment');
      expect(new Uint8Array(readFileSync(path.join(folder, 'fragment/und_1/2.pf_fragment')))).toEqual((await prepareBuiltPage(request(files[1]!), OPTIONS)).page!.compressed!.bytes);
    } finally {
      await preparer.close();
    }
  });

  it('passes on the error of a page that cannot be read', async () => {
    const preparer = new PagePreparer({ ...PREPARER_MODULES, ...OPTIONS, workers: 1 });
    try {
      await expect(preparer.prepare(request(path.join(site, 'gone', 'index.html')))).rejects.toThrow(/ENOENT/);
      // The worker goes on.
      expect(await preparer.prepare(request(files[1]!))).toEqual(await prepareBuiltPage(request(files[1]!), OPTIONS));
    } finally {
      await preparer.close();
    }
  });

  it('prepares the pages on this thread, with one warning, when its workers cannot start', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const preparer = new PagePreparer({ ...PREPARER_MODULES, module: new URL('./fixtures/no-such-worker.ts', import.meta.url), ...OPTIONS, workers: 2 });
    try {
      const replies = await Promise.all(files.map((file) => preparer.prepare(request(file))));
      expect(replies).toEqual(await Promise.all(files.map((file) => prepareBuiltPage(request(file), OPTIONS))));
      const data = new TextEncoder().encode('经开区'.repeat(100));
      expect(gunzipSync(await preparer.gzip(data, 4))).toEqual(gunzipSync(gzipFile(data, 4)));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/search index worker stopped.*main thread/);
    } finally {
      warn.mockRestore();
      await preparer.close();
    }
  });
});

describe('the writer with held fragments', () => {
  const articles = files.slice(0, 3);

  it('writes the bundle the main thread alone writes, the workers there or stopped, the chunks compressed through them', async () => {
    const plain = path.join(root, 'plain');
    await buildSearchIndex(site, { outputPath: plain, files: articles });
    expect(bundleFiles(plain).size).toBeGreaterThan(10);
    for (const stop of [false, true]) {
      const out = path.join(root, `held-${stop}`);
      const preparer = new PagePreparer({ ...PREPARER_MODULES, ...OPTIONS, workers: 2, holdIn: out });
      try {
        const pages = (await Promise.all(articles.map((file) => preparer.prepare(request(file))))).map((r) => r.page!);
        expect(pages.every((p) => p.compressed?.held)).toBe(true);
        if (stop) await preparer.close();
        // The chunks compressed and written by the workers too, as the build has them.
        await writeBundle(out, pages, INDEX_OPTIONS, undefined, undefined, workerCompressor(preparer));
      } finally {
        await preparer.close();
      }
      expect(bundleFiles(out)).toEqual(bundleFiles(plain));
    }
  });
});
