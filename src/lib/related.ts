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

/**
 * `rankRelated` over a fixed list of candidates, answered from an index of who shares which
 * person, tag and page: one query looks only at the candidates that share something with the
 * target, instead of scoring the whole archive for every article page (which made the build
 * quadratic in the number of articles). Gives exactly what `rankRelated(target, candidates, limit)` gives.
 */
export function indexRelated<T extends RelatedKey>(candidates: readonly T[]): (target: RelatedKey, limit?: number) => T[] {
  const byPerson = new Map<string, number[]>();
  const byTag = new Map<string, number[]>();
  const byPage = new Map<string, number[]>();
  const file = (index: Map<string, number[]>, key: string, i: number) => {
    const list = index.get(key);
    if (list) list.push(i);
    else index.set(key, [i]);
  };
  candidates.forEach((c, i) => {
    // Once per occurrence, as rankRelated counts a candidate's repeated person or tag each time.
    for (const p of c.people) file(byPerson, p, i);
    for (const t of c.tags) file(byTag, t, i);
    file(byPage, c.page, i);
  });
  return (target, limit = 5) => {
    const scores = new Map<number, number>();
    const add = (list: number[] | undefined, weight: number) => {
      if (list) for (const i of list) scores.set(i, (scores.get(i) ?? 0) + weight);
    };
    for (const p of new Set(target.people)) add(byPerson.get(p), RELATED_WEIGHTS.person);
    for (const t of new Set(target.tags)) add(byTag.get(t), RELATED_WEIGHTS.tag);
    add(byPage.get(target.page), RELATED_WEIGHTS.page);
    return [...scores]
      .filter(([i]) => candidates[i]!.id !== target.id)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i]) => candidates[i]!);
  };
}
