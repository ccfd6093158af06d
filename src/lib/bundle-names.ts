/**
 * How a `sequence` search bundle names its pages (src/integrations/pagefind-bundle.ts):
 * `<folder>/<page number in base 36>`, the folder named by a hash of every page. Shared by the
 * writer and the search page, which reads a result's page number (its date order) from its id,
 * and the name of the bundle's prefix-chunk list, which both must spell alike.
 */

/** The id of page `n` in `folder`. */
export function sequenceName(folder: string, n: number): string {
  return `${folder}/${n.toString(36)}`;
}

/** The page number in a `sequence` id (`und_1a2b3c4/2s` → 100); NaN for any other id. */
export function pageNumber(id: string): number {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? NaN : parseInt(id.slice(slash + 1), 36);
}

/**
 * The bundle's list of the later index chunks of each letter whose words span several
 * (`prefix-chunks.<tag>.json`, written by the index writer, read by the search page before a
 * one-letter search). `tag` is the bundle's cache tag, the hash in its pf_meta's name.
 */
export function prefixChunksFile(tag: string): string {
  return `prefix-chunks.${tag}.json`;
}

/**
 * The bundle's list of the words it split into parts (`split-words.<tag>.json`: `{ parts, words }`,
 * written by the index writer when splitting is on). The build copies it into the search page,
 * whose searches must know the split words before they start.
 */
export function splitWordsFile(tag: string): string {
  return `split-words.${tag}.json`;
}

/**
 * The index word for part `part` (of `parts`) of a split word (`BundleOptions.split`): the word,
 * then the part number in base 36, zero-padded to one width so the parts sort in order, right
 * after where the word would stand (a word's letters are codes that begin with a–x).
 */
export function partWord(word: string, part: number, parts: number): string {
  return word + part.toString(36).padStart(Math.max(1, (parts - 1).toString(36).length), '0');
}

/** The words a bundle wrote as parts, as the search page reads them (`data-split-*` of `<archive-search>`). */
export interface SplitIndex {
  parts: number;
  words: ReadonlySet<string>;
}

/**
 * The Pagefind searches that together find what `search` finds in an index without split words:
 * one per part when a quoted search holds a split word, its split words replaced by their part
 * (a page of part k has the word's locations only in part k), else `search` itself. The parts
 * cover disjoint pages, so their results simply add up.
 */
export function partSearches(search: string, split: SplitIndex | undefined): string[] {
  if (!split?.words.size || !search.startsWith('"')) return [search];
  const words = search.slice(1, -1).split(' ');
  if (!words.some((w) => split.words.has(w))) return [search];
  return Array.from({ length: split.parts }, (_, part) => `"${words.map((w) => (split.words.has(w) ? partWord(w, part, split.parts) : w)).join(' ')}"`);
}

/** A split word's length: two four-letter character codes (src/lib/search-text.ts). */
const SPLIT_WORD_LENGTH = 8;

/** The split words as the search page's `data-split-words`: the eight-letter words back to back. */
export function splitWordsAttribute(words: readonly string[]): string {
  for (const w of words) if (w.length !== SPLIT_WORD_LENGTH || !/^[0-9a-z]+$/.test(w)) throw new Error(`not a two-letter index word: ${JSON.stringify(w)}`);
  return words.join('');
}

/** The split index from the search page's `data-split-parts` and `data-split-words`; undefined when there is none. */
export function readSplitIndex(parts: string | undefined, words: string | undefined): SplitIndex | undefined {
  const count = Number(parts);
  if (!words || !Number.isInteger(count) || count < 1) return undefined;
  const set = new Set<string>();
  for (let i = 0; i + SPLIT_WORD_LENGTH <= words.length; i += SPLIT_WORD_LENGTH) set.add(words.slice(i, i + SPLIT_WORD_LENGTH));
  return { parts: count, words: set };
}
