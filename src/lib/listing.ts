/**
 * How many items a listing page shows before it continues on the next. Listings are paginated
 * so that no page grows with the archive (each page stays well under the 100 kB HTML budget of
 * scripts/bench/size-budget.ts: an article card is about 0.45 kB, an edition line about 0.3 kB, a
 * name in the bylines directory about 0.2 kB, a tag with its count about 0.15 kB, a person's card with three mentions about 1.5 kB).
 */
export const LISTING_PAGE_SIZE = {
  articles: 50,
  editions: 100,
  /** Bylines on a page of the bylines directory. */
  names: 200,
  /** Tags on a page of the tags directory (one letter's tags, in Chinese collation order). */
  tags: 200,
  /** The most used tags, shown on the tags index above the letters. */
  topTags: 100,
  /** People (cards) on a page of a region in the people directory. */
  people: 20,
  /** Places where a person's story is told, listed on their card in the directory (all on their own page). */
  mentionsPerCard: 3,
  /** Places where a person's story is told, on a page of the person's own page. */
  mentions: 50,
  /** Related articles at the foot of an article page: enough to move on, within the article's size budget. */
  related: 3,
} as const;
