import { describe, expect, it } from 'vitest';
import type { Page } from 'astro';
import type { Archive, ArticleView, BylineInitial, BylineView, EditionView, Mention, PeopleRegion, PersonView, TagInitial, TagView } from '~/data/archive';
import {
  articleCardDigest,
  articleDigest,
  articleListingKey,
  articlePageKey,
  bylineInitialPageKey,
  bylinePageKey,
  digest,
  editionPageKey,
  monthPageKey,
  peopleRegionPageKey,
  personPageKey,
  printedPageKey,
  stableJson,
  tagInitialPageKey,
  yearPageKey,
} from '~/lib/cache-key';

// Every digest is memoized per object, as one build sees each article once: a changed article is
// a new object here, as it is in the next build.

interface ArticleSpec {
  id?: string;
  headline?: string;
  html?: string;
  body?: string;
  tags?: string[];
  bylines?: string[];
  people?: string[];
  excerpt?: string;
}

function article({ id = '2022-09-01/a', headline = '标题', html = '<p>正文</p>', body = '正文', tags = ['经济'], bylines = ['汪婧'], people = [], excerpt = '正文' }: ArticleSpec = {}): ArticleView {
  const date = id.slice(0, 10);
  const page = { id: 'yaowen', number: 1, name: '要闻' };
  return {
    id,
    slug: id.slice(11),
    date,
    page,
    pageIndex: 0,
    title: headline,
    titleFromCaption: false,
    path: `/${date.replaceAll('-', '/')}/${id.slice(11)}/`,
    excerpt,
    people,
    pageKey: `${date}/yaowen`,
    entry: {
      id,
      collection: 'articles',
      body,
      rendered: { html, metadata: { headings: [] } },
      data: {
        edition: { collection: 'editions', id: date },
        page: 'yaowen',
        order: 1,
        kind: 'news',
        headline,
        bylines: bylines.map((name) => ({ name, photo: false })),
        tags,
        people: people.map((p) => ({ person: { collection: 'people', id: p }, paragraph: 'p-1' })),
        photos: [],
        notes: [],
        draft: false,
      },
    },
  } as unknown as ArticleView;
}

function person(id: string, name: string, mentions: Mention[] = []): PersonView {
  return { id, path: `/people/${id}/`, entry: { id, collection: 'people', data: { name, kind: 'individual', region: '安徽省' } }, mentions } as unknown as PersonView;
}

function edition(date: string, articles: ArticleView[], data: Record<string, unknown> = {}): EditionView {
  const page = { id: 'yaowen', number: 1, name: '要闻' };
  const path = `/${date.replaceAll('-', '/')}/`;
  return {
    date,
    path,
    entry: { id: date, collection: 'editions', data: { date, pages: [page], notes: [], ...data } },
    pages: [{ page, path: `${path}pages/yaowen/`, articles }],
    articles,
  } as unknown as EditionView;
}

function page<T>(data: T[], currentPage = 1, lastPage = 1, total = data.length): Page<T> {
  return { data, start: 0, end: data.length - 1, total, currentPage, size: 50, lastPage, url: { current: '/x/', prev: undefined, next: lastPage > currentPage ? '/x/2/' : undefined, first: undefined, last: undefined } };
}

/** The archive lookups of an article page, around `subject`. */
function lookups({ related = [], people = [], bylinePath = '/bylines/wang-jing/', tagSlug = 'jing-ji', editionData = {} }: { related?: ArticleView[]; people?: PersonView[]; bylinePath?: string; tagSlug?: string; editionData?: Record<string, unknown> } = {}) {
  return {
    editionByDate: new Map([['2022-09-01', edition('2022-09-01', [], editionData)]]),
    bylineByName: new Map([['汪婧', { path: bylinePath } as BylineView]]),
    tagSlugs: new Map([['经济', tagSlug]]),
    personById: new Map(people.map((p) => [p.id, p])),
    relatedTo: (_a: ArticleView, limit = 5) => related.slice(0, limit),
  } satisfies Pick<Archive, 'editionByDate' | 'bylineByName' | 'tagSlugs' | 'personById' | 'relatedTo'>;
}

describe('stableJson and digest', () => {
  it('does not depend on the order of object keys', () => {
    expect(stableJson({ a: 1, b: { c: 2, d: [3, { e: 4, f: 5 }] } })).toBe(stableJson({ b: { d: [3, { f: 5, e: 4 }], c: 2 }, a: 1 }));
    expect(digest({ a: 1, b: 2 })).toBe(digest({ b: 2, a: 1 }));
  });
  it('keeps the order of arrays and the contents of Maps and Sets', () => {
    expect(digest([1, 2])).not.toBe(digest([2, 1]));
    expect(digest(new Map([['a', 1]]))).not.toBe(digest(new Map([['a', 2]])));
    expect(digest(new Set(['a']))).not.toBe(digest(new Set(['b'])));
  });
  it('tells undefined, null and absent apart only where JSON does', () => {
    expect(digest({ a: null })).not.toBe(digest({}));
    expect(digest({ a: undefined })).toBe(digest({}));
  });
});

describe('article digests', () => {
  it('a card changes with the headline, tags or excerpt, not with the text', () => {
    const base = articleCardDigest(article());
    expect(articleCardDigest(article())).toBe(base);
    expect(articleCardDigest(article({ headline: '新标题' }))).not.toBe(base);
    expect(articleCardDigest(article({ tags: ['社会'] }))).not.toBe(base);
    expect(articleCardDigest(article({ excerpt: '另一段开头' }))).not.toBe(base);
    expect(articleCardDigest(article({ html: '<p>正文，又一段</p>', body: '正文，又一段' }))).toBe(base);
  });
  it('the article itself changes with its rendered text as well', () => {
    const base = articleDigest(article());
    expect(articleDigest(article())).toBe(base);
    expect(articleDigest(article({ html: '<p>正文，又一段</p>' }))).not.toBe(base);
    expect(articleDigest(article({ headline: '新标题' }))).not.toBe(base);
  });
});

describe('articlePageKey', () => {
  const key = (a: ArticleView, archive = lookups(), prev?: ArticleView, next?: ArticleView) => articlePageKey(archive, { article: a, prev, next });
  const subject = () => article({ people: ['p1'] });
  const base = key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev' }));

  it('is the same for the same data', () => {
    expect(key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev' }))).toBe(base);
  });
  it.each([
    ['its own text', () => key(article({ people: ['p1'], html: '<p>改</p>' }), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev' }))],
    ['the previous article’s title', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev', headline: '改' }))],
    ['a next article appearing', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev' }), article({ id: '2022-09-01/next' }))],
    ['a related article’s title', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r', headline: '改' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev' }))],
    ['a person’s name', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉')] }), article({ id: '2022-09-01/prev' }))],
    ['the byline’s page', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')], bylinePath: '/bylines/wang-jing-2/' }), article({ id: '2022-09-01/prev' }))],
    ['the tag’s slug', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')], tagSlug: 'jing-ji-2' }), article({ id: '2022-09-01/prev' }))],
    ['the edition’s inferred date', () => key(subject(), lookups({ related: [article({ id: '2022-09-01/r' })], people: [person('p1', '周脉军')], editionData: { dateInferred: '据文中日期' } }), article({ id: '2022-09-01/prev' }))],
  ])('changes with %s', (_, changed) => expect(changed()).not.toBe(base));

  it('does not change with the text of a neighbour or a related article', () => {
    const quiet = key(subject(), lookups({ related: [article({ id: '2022-09-01/r', html: '<p>改</p>' })], people: [person('p1', '周脉军')] }), article({ id: '2022-09-01/prev', html: '<p>改</p>' }));
    expect(quiet).toBe(base);
  });
  it('asks for as many related articles as the page shows', () => {
    let asked: number | undefined;
    articlePageKey({ ...lookups(), relatedTo: (_a, limit) => ((asked = limit), []) }, { article: article() });
    expect(asked).toBe(3);
  });
});

describe('edition and printed page keys', () => {
  const a = () => article({ id: '2022-09-01/a' });
  it('an edition changes with any card on it and with its neighbours, not with a text', () => {
    const base = editionPageKey({ edition: edition('2022-09-01', [a()]) });
    expect(editionPageKey({ edition: edition('2022-09-01', [a()]) })).toBe(base);
    expect(editionPageKey({ edition: edition('2022-09-01', [article({ id: '2022-09-01/a', html: '<p>改</p>' })]) })).toBe(base);
    expect(editionPageKey({ edition: edition('2022-09-01', [article({ id: '2022-09-01/a', headline: '改' })]) })).not.toBe(base);
    expect(editionPageKey({ edition: edition('2022-09-01', [a(), article({ id: '2022-09-01/b' })]) })).not.toBe(base);
    expect(editionPageKey({ edition: edition('2022-09-01', [a()]), next: edition('2022-09-02', []) })).not.toBe(base);
    expect(editionPageKey({ edition: edition('2022-09-01', [a()], { notes: [{ kind: 'editorial', text: '注' }] }) })).not.toBe(base);
  });
  it('a printed page changes with its cards and its edition', () => {
    const e = edition('2022-09-01', [a()]);
    const base = printedPageKey({ edition: e, spread: e.pages[0]! });
    const e2 = edition('2022-09-01', [article({ id: '2022-09-01/a', headline: '改' })]);
    expect(printedPageKey({ edition: e2, spread: e2.pages[0]! })).not.toBe(base);
    const e3 = edition('2022-09-01', [a()], { dateInferred: '推断' });
    expect(printedPageKey({ edition: e3, spread: e3.pages[0]! })).not.toBe(base);
  });
});

describe('calendar keys', () => {
  it('a month changes with a day’s article count or inferred date', () => {
    const archive = (articles: number, data: Record<string, unknown> = {}) => ({
      editionByDate: new Map([['2022-09-01', edition('2022-09-01', Array.from({ length: articles }, (_, i) => article({ id: `2022-09-01/a${i}` })), data)]]),
    });
    const props = { year: '2022', month: '09', days: ['2022-09-01'] };
    const base = monthPageKey(archive(2), props);
    expect(monthPageKey(archive(2), props)).toBe(base);
    expect(monthPageKey(archive(3), props)).not.toBe(base);
    expect(monthPageKey(archive(2, { dateInferred: '推断' }), props)).not.toBe(base);
    expect(monthPageKey(archive(2), { ...props, next: { year: '2022', month: '10' } })).not.toBe(base);
  });
  it('a year changes with its days and neighbours', () => {
    const entry = { year: '2022', count: 1, months: [{ month: '09', days: ['2022-09-01'] }] };
    const base = yearPageKey({ entry });
    expect(yearPageKey({ entry: structuredClone(entry) })).toBe(base);
    expect(yearPageKey({ entry: { ...entry, count: 2, months: [{ month: '09', days: ['2022-09-01', '2022-09-02'] }] } })).not.toBe(base);
    expect(yearPageKey({ entry, prev: { year: '2021', count: 1, months: [] } })).not.toBe(base);
  });
});

describe('listing keys', () => {
  it('a page of cards changes with its cards and its place in the listing', () => {
    const base = articleListingKey('news', page([article()]));
    expect(articleListingKey('news', page([article()]))).toBe(base);
    expect(articleListingKey('news', page([article({ headline: '改' })]))).not.toBe(base);
    expect(articleListingKey('news', page([article()], 1, 2, 51))).not.toBe(base);
    expect(articleListingKey('brief', page([article()]))).not.toBe(base);
    expect(articleListingKey('news', page([article({ body: '改', html: '<p>改</p>' })]))).toBe(base);
  });
  it('a byline page changes with the byline’s count and roles', () => {
    const byline = (count: number, roles: string[] = ['本报记者']) => ({ name: '汪婧', slug: 'wang-jing', path: '/bylines/wang-jing/', roles, photographer: false, articles: Array.from({ length: count }, () => article()), initial: 'w' }) as BylineView;
    const base = bylinePageKey({ byline: byline(1), page: page([article()]) });
    expect(bylinePageKey({ byline: byline(1), page: page([article()]) })).toBe(base);
    expect(bylinePageKey({ byline: byline(2), page: page([article()]) })).not.toBe(base);
    expect(bylinePageKey({ byline: byline(1, ['记者']), page: page([article()]) })).not.toBe(base);
  });
  it('a page of names changes with another letter’s count (the letter navigation)', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `王${i}`, slug: `wang-${i}`, path: `/bylines/wang-${i}/`, roles: [], photographer: false, articles: [], initial: 'w' }) as BylineView);
    const initials = (a: number, w: number): BylineInitial[] => [
      { key: 'a', label: 'A', path: '/bylines/initial/a/', bylines: names(a) },
      { key: 'w', label: 'W', path: '/bylines/initial/w/', bylines: names(w) },
    ];
    const key = (a: number) => {
      const all = initials(a, 2);
      return bylineInitialPageKey(all, { initial: all[1]!, page: page(all[1]!.bylines) });
    };
    expect(key(1)).toBe(key(1));
    expect(key(2)).not.toBe(key(1));
  });
  it('a page of tags changes with a tag’s count and another letter’s count, not with the articles’ text', () => {
    const tags = (n: number, articles = 1, headline = '标题') =>
      Array.from({ length: n }, (_, i) => ({ name: `经济${i}`, slug: `jing-ji-${i}`, path: `/tags/jing-ji-${i}/`, articles: Array.from({ length: articles }, () => article({ headline })), initial: 'j' }) as TagView);
    const key = ({ a = 1, articles = 1, headline = '标题' } = {}) => {
      const all: TagInitial[] = [
        { key: 'a', label: 'A', path: '/tags/initial/a/', tags: tags(a) },
        { key: 'j', label: 'J', path: '/tags/initial/j/', tags: tags(2, articles, headline) },
      ];
      return tagInitialPageKey(all, { initial: all[1]!, page: page(all[1]!.tags) });
    };
    expect(key()).toBe(key());
    expect(key({ headline: '改' })).toBe(key());
    expect(key({ articles: 2 })).not.toBe(key());
    expect(key({ a: 2 })).not.toBe(key());
  });
});

describe('people keys', () => {
  const mention = (headline = '标题', paragraph = 'p-1'): Mention => ({ article: article({ headline }), paragraph });
  const region = (p: PersonView): PeopleRegion => ({ name: '安徽省', path: '/people/regions/an-hui-sheng/', people: [p] });

  it('a person’s page changes with their data and the titles of the articles that tell their story', () => {
    const key = (name: string, headline: string) => {
      const p = person('p1', name, [mention(headline)]);
      return personPageKey([region(p)], { person: p, page: page(p.mentions) });
    };
    expect(key('周脉军', '标题')).toBe(key('周脉军', '标题'));
    expect(key('周脉', '标题')).not.toBe(key('周脉军', '标题'));
    expect(key('周脉军', '改')).not.toBe(key('周脉军', '标题'));
  });
  it('a region’s page shows three mentions a person: a fourth changes only the count', () => {
    const key = (fourth: string, count = 4) => {
      const p = person('p1', '周脉军', [mention('一'), mention('二'), mention('三'), ...Array.from({ length: count - 3 }, () => mention(fourth))]);
      return peopleRegionPageKey({ region: region(p), page: page([p]) });
    };
    expect(key('四')).toBe(key('改'));
    expect(key('四', 5)).not.toBe(key('四'));
  });
});
