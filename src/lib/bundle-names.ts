/**
 * How a `sequence` search bundle names its pages (src/integrations/pagefind-bundle.ts):
 * `<folder>/<page number in base 36>`, the folder named by a hash of every page. Shared by the
 * writer and the search page, which reads a result's page number (its date order) from its id.
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
