/**
 * The content store is written in parts (`experimental.collectionStorage: 'chunked'`), and Astro's
 * part writer is patched (patches/astro+*.patch) to count UTF-8 bytes by arithmetic instead of a
 * TextEncoder call per character, and to write an entry it read and did not change as the line it
 * was read from. These tests run the installed, patched writer: its parts must still be exactly
 * what the unpatched writer promised.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const astroDir = dirname(createRequire(import.meta.url).resolve('astro/package.json'));
const writerFile = join(astroDir, 'dist/content/data-store-writer.js');
const { chunkString } = (await import(pathToFileURL(writerFile).href)) as { chunkString: (s: string, maxBytes: number) => string[] };

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const codePoints = (s: string) => [...s].length;

describe("Astro's content-store part writer, as patched", () => {
  it('is the patched one (no TextEncoder call per character)', () => {
    const source = readFileSync(writerFile, 'utf8');
    expect(source).not.toContain('ENCODER.encode(str.slice(index');
    expect(source).toContain('str.charCodeAt(index)');
  });

  it('splits any string into parts that join back to it, each within the byte limit, never inside a code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 1, max: 64 }), (text, maxBytes) => {
        const parts = chunkString(text, maxBytes);
        expect(parts.join('')).toBe(text);
        let offset = 0;
        for (const [i, part] of parts.entries()) {
          expect(part.length).toBeGreaterThan(0);
          // A code point larger than the limit travels alone; otherwise a part fits the limit.
          if (codePoints(part) > 1) expect(bytes(part)).toBeLessThanOrEqual(maxBytes);
          offset += part.length;
          if (i === parts.length - 1) break;
          // Never between the two halves of a surrogate pair.
          const last = text.charCodeAt(offset - 1);
          const next = text.charCodeAt(offset);
          expect(last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff).toBe(false);
          // Greedy: a part is closed only when the next code point would not fit.
          expect(bytes(part) + bytes(String.fromCodePoint(text.codePointAt(offset)!))).toBeGreaterThan(maxBytes);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a lone surrogate as the three bytes of U+FFFD, as TextEncoder writes it', () => {
    expect(chunkString('\ud800a\udc00b', 4)).toEqual(['\ud800a', '\udc00b']);
    expect(chunkString('新闻😀x', 7)).toEqual(['新闻', '😀x']);
  });
});

/** Astro's content store as the content layer uses it, loaded from and written to a folder of parts. */
interface Store {
  scopedStore(collection: string): { set(entry: { id: string; data: Record<string, unknown>; body?: string; digest?: string; rendered?: { html: string } }): boolean; get(id: string): object | undefined };
  waitUntilSaveComplete(): Promise<void>;
}
const { MutableDataStore } = (await import(pathToFileURL(join(astroDir, 'dist/content/mutable-data-store.js')).href)) as {
  MutableDataStore: { fromDir(dir: URL, chunkSize: number, logger: unknown): Promise<Store> };
};
const { storedLines } = (await import(pathToFileURL(join(astroDir, 'dist/content/data-store.js')).href)) as { storedLines: WeakMap<object, [string, string]> };
const logger = { warn: () => {} };

describe("Astro's content store, written again after an edit (patched to reuse the lines it read)", () => {
  const entry = (i: number, text = `第${i}篇：经开区党建工作，专精特新企业达${125 + i}家。`) => ({
    id: `2022-09-01/a${i}`,
    data: { headline: text.slice(0, 8), date: new Date(Date.UTC(2022, 8, 1 + (i % 28))), tags: new Set(['党建', `t${i % 3}`]), people: [{ id: `p${i}`, note: null }] },
    digest: `d${i}-${text.length}`,
    rendered: { html: `<p>${text.repeat(1 + (i % 4))}</p>` },
  });
  /** The store's folder: each part's name and text. */
  const parts = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

  it('writes the very parts a store written from scratch has, with the edited entry and the others as they were', async () => {
    const tmp = mkdtempSync(join(os.tmpdir(), 'content-store-'));
    try {
      const [before, after, fresh] = ['before', 'after', 'fresh'].map((d) => pathToFileURL(join(tmp, d) + '/'));
      // Small parts, so entries cross from one part into the next.
      const first = await MutableDataStore.fromDir(before!, 300, logger);
      for (let i = 0; i < 40; i++) first.scopedStore('articles').set(entry(i));
      await first.waitUntilSaveComplete();
      // A later build loads the store, one article changes, and the store is written again.
      const { cpSync } = await import('node:fs');
      cpSync(before!, after!, { recursive: true });
      const later = await MutableDataStore.fromDir(after!, 300, logger);
      // Each entry read keeps the line it was read from, which the writer takes instead of writing it anew.
      expect(storedLines.get(later.scopedStore('articles').get('2022-09-01/a3')!)?.[0]).toBe('2022-09-01/a3');
      later.scopedStore('articles').set(entry(17, '改过的文字。'));
      expect(storedLines.get(later.scopedStore('articles').get('2022-09-01/a17')!)).toBeUndefined();
      await later.waitUntilSaveComplete();
      // The same entries written by a store that never read any parts.
      const scratch = await MutableDataStore.fromDir(fresh!, 300, logger);
      for (let i = 0; i < 40; i++) scratch.scopedStore('articles').set(i === 17 ? entry(17, '改过的文字。') : entry(i));
      await scratch.waitUntilSaveComplete();
      expect(parts(join(tmp, 'after'))).toEqual(parts(join(tmp, 'fresh')));
      expect(parts(join(tmp, 'after'))).not.toEqual(parts(join(tmp, 'before')));
      // Every line is what devalue writes for the entry it holds.
      const text = readdirSync(join(tmp, 'after')).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(tmp, 'after', f), 'utf8'));
      expect(text.join('').includes('改过的文字')).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
