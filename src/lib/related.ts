/** What relating two articles looks at. */
export interface RelatedKey {
  id: string;
  /** Ids of the people the article tells about. */
  people: readonly string[];
  tags: readonly string[];
  /** The page (版) it was printed on, unique across editions: `2022-09-01/jingkaiqu`. */
  page: string;
}

/** How much each shared trait counts: a shared person says more than a shared tag or page. */
export const RELATED_WEIGHTS = { person: 3, tag: 1, page: 1 } as const;

/**
 * The articles most related to `target`, best first: scored by shared people, shared tags and
 * the same printed page, ties broken by the candidates' order (pass them newest first).
 * Articles sharing nothing are left out.
 */
export function rankRelated<T extends RelatedKey>(target: RelatedKey, candidates: readonly T[], limit = 5): T[] {
  const people = new Set(target.people);
  const tags = new Set(target.tags);
  return candidates
    .filter((c) => c.id !== target.id)
    .map((c, order) => ({
      c,
      order,
      score:
        RELATED_WEIGHTS.person * c.people.filter((p) => people.has(p)).length +
        RELATED_WEIGHTS.tag * c.tags.filter((t) => tags.has(t)).length +
        (c.page === target.page ? RELATED_WEIGHTS.page : 0),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((s) => s.c);
}
