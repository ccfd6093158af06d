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
  // Scores by candidate, zero between queries; `touched` lists the candidates a query scored.
  const scores = new Float64Array(candidates.length);
  const touched: number[] = [];
  return (target, limit = 5) => {
    const add = (list: number[] | undefined, weight: number) => {
      if (list) {
        for (const i of list) {
          if (scores[i] === 0) touched.push(i);
          scores[i]! += weight;
        }
      }
    };
    for (const p of new Set(target.people)) add(byPerson.get(p), RELATED_WEIGHTS.person);
    for (const t of new Set(target.tags)) add(byTag.get(t), RELATED_WEIGHTS.tag);
    add(byPage.get(target.page), RELATED_WEIGHTS.page);
    // The best `limit` by score, then by candidate order, kept in order in one pass: sorting every
    // candidate that shares a common tag, for each of 10,000 articles, took about a second a build.
    const best: [index: number, score: number][] = [];
    for (const i of touched) {
      const score = scores[i]!;
      scores[i] = 0;
      if (limit <= 0 || candidates[i]!.id === target.id) continue;
      const below = (at: number) => best[at]![1] < score || (best[at]![1] === score && best[at]![0] > i);
      if (best.length === limit && !below(limit - 1)) continue;
      let at = best.length;
      while (at > 0 && below(at - 1)) at--;
      best.splice(at, 0, [i, score]);
      if (best.length > limit) best.pop();
    }
    touched.length = 0;
    return best.map(([i]) => candidates[i]!);
  };
}
