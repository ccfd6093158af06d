import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, PageColumn, pagefindAssets, StaleTokens, type BundleFile, type BundleOptions, type BundleRecord, type BundleTokens, type PagefindAssets } from '~/integrations/pagefind-bundle';
import { chunkHolding, compactMetaBounds, partWord, readSplitIndex, sequenceName } from '~/lib/bundle-names';
import { CborWriter, decodeCbor, type CborValue } from '~/lib/cbor';
import { encodeIndexText, tokenWord } from '~/lib/search-text';
import { expandMeta, prefetcher, readMeta, unpack } from '../support/pagefind-files';

/** The seed edition's Markdown (frontmatter and all: the parity test wants varied text) plus edge cases. */
const SEED = path.resolve('content/articles/2022-09-01');
const texts = [
  ...readdirSync(SEED)
    .sort()
    .map((f) => readFileSync(path.join(SEED, f), 'utf8')),
  'ＡＢＣ１２５家 联东U谷 Pagefind 4000多万元，“专精特新”企业——达125家。',
  '了了了 了 a b  c\n\n甲。乙\t丙',
  '',
  '，。！',
];

function records(): BundleRecord[] {
  return texts.map((text, i) => ({
    url: `/a/${i}/`,
    text,
    // Lower case: Pagefind splits a mixed-case word (a capital letter's code is spelled in capitals)
    // into camel-case parts as extra words; ours indexes the token alone, lower-cased.
    content: encodeIndexText(text).toLowerCase(),
    // Meta values without letters or digits: Pagefind would index those as words of its own spelling.
    meta: { title: '·'.repeat(i + 1), page: '—'.repeat((i % 3) + 1) },
    filters: { kind: [i % 2 ? 'odd' : 'even'], ...(i % 3 === 0 && { third: ['yes'] }) },
    sort: { date: `2022-09-${String(30 - i).padStart(2, '0')}` },
  }));
}

type Files = Map<string, Uint8Array>;
/** A file decoded as the browser library reads it; pf_meta written out first if it is compact. */
const cbor = (files: Files, name: string): CborValue[] => (name.endsWith('.pf_meta') ? readMeta(files.get(name)!) : (decodeCbor(unpack(files.get(name)!)) as CborValue[]));

/** Where a bundle keeps its fragments and chunks under `fragment/` and `index/`: a `sequence` bundle's in the entry file's folder (src/integrations/pagefind-library.ts). */
const folderOf = (files: Files): string => {
  const { folder } = JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString()) as { folder?: string };
  return folder ? `${folder}/` : '';
};

/** A bundle decoded into what the browser library reads from it, with page hashes resolved to page numbers. */
function decode(files: Files) {
  const entry = JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString()) as { languages: Record<string, { hash: string; page_count: number }> };
  const folder = folderOf(files);
  const [language] = Object.entries(entry.languages);
  const meta = cbor(files, `pagefind.${language![1].hash}.pf_meta`);
  const pages = meta[1] as [string, number, string][];
  const chunks = meta[2] as [string, string, string][];
  const words = chunks.flatMap(([, , hash]) => (cbor(files, `index/${folder}${hash}.pf_index`)[0] as [string, [number, number[], number[]][], unknown[]][]));
  const filters = Object.fromEntries((meta[3] as [string, string][]).map(([name, hash]) => [name, cbor(files, `filter/${hash}.pf_filter`)]));
  const fragments = pages.map(([hash]) => JSON.parse(unpack(files.get(`fragment/${folder}${hash}.pf_fragment`)!).toString()) as Record<string, unknown>);
  return { language: language![0], pageCount: language![1].page_count, version: meta[0], wordCounts: pages.map((p) => p[1]), chunks: chunks.map(([from, to]) => [from, to]), words, filters, sorts: meta[4], metaFields: meta[5], fragments };
}

let assets: PagefindAssets;
let theirs: ReturnType<typeof decode>;

beforeAll(async () => {
  assets = await pagefindAssets('und');
  // Small chunks, so the comparison covers where chunks are cut (the binary reads this variable).
  process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE = '2000';
  const { index } = await pagefind.createIndex({ forceLanguage: 'und' });
  for (const r of records()) await index!.addCustomRecord({ url: r.url, content: r.content, language: 'und', meta: r.meta, filters: r.filters, sort: r.sort });
  const { files } = await index!.getFiles();
  await pagefind.close();
  delete process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE;
  theirs = decode(new Map(files.map((f) => [f.path, Buffer.from(f.content)])));
}, 60_000);

afterAll(() => pagefind.close());

async function ours(options: Parameters<typeof buildBundle>[2], input = records()): Promise<Files> {
  const files: Files = new Map();
  await buildBundle(input, assets, options, async (f: BundleFile) => {
    files.set(f.path, f.bytes);
  });
  return files;
}

describe('our Pagefind bundle writer', () => {
  it('writes, for the same records, the index Pagefind 1.6 writes (words, pages, positions, chunks, filters, sorts, fragments)', async () => {
    const mine = decode(await ours({ language: 'und', weight: 24, chunkSize: 2000 }));
    expect(theirs.chunks.length).toBeGreaterThan(3);
    expect(mine.words).toEqual(theirs.words);
    expect(mine.chunks).toEqual(theirs.chunks);
    expect(mine.wordCounts).toEqual(theirs.wordCounts);
    expect(mine.filters).toEqual(theirs.filters);
    expect(mine.sorts).toEqual(theirs.sorts);
    expect(mine.metaFields).toEqual(theirs.metaFields);
    expect(mine.fragments).toEqual(theirs.fragments);
    expect([mine.language, mine.pageCount, mine.version]).toEqual([theirs.language, theirs.pageCount, theirs.version]);
  });

  it('with the default weight, drops the weight marker and keeps the positions', async () => {
    const mine = decode(await ours({ language: 'und', chunkSize: 2000 }));
    const strip = (locs: number[]): number[] => (locs[0] === -25 ? locs.slice(1) : locs);
    expect(mine.words.map(([w, pages]) => [w, pages.map(([p, locs]) => [p, locs])])).toEqual(
      theirs.words.map(([w, pages]) => [w, pages.map(([p, locs]) => [p, strip(locs)])]),
    );
  });

  it("indexes a meta field's words in meta_locs, field by field", async () => {
    const input = [{ url: '/x/', text: '正文', content: '', meta: { title: '专精特新', edition: 'e' }, filters: {}, sort: {} }];
    const mine = decode(await ours({ language: 'und', metaWords: ['title'] }, input));
    expect(mine.metaFields).toEqual(['edition', 'title']);
    const cp = (s: string): number => s.codePointAt(0)!;
    const find = (w: string) => mine.words.find(([word]) => word === w);
    // 专精 at title position 0, 特新 at 2, 新 alone at 3; the title is field 1 (marker -2).
    expect(find(tokenWord(cp('专'), cp('精')))![1]).toEqual([[0, [], [-2, 0]]]);
    expect(find(tokenWord(cp('特'), cp('新')))![1]).toEqual([[0, [], [-2, 2]]]);
    expect(find(tokenWord(cp('正'), cp('文')))![1]).toEqual([[0, [0], []]]);
  });

  it('names fragments by page number under one hash when asked, and the meta index points at them', async () => {
    const files = await ours({ language: 'und', names: 'sequence' });
    const mine = decode(files);
    expect(mine.fragments).toEqual(theirs.fragments);
    expect([...files.keys()].filter((f) => f.startsWith('fragment/')).every((f) => /^fragment\/und_[0-9a-f]{7}\/[0-9a-z]+\.pf_fragment$/.test(f))).toBe(true);
    // The ids in pf_meta are the numbers alone; the folder is in the entry file.
    expect(folderOf(files)).toMatch(/^und_[0-9a-f]{7}\/$/);
    const meta = cbor(files, `pagefind.${JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString()).languages.und.hash}.pf_meta`);
    expect((meta[1] as [string][]).map(([id]) => id)).toEqual(mine.fragments.map((_, i) => i.toString(36)));
  });

  it.each(['exact', 'rounded'] as const)("writes a compact pf_meta from which the library writes Pagefind's own, byte for byte (%s word counts)", async (wordCounts) => {
    // Small chunks, filters, sorts and meta words: every part of the meta index is there.
    const options: BundleOptions = { language: 'und', chunkSize: 150, names: 'sequence', metaWords: ['title'], wordCounts, split: { pages: 2, range: 3 } };
    const metaOf = (files: Files): Uint8Array => files.get([...files.keys()].find((f) => f.endsWith('.pf_meta'))!)!;
    const plain = metaOf(await ours(options));
    const compact = metaOf(await ours({ ...options, meta: 'compact' }));
    const pagefindMeta = unpack(plain);
    expect((decodeCbor(pagefindMeta) as CborValue[][])[2]!.length).toBeGreaterThan(20);
    expect(Buffer.from(expandMeta(unpack(compact)))).toEqual(Buffer.from(pagefindMeta));
    expect(compact.length).toBeLessThan(plain.length);
    // Pagefind's own meta index goes through as it came.
    expect(expandMeta(pagefindMeta)).toBe(pagefindMeta);
  });

  it.each(['words', undefined] as const)("prefetches, from a compact pf_meta, the chunk Pagefind's wasm will ask for each word of a search, and nothing else (bounds: %s)", async (chunkBounds) => {
    const options: BundleOptions = { language: 'und', chunkSize: 150, names: 'sequence', meta: 'compact', chunkBounds };
    const metaOf = (bundle: Files): Uint8Array => bundle.get([...bundle.keys()].find((f) => f.endsWith('.pf_meta'))!)!;
    const files = await ours(options);
    const metaFile = metaOf(files);
    const chunks = readMeta(metaFile)[2] as [string, string, string][];
    expect(chunks.length).toBeGreaterThan(20);
    const indexed = chunks.flatMap(([, , id]) => (cbor(files, `index/${folderOf(files)}${id}.pf_index`)[0] as [string][]).map(([word]) => word));
    // Words of the index, and words no chunk holds: below the first bound, between chunks, above the last.
    const absent = ['0', '0000', ...chunks.slice(1).map(([from]) => `${from.slice(0, -1)}`), 'zzzzzzzz'].filter((w) => !indexed.includes(w));
    expect(absent.length).toBeGreaterThan(5);
    const words = [...indexed.filter((_, i) => i % 7 === 0), ...chunks.flatMap(([from, to]) => [from, to]), ...absent];
    // As the wasm's request_indexes chooses: the first chunk with from <= word <= to, or none.
    const expected = words.flatMap((w) => chunks.filter(([from, to]) => w >= from && w <= to).slice(0, 1).map(([, , id]) => id));
    expect(new Set(expected).size).toBeGreaterThan(10);
    // The page asks before pf_meta is in, in searches as it makes them (quoted runs, single words).
    const early = prefetcher();
    early.prefetch([`"${words.slice(0, 10).join(' ')}"`, ...words.slice(10)]);
    expect(early.loaded).toEqual([]);
    early.meta(unpack(metaFile));
    expect(early.loaded).toEqual(expected);
    // Or after: loaded at once.
    const late = prefetcher();
    late.meta(unpack(metaFile));
    late.prefetch(words);
    expect(late.loaded).toEqual(expected);
    // The header's search box chooses as the library does (src/components/archive-search.ts, `ahead`), from the file with or without its signature.
    for (const bytes of [unpack(metaFile), gunzipSync(metaFile)]) {
      const bounds = compactMetaBounds(bytes)!;
      expect(bounds).toEqual(chunks.flatMap(([from, to]) => [from, to]));
      expect(words.flatMap((w) => (chunkHolding(w, bounds) < 0 ? [] : [sequenceName(chunkHolding(w, bounds))]))).toEqual(expected);
    }
    // Pagefind's own pf_meta carries no bounds we read: nothing is prefetched.
    const plain = prefetcher();
    const plainMeta = unpack(metaOf(await ours({ ...options, meta: undefined })));
    plain.meta(plainMeta);
    plain.prefetch(words);
    expect(plain.loaded).toEqual([]);
    expect(compactMetaBounds(plainMeta)).toBeNull();
  });

  it('refuses a compact pf_meta without sequence names, whose ids it could not leave out', async () => {
    await expect(ours({ language: 'und', meta: 'compact' })).rejects.toThrow(/compact pf_meta needs sequence names/);
  });

  it("renames pf_meta, the bundle's cache tag, when only the folder of its sequence files changes", async () => {
    // Another URL changes the page's fragment, so the folder, but not pf_meta's bytes: ids are numbers.
    const input = [{ url: '/a/', text: '党建引领聚合力', content: '', meta: {}, filters: {}, sort: {} }];
    const a = await ours({ language: 'und', names: 'sequence' }, input);
    const b = await ours({ language: 'und', names: 'sequence' }, [{ ...input[0]!, url: '/b/' }]);
    const metaOf = (files: Files): string => [...files.keys()].find((f) => f.endsWith('.pf_meta'))!;
    expect(folderOf(a)).not.toBe(folderOf(b));
    expect(unpack(a.get(metaOf(a))!)).toEqual(unpack(b.get(metaOf(b))!));
    expect(metaOf(a)).not.toBe(metaOf(b));
  });

  it("lists, for each letter whose words span several chunks, the later chunks' lower bounds", async () => {
    // 发 followed by 400 different letters: its words alone fill several chunks of 60 locations.
    const text = Array.from({ length: 400 }, (_, i) => `发${String.fromCodePoint(0x4e00 + i)}`).join('，');
    const input = [{ url: '/x/', text: `${text} 龙虎`, content: '', meta: {}, filters: {}, sort: {} }];
    const files = await ours({ language: 'und', chunkSize: 60 }, input);
    const mine = decode(files);
    const listed = [...files.keys()].filter((f) => /^prefix-chunks\.und_[0-9a-f]+\.json$/.test(f));
    expect(listed).toEqual([`prefix-chunks.${JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString()).languages.und.hash}.json`]);
    const prefixChunks = JSON.parse(Buffer.from(files.get(listed[0]!)!).toString()) as Record<string, string[]>;
    const code = tokenWord('发'.codePointAt(0)!, 0);
    // The chunks holding 发's words, after the first: exactly those the file names, by lower bound.
    const holding = mine.chunks.filter(([from = '', to = '']) => to >= code && from <= `${code}~`);
    expect(holding.length).toBeGreaterThan(3);
    expect(prefixChunks[code]).toEqual(holding.slice(1).map(([from]) => from));
    expect(prefixChunks[code]!.every((from) => from.startsWith(code))).toBe(true);
    // 龙 and 虎 sit in one chunk, as do the letters after 发: nothing to list for them.
    expect(Object.keys(prefixChunks)).toEqual([code]);
  });

  it("with the chunks' words as bounds, Pagefind finds every word in its own chunk at the first look", async () => {
    // Pagefind's wasm takes the first chunk with from <= word <= to, and loads more only when none has.
    const firstLook = (files: Files): { found: number; missed: number } => {
      const meta = cbor(files, `pagefind.${JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString()).languages.und.hash}.pf_meta`);
      const chunks = meta[2] as [string, string, string][];
      let found = 0;
      let missed = 0;
      for (const [i, [, , hash]] of chunks.entries()) {
        for (const [word] of cbor(files, `index/${folderOf(files)}${hash}.pf_index`)[0] as [string][]) {
          if (chunks.findIndex(([from, to]) => word >= from && word <= to) === i) found++;
          else missed++;
        }
      }
      return { found, missed };
    };
    const words = firstLook(await ours({ language: 'und', chunkSize: 200, chunkBounds: 'words' }));
    expect(words.found).toBeGreaterThan(1000);
    expect(words.missed).toBe(0);
    // Pagefind's own shortest bounds: a chunk's last words lie above its upper bound.
    expect(firstLook(await ours({ language: 'und', chunkSize: 200 })).missed).toBeGreaterThan(0);
  });

  it('writes a two-letter word on more pages than `split.pages` as parts by page range, chunks cut between parts, and lists it', async () => {
    const input = records();
    const options = { language: 'und', chunkSize: 200, names: 'sequence', chunkBounds: 'words' } as const;
    const whole = decode(await ours(options, input));
    const files = await ours({ ...options, split: { pages: 2, range: 3 } }, input);
    const parted = decode(files);
    const entry = JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString()) as { split_words?: string };
    const listed = { words: [...readSplitIndex(entry.split_words)!.words] };
    const pagesOf = (postings: [number, number[], number[]][]): number[] => postings.reduce<number[]>((out, [delta]) => [...out, (out.at(-1) ?? 0) + delta], []);
    // Exactly the two-letter words on more than two pages are listed, in index order, each in a
    // power of two of parts, at least two, that gives each part about three of the word's pages.
    const expected = whole.words.filter(([word, postings]) => word.length === 8 && postings.length > 2);
    expect(expected.length).toBeGreaterThan(10);
    expect(listed.words).toEqual(expected.map(([word, postings]) => [word, Math.max(2, 2 ** Math.ceil(Math.log2(postings.length / 3)))]));
    expect(new Set(listed.words.map(([, parts]) => parts)).size).toBeGreaterThan(1);
    const partsOf = new Map(listed.words);
    // Put back together, the parts are the word: the same pages, positions and meta positions.
    const joined = new Map<string, { pages: number[]; postings: unknown[] }>();
    for (const [word, postings] of parted.words) {
      const split = word.length > 8 ? word.slice(0, 8) : undefined;
      const key = split ?? word;
      const pages = pagesOf(postings);
      if (split) {
        const parts = partsOf.get(split)!;
        expect(pages.every((p) => partWord(split, Math.floor((p * parts) / whole.pageCount), parts) === word)).toBe(true);
      }
      const entry = joined.get(key) ?? joined.set(key, { pages: [], postings: [] }).get(key)!;
      entry.pages.push(...pages);
      entry.postings.push(...postings.map(([, locs, metaLocs]) => [locs, metaLocs]));
    }
    expect([...joined.keys()]).toEqual(whole.words.map(([word]) => word));
    for (const [word, postings] of whole.words) {
      expect(joined.get(word)).toEqual({ pages: pagesOf(postings), postings: postings.map(([, locs, metaLocs]) => [locs, metaLocs]) });
    }
    // A chunk ends between a split word's parts when it is full, as it does between words: a
    // search for one part (the first results need one) loads only that part's chunk. Each part
    // is in the one chunk whose bounds hold it.
    const holdingChunks = (word: string): number[] => parted.chunks.flatMap(([from = '', to = ''], i) => (word >= from && word <= to ? [i] : []));
    let spread = 0;
    for (const [word] of listed.words) {
      const holding = new Set(parted.words.filter(([w]) => w.startsWith(word)).map(([w]) => {
        expect(holdingChunks(w)).toHaveLength(1);
        return holdingChunks(w)[0];
      }));
      if (holding.size > 1) spread++;
    }
    expect(spread).toBeGreaterThan(0);
    // Pages and their fragments are untouched.
    expect(parted.fragments).toEqual(whole.fragments);
    expect(parted.wordCounts).toEqual(whole.wordCounts);
    // Without `split` the entry file lists nothing, and no other file appears.
    const plain = await ours(options, input);
    expect(JSON.parse(Buffer.from(plain.get('pagefind-entry.json')!).toString())).not.toHaveProperty('split_words');
    // The split bundle's files are the plain one's, but for chunks, fragments and the meta index under new names.
    expect([...files.keys()].filter((f) => !plain.has(f)).every((f) => /^(index|fragment)\/|\.pf_meta$|^prefix-chunks\./.test(f))).toBe(true);
    expect(files.size).toBeGreaterThanOrEqual(plain.size);
  });

  it.each(['read back (get)', 'placed without reading (place)'])('takes unchanged files compressed from an earlier bundle, %s, and writes the same bytes as from scratch', async (how) => {
    const options = { language: 'und', chunkSize: 2000, level: 4, fragmentLevel: 1, names: 'sequence' } as const;
    // An earlier bundle, remembered as the site's cache does: its files by compression key.
    const earlier = new Map<string, Uint8Array>();
    let pending: [string, string][] = [];
    let again: Files = new Map();
    let placed = 0;
    const reuse = {
      get: async (key: string) => earlier.get(key),
      written: (key: string, name: string) => void pending.push([key, name]),
      // As the cache does it: the stored file put at its new path, bypassing `emit`.
      ...(how.includes('place') && {
        has: (key: string) => earlier.has(key),
        place: async (key: string, name: string) => {
          const bytes = earlier.get(key);
          if (!bytes) return undefined;
          again.set(name, bytes);
          placed++;
          return bytes.length;
        },
      }),
    };
    const first: Files = new Map();
    const stats = await buildBundle(records(), assets, options, async (f) => void first.set(f.path, f.bytes), reuse);
    expect(stats.reusedFiles).toBe(0);
    for (const [key, name] of pending) earlier.set(key, first.get(name)!);
    // One article edited: a sentence added.
    const edited = records();
    edited[3] = { ...edited[3]!, text: `${edited[3]!.text}此段为修改时追加的文字。` };
    pending = [];
    again = new Map();
    const reused = await buildBundle(edited, assets, options, async (f) => void again.set(f.path, f.bytes), reuse);
    const fresh = await ours(options, edited);
    expect([...again.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, bytes] of fresh) expect(Buffer.compare(Buffer.from(again.get(name)!), Buffer.from(bytes)), name).toBe(0);
    // Most files came from the earlier bundle: all fragments but the edited page's, most chunks.
    const compressed = [...fresh.keys()].filter((f) => /\.pf_(fragment|index|filter|meta)$/.test(f)).length;
    expect(reused.reusedFiles).toBeGreaterThan(compressed / 2);
    expect(reused.reusedFiles).toBeLessThan(compressed);
    expect(placed).toBe(how.includes('place') ? reused.reusedFiles : 0);
    // Every file is counted, placed or written.
    expect(reused.files).toBe(fresh.size);
    expect(reused.bytes).toBe([...fresh.values()].reduce((sum, b) => sum + b.length, 0));
  });

  describe('from the last bundle\'s tokens, reading only the pages that changed', () => {
    const options: BundleOptions = { language: 'und', chunkSize: 300, level: 4, fragmentLevel: 1, names: 'sequence', chunkBounds: 'words', metaWords: ['title'], split: { pages: 2, range: 2 } };
    /** A cache of compressed files as the site's keeps it, and a bundle written with it: its files and kept tokens. */
    const cache = () => {
      const stored = new Map<string, Uint8Array>();
      return {
        stored,
        async write(input: BundleRecord[], tokenReuse: Parameters<typeof buildBundle>[5] = {}): Promise<{ files: Files; tokens: BundleTokens; reusedFiles: number; chunksKept: number; chunks: number }> {
          const files: Files = new Map();
          const written: [string, string][] = [];
          let tokens: BundleTokens | undefined;
          const reuse = {
            get: async (key: string) => stored.get(key),
            has: (key: string) => stored.has(key),
            place: async (key: string, name: string) => {
              const bytes = stored.get(key);
              if (bytes) files.set(name, bytes);
              return bytes?.length;
            },
            written: (key: string, name: string) => void written.push([key, name]),
          };
          const stats = await buildBundle(input, assets, options, async (f) => void files.set(f.path, f.bytes), reuse, { ...tokenReuse, keep: (t) => void (tokens = t) });
          for (const [key, name] of written) stored.set(key, files.get(name)!);
          return { files, tokens: tokens!, reusedFiles: stats.reusedFiles, chunksKept: stats.chunksKept, chunks: stats.chunks };
        },
      };
    };
    const same = (a: Files, b: Files): void => {
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [name, bytes] of b) expect(Buffer.compare(Buffer.from(a.get(name)!), Buffer.from(bytes)), name).toBe(0);
    };

    it('writes the very bytes a write from every page gives, new characters, titles and split words included', async () => {
      const site = cache();
      const first = await site.write(records());
      expect(first.chunksKept).toBe(0);
      // Some chunks begin or end between a split word's parts: kept without a file, never taken whole.
      const takeable = first.tokens.chunks!.filter((c) => c.file).length;
      expect(takeable).toBeLessThan(first.chunks);
      // A sentence added at the end of one article, as an editor's fix: the chunks whose words
      // did not change are taken as they were, not written again.
      const edited = records();
      edited[3] = { ...edited[3]!, text: `${edited[3]!.text}此段为修改时追加的文字。` };
      const fixed = await site.write([edited[3]!], { previous: first.tokens, changed: [3] });
      same(fixed.files, (await cache().write(edited)).files);
      // (In these few records most words are split: 9 of the 36 takeable chunks are kept; 22 of 44
      // were when chunks ended only at a word's end.)
      expect(fixed.chunksKept).toBeGreaterThan(takeable / 5);
      expect(fixed.chunksKept).toBeLessThan(takeable);
      // A character no page had (a new id, ranked before others), a changed title, a shorter text.
      edited[2] = { ...edited[2]!, text: `${edited[2]!.text}丂丄鿕 125家`, meta: { ...edited[2]!.meta, title: '新标题专精特新' } };
      edited[5] = { ...edited[5]!, text: edited[5]!.text.slice(0, 40) };
      const again = await site.write([edited[2]!, edited[5]!], { previous: fixed.tokens, changed: [2, 5] });
      const whole = await cache().write(edited);
      same(again.files, whole.files);
      // The kept tokens are those of a write from scratch, but for the ids of characters new since.
      expect(again.tokens.pageList).toEqual(whole.tokens.pageList);
      expect(again.tokens.keys.length).toBe(whole.tokens.keys.length);
      expect(again.tokens.chunks!.map(({ file }) => file)).toEqual(whole.tokens.chunks!.map(({ file }) => file));
      expect(again.reusedFiles).toBeGreaterThan(0);
      // And once more from those: nothing changed but a filter.
      edited[0] = { ...edited[0]!, filters: { kind: ['changed'] } };
      const filtered = await site.write([edited[0]!], { previous: again.tokens, changed: [0] });
      same(filtered.files, (await cache().write(edited)).files);
      // Every chunk is taken but those cut between a split word's parts, which are written again alike.
      expect(filtered.chunksKept).toBe(again.tokens.chunks!.filter((c) => c.file).length);
    });

    it('refuses, for a full write, a page that has nothing left to index, or a kept fragment gone from the cache', async () => {
      const site = cache();
      const first = await site.write(records());
      const emptied = { ...records()[1]!, text: '。', meta: { title: '·' } };
      await expect(site.write([emptied], { previous: first.tokens, changed: [1] })).rejects.toBeInstanceOf(StaleTokens);
      site.stored.clear();
      await expect(site.write([records()[1]!], { previous: first.tokens, changed: [1] })).rejects.toBeInstanceOf(StaleTokens);
    });
  });

  it("ships Pagefind's own browser library and wasm", async () => {
    const files = await ours({ language: 'und' });
    for (const f of ['pagefind.js', 'pagefind-worker.js', 'wasm.unknown.pagefind']) expect(files.get(f)?.length).toBeGreaterThan(1000);
  });
});

describe('PageColumn: the tokens\' page numbers', () => {
  it('holds them in 16 bits while they fit, then in 32, keeping every number written', () => {
    const column = new PageColumn();
    const write = (page: number, count: number): void => {
      column.reserve(count, page);
      for (let i = 0; i < count; i++) column.a[column.n++] = page;
    };
    write(0, 3);
    write(0xffff, 1 << 20);
    expect(column.a).toBeInstanceOf(Uint16Array);
    expect(column.a.length).toBeGreaterThanOrEqual(3 + (1 << 20));
    write(0x10000, 2);
    write(123_456, 1);
    expect(column.a).toBeInstanceOf(Uint32Array);
    const written = column.a.subarray(0, column.n);
    expect(written.length).toBe(3 + (1 << 20) + 3);
    expect([...written.subarray(0, 4)]).toEqual([0, 0, 0, 0xffff]);
    expect(written[3 + (1 << 20) - 1]).toBe(0xffff);
    expect([...written.subarray(-3)]).toEqual([0x10000, 0x10000, 123_456]);
  });
});

describe('CBOR', () => {
  it.each([0, 1, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -1, -24, -25, -256, -257, -65537])('round-trips %d', (n) => {
    expect(decodeCbor(new CborWriter(4).int(n).bytes())).toBe(n);
  });

  it('round-trips strings and nested arrays', () => {
    const w = new CborWriter(1).array(3).text('党建 𠮷').ascii('a0jx').array(2).int(1).ints([2, -3]);
    expect(decodeCbor(w.bytes())).toEqual(['党建 𠮷', 'a0jx', [1, [2, -3]]]);
  });

  it('writes the differences of rising values as int does, each size of head', () => {
    const gaps = [0, 1, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 7];
    const values = [9];
    for (const g of gaps) values.push(values.at(-1)! + g);
    const expected = new CborWriter(1);
    for (let k = 1; k < values.length; k++) expected.int(values[k]! - (k > 1 ? values[k - 1]! : 3));
    const w = new CborWriter(1);
    expect(w.deltas(values, 1, values.length, 3)).toBe(values.at(-1));
    expect(w.bytes()).toEqual(expected.bytes());
    const fromFirst = new CborWriter(1).array(gaps.length);
    fromFirst.deltas(values, 1, values.length, values[0]);
    expect(decodeCbor(fromFirst.bytes())).toEqual(gaps);
  });

  it('refuses falling values in deltas', () => {
    expect(() => new CborWriter(1).deltas([4, 2], 0, 2)).toThrow(/2 after 4/);
  });
});
