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
