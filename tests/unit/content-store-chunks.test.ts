/**
 * The content store is written in parts (`experimental.collectionStorage: 'chunked'`), and Astro's
 * part writer is patched (patches/astro+*.patch) to count UTF-8 bytes by arithmetic instead of a
 * TextEncoder call per character. These tests run the installed, patched writer: its parts must
 * still be exactly what the unpatched writer promised.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
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
