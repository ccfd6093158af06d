/**
 * How many items a listing page shows before it continues on the next. Listings are paginated
 * so that no page grows with the archive (each page stays well under the 100 kB HTML budget of
 * scripts/bench/size-budget.ts: an article card is about 0.45 kB, an edition line about 0.3 kB).
 */
export const LISTING_PAGE_SIZE = { articles: 50, editions: 100 } as const;
