/**
 * How a `sequence` search bundle names its pages and chunks (src/integrations/pagefind-bundle.ts):
 * by number in base 36, their files in a folder named by a hash of every page. Shared by the
 * writer and the search page, which reads a result's page number (its date order) from its id,
 * and the name of the bundle's prefix-chunk list, which both must spell alike.
 */

/**
 * The id of page (or chunk) `n` of a `sequence` bundle. pf_meta, which every first search
 * downloads, lists every page's and chunk's id: without the folder they cost it 5.3 kB less
 * gzipped at 10,000 articles (BENCHMARKS.md). The folder is in the entry file
 * (`EntryExtras.folder`), and the bundle's library puts it back into each file's address.
 */
export function sequenceName(n: number): string {
  return n.toString(36);
}

/** The path of a `sequence` bundle's page fragment or chunk named `name`, under `fragment/` or `index/`. */
export function sequenceFile(folder: string, name: string): string {
  return `${folder}/${name}`;
}

/** The page number in a `sequence` id (`2s` → 100); NaN for any other id (a content hash, `und_1a2b3c4`). */
export function pageNumber(id: string): number {
  return /^[0-9a-z]+$/.test(id) ? parseInt(id, 36) : NaN;
}

/**
 * The bundle's list of the later index chunks of each letter whose words span several
 * (`prefix-chunks.<tag>.json`, written by the index writer, read by the search page before a
 * one-letter search). `tag` is the bundle's cache tag, the hash in its pf_meta's name.
 */
export function prefixChunksFile(tag: string): string {
  return `prefix-chunks.${tag}.json`;
}

/** The id of the element in which the search page may carry the entry file, as JSON. */
export const ENTRY_ELEMENT = 'archive-pagefind-entry';

/**
 * What the bundle's entry file (`pagefind-entry.json`) holds for the search page besides
 * Pagefind's own fields. Pagefind fetches the entry first on every search, and the bundle's
 * library hands it to the page (src/integrations/pagefind-library.ts).
 */
export interface EntryExtras {
  /** The words the index split into parts (`BundleOptions.split`), as `encodeSplitWords` writes them; absent when none. */
  split_words?: string;
  /** The folder of a `sequence` bundle's fragments and chunks (`sequenceFile`), which their ids leave out. */
  folder?: string;
}

/**
 * The index word for part `part` of a word split into `parts` (`BundleOptions.split`): the word,
 * then the part number in base 36, zero-padded to the width of the last part's, so the parts
 * sort in order right after where the word would stand (a word's letters are codes that begin
 * with a–x, the parts' numbers with a digit).
 */
export function partWord(word: string, part: number, parts: number): string {
  return word + part.toString(36).padStart(Math.max(1, (parts - 1).toString(36).length), '0');
}

/** The words a bundle wrote as parts, as the search page reads them: each word's number of parts (a power of two). */
export interface SplitIndex {
  words: ReadonlyMap<string, number>;
}

/**
 * The Pagefind searches that together find what `search` finds in an index without split words:
 * `search` itself unless it is a quoted search holding a split word. Then one search per part of
 * its most finely split word: part k of a word in `parts` parts holds the pages p with
 * floor(p × parts / pages) = k, and since part counts are powers of two, the parts of a word
 * split more coarsely nest: in search k, a word of `parts` parts is its part
 * floor(k × parts / most). The searches cover disjoint pages, so their results simply add up.
 */
export function partSearches(search: string, split: SplitIndex | undefined): string[] {
  if (!split?.words.size || !search.startsWith('"')) return [search];
  const words = search.slice(1, -1).split(' ');
  const most = Math.max(0, ...words.map((w) => split.words.get(w) ?? 0));
  if (!most) return [search];
  return Array.from({ length: most }, (_, k) => {
    const parted = words.map((w) => {
      const parts = split.words.get(w);
      return parts ? partWord(w, Math.floor((k * parts) / most), parts) : w;
    });
    return `"${parted.join(' ')}"`;
  });
}

/** A split word's length: two four-letter character codes (src/lib/search-text.ts). */
const SPLIT_WORD_LENGTH = 8;

/**
 * The split words as the entry file's `split_words`: back to back, each an eight-letter word and
 * one base-36 digit, the power of two of its parts.
 */
export function encodeSplitWords(words: readonly (readonly [string, number])[]): string {
  return words
    .map(([w, parts]) => {
      const power = Math.log2(parts);
      if (w.length !== SPLIT_WORD_LENGTH || !/^[0-9a-z]+$/.test(w)) throw new Error(`not a two-letter index word: ${JSON.stringify(w)}`);
      if (!Number.isInteger(power) || power < 1 || power > 35) throw new Error(`${w}: ${parts} parts is not a power of two from 2 to 2^35`);
      return w + power.toString(36);
    })
    .join('');
}

/** The split index from the entry file's `split_words` (`encodeSplitWords`); undefined when there is none. */
export function readSplitIndex(text: string | undefined): SplitIndex | undefined {
  if (!text) return undefined;
  const words = new Map<string, number>();
  const entry = SPLIT_WORD_LENGTH + 1;
  for (let i = 0; i + entry <= text.length; i += entry) words.set(text.slice(i, i + SPLIT_WORD_LENGTH), 2 ** parseInt(text[i + SPLIT_WORD_LENGTH]!, 36));
  return { words };
}

/** Every file of a Pagefind bundle begins with this signature, before it is gzipped. */
export const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/**
 * The first bytes of a compact meta index, after Pagefind's signature. Then, up to a newline, the
 * JSON array `[version, pages, wordCounts, codes, bounds]`:
 * - `wordCounts`: the distinct word counts; `codes`: each page's place among them in base 36, all
 *   of one width (the string's length over the pages);
 * - `bounds`: each chunk's lower and upper bound in turn, separated by spaces, each as the number
 *   of characters it shares with the bound before it (one base-36 digit, at most 35) and the rest.
 *
 * Then Pagefind's CBOR of the filters, sorts and meta fields, as they are. Page and chunk `n` are
 * named `n` in base 36 (`sequenceName`), and every string is ASCII (the writer checks).
 */
export const COMPACT_META = 'archive_meta1\n';

/**
 * The index chunks' bounds in a compact pf_meta, un-gzipped, with or without Pagefind's signature
 * in front: each chunk's lower and upper bound in turn, in the chunks' order. Null for a pf_meta
 * of another form. The bundle's library reads the same bounds (`EXPAND_META_HELPER`).
 */
export function compactMetaBounds(bytes: Uint8Array): string[] | null {
  const startsWith = (prefix: string): boolean => [...prefix].every((c, i) => bytes[i] === c.charCodeAt(0));
  const signed = PAGEFIND_SIGNATURE + COMPACT_META;
  const from = startsWith(COMPACT_META) ? COMPACT_META.length : startsWith(signed) ? signed.length : -1;
  const end = from < 0 ? -1 : bytes.indexOf(10, from);
  if (end < 0) return null;
  const packed = (JSON.parse(new TextDecoder().decode(bytes.subarray(from, end))) as unknown[])[4];
  if (typeof packed !== 'string') return null;
  const bounds: string[] = [];
  let prev = '';
  for (const bound of packed ? packed.split(' ') : []) {
    prev = prev.slice(0, parseInt(bound[0]!, 36)) + bound.slice(1);
    bounds.push(prev);
  }
  return bounds;
}

/**
 * The chunk Pagefind's wasm loads for `word` (its `request_indexes`): the first whose lower bound
 * ≤ word ≤ upper bound, as `compactMetaBounds` lists them; -1 for none. The writer puts the
 * chunks in the order of their words, so this is a binary search for the first upper bound ≥ word
 * (every bound is ASCII, so string order is the wasm's byte order).
 */
export function chunkHolding(word: string, bounds: readonly string[]): number {
  let lo = 0;
  let hi = bounds.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[2 * mid + 1]! >= word) hi = mid;
    else lo = mid + 1;
  }
  return lo < bounds.length >> 1 && bounds[2 * lo]! <= word ? lo : -1;
}
