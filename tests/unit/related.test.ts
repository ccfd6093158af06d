import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexRelated, rankRelated, type RelatedKey } from '~/lib/related';

const target: RelatedKey = { id: 't', people: ['zhou'], tags: ['党建', '表彰'], page: 'd1/p1' };
const a = (id: string, people: string[], tags: string[], page: string): RelatedKey => ({ id, people, tags, page });

describe('rankRelated', () => {
  it('ranks a shared person above shared tags, then the same page, and leaves out unrelated articles', () => {
    const list = [a('page', [], [], 'd1/p1'), a('none', [], ['其他'], 'd2/p1'), a('tags', [], ['党建', '表彰'], 'd2/p1'), a('person', ['zhou'], [], 'd3/p1')];
    expect(rankRelated(target, list).map((x) => x.id)).toEqual(['person', 'tags', 'page']);
  });
  it('never lists the article itself', () => {
    expect(rankRelated(target, [target, a('x', [], ['党建'], 'd9/p9')]).map((x) => x.id)).toEqual(['x']);
  });
  it('keeps the given order for ties and stops at the limit', () => {
    const list = ['n1', 'n2', 'n3'].map((id) => a(id, [], ['党建'], 'dx/px'));
    expect(rankRelated(target, list, 2).map((x) => x.id)).toEqual(['n1', 'n2']);
  });
});

describe('indexRelated', () => {
  // Small vocabularies, so that candidates share people, tags and pages, repeat them and tie.
  const key = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    people: fc.array(fc.constantFrom('zhou', 'li', 'wang'), { maxLength: 3 }),
    tags: fc.array(fc.constantFrom('党建', '表彰', '教育', '交通'), { maxLength: 4 }),
    page: fc.constantFrom('d1/p1', 'd1/p2', 'd2/p1'),
  });
  it('ranks exactly as rankRelated does, query after query on one index', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 4 }), fc.array(key, { maxLength: 30 }), (queries, list) => {
        const ranked = indexRelated(list);
        for (const [t, limit] of queries) expect(ranked(t, limit)).toEqual(rankRelated(t, list, limit));
      }),
      { numRuns: 500 },
    );
  });
});
