/**
 * The `cacheKey` of every page a route's getStaticPaths() returns, for Astro's
 * `experimental.incrementalBuild`: a page whose key, route code (Astro hashes the route's module
 * graph), config and lockfile are all as in the previous build is not rendered again; its previous
 * HTML is copied from the cache (`<cacheDir>/dist/`).
 *
 * So a key must change whenever anything the page shows changes, and should change for nothing
 * else. Each function below hashes exactly what its route renders, read the way the route reads it
 * (its props, and what it looks up in the archive: related articles, byline and tag paths, people,
 * edition counts). **When a route or one of its components starts to show something new, add it
 * here**; the route's own code change re-renders its pages once, but later edits of the new data
 * would be missed. `tests/e2e/incremental-build.test.ts` builds an edited archive incrementally
 * and from scratch and requires the two to be identical.
 *
 * The granularity is the article: a listing (card, related list, prev/next, mention) hashes
 * everything about an article except its text (`articleCardDigest`), so an edit of an article's
 * body re-renders its own page (and those that show its excerpt only if the excerpt changes);
 * an edit of its headline, tags or bylines re-renders every listing that shows it.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'astro';
import type { Archive, ArticleView, BylineInitial, BylineView, EditionView, Mention, PeopleRegion, PersonView, TagInitial, TagView } from '../data/archive';
import type { MonthEntry, YearEntry } from './calendar';
import { LISTING_PAGE_SIZE } from './listing';

/** JSON with object keys sorted, Maps and Sets as arrays: the same value always gives the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return [...v];
    if (v instanceof Set) return [...v];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  }) ?? 'undefined';
}

/**
 * What every page's HTML depends on besides its data and its route's code, and which Astro's own
 * check (the route's server module graph, the config's main fields, the lockfile) does not see:
 * the sources of the client scripts and how they are bundled (astro.config.ts), which name the
 * script files every page links to. A change of chunking in astro.config.ts left article pages
 * restored from the cache linking to a script that no longer existed. Any change here renders
 * every page again; content edits stay incremental.
 */
const CLIENT_SOURCES = import.meta.glob(['/astro.config.ts', '/src/components/*.ts', '/src/lib/**/*.ts'], { query: '?raw', import: 'default', eager: true });
const SALT = createHash('sha256').update(stableJson(CLIENT_SOURCES)).digest();

/** A short hash of a JSON-able value (SHA-256, 144 bits in base64url), salted with the client sources. */
export function digest(value: unknown): string {
  return createHash('sha256').update(SALT).update(stableJson(value)).digest('base64url').slice(0, 24);
}

/** Memoizes a digest per object: the same article appears on many pages of one build. */
function memo<T extends object>(of: (item: T) => unknown): (item: T) => string {
  const seen = new WeakMap<T, string>();
  return (item) => {
    let d = seen.get(item);
    if (d === undefined) seen.set(item, (d = digest(of(item))));
    return d;
  };
}

/**
 * An article as a listing shows it (cards, related lists, prev/next links, people's mentions):
 * its frontmatter and everything derived from it (title, excerpt, path, page), not its text.
 */
export const articleCardDigest = memo((a: ArticleView) => ({
  id: a.id,
  path: a.path,
  date: a.date,
  page: a.page,
  pageIndex: a.pageIndex,
  pageKey: a.pageKey,
  title: a.title,
  titleFromCaption: a.titleFromCaption,
  excerpt: a.excerpt,
  people: a.people,
  data: a.entry.data,
}));

/** An article as its own page shows it: the card's data and its rendered text (HTML and outline). */
export const articleDigest = memo((a: ArticleView) => ({ card: articleCardDigest(a), rendered: a.entry.rendered ?? null, body: a.entry.rendered ? null : (a.entry.body ?? null) }));

/** An edition's own data (masthead, pages and their banners, notes, inferred date) and paths. */
export const editionDigest = memo((e: EditionView) => ({ date: e.date, path: e.path, data: e.entry.data, pages: e.pages.map((s) => s.path) }));

/** A person's own data (name, position, region, summary …) and path. */
export const personDigest = memo((p: PersonView) => ({ id: p.id, path: p.path, data: p.entry.data }));

/** What a listing of names shows of a byline. */
function bylineSummary(b: BylineView) {
  return { name: b.name, slug: b.slug, path: b.path, roles: b.roles, photographer: b.photographer, initial: b.initial, articles: b.articles.length };
}

/** A page of a paginated listing, without its items: position, totals and the links between pages. */
function pageMeta(page: Page<unknown>) {
  return { start: page.start, end: page.end, total: page.total, size: page.size, currentPage: page.currentPage, lastPage: page.lastPage, url: page.url };
}

function mention(m: Mention) {
  return { article: articleCardDigest(m.article), paragraph: m.paragraph, section: m.section ?? null };
}

const side = <T>(item: T | undefined, of: (item: T) => unknown) => (item === undefined ? null : of(item));

/** What `/YYYY/MM/DD/<slug>/` reads from the archive besides the article itself. */
export type ArticleLookups = Pick<Archive, 'editionByDate' | 'bylineByName' | 'tagSlugs' | 'personById' | 'relatedTo'>;

/** `/YYYY/MM/DD/<slug>/`: the article, its neighbours in the edition, its edition, related articles, and the byline, tag and people links. */
export function articlePageKey(archive: ArticleLookups, { article, prev, next }: { article: ArticleView; prev?: ArticleView | undefined; next?: ArticleView | undefined }): string {
  const d = article.entry.data;
  const edition = archive.editionByDate.get(article.date);
  return digest({
    article: articleDigest(article),
    prev: side(prev, articleCardDigest),
    next: side(next, articleCardDigest),
    edition: side(edition, editionDigest),
    related: archive.relatedTo(article, LISTING_PAGE_SIZE.related).map(articleCardDigest),
    bylines: d.bylines.map((b) => archive.bylineByName.get(b.name)?.path ?? null),
    tags: d.tags.map((t) => archive.tagSlugs.get(t) ?? null),
    people: d.people.map((r) => side(archive.personById.get(r.person.id), personDigest)),
  });
}

/** `/YYYY/MM/DD/`: the edition, every article card on its pages, the previous and next editions. */
export function editionPageKey({ edition, prev, next }: { edition: EditionView; prev?: EditionView | undefined; next?: EditionView | undefined }): string {
  const link = (e: EditionView) => ({ date: e.date, path: e.path });
  return digest({ edition: editionDigest(edition), pages: edition.pages.map((s) => s.articles.map(articleCardDigest)), prev: side(prev, link), next: side(next, link) });
}

/** `/YYYY/MM/DD/pages/<page>/`: the edition (its pages name the neighbours), this page's article cards. */
export function printedPageKey({ edition, spread }: { edition: EditionView; spread: EditionView['pages'][number] }): string {
  return digest({ edition: editionDigest(edition), page: spread.page.id, path: spread.path, articles: spread.articles.map(articleCardDigest) });
}

/** `/YYYY/`: its months and days, the neighbouring years. */
export function yearPageKey({ entry, prev, next }: { entry: YearEntry; prev?: YearEntry | undefined; next?: YearEntry | undefined }): string {
  return digest({ entry, prev: prev?.year ?? null, next: next?.year ?? null });
}

interface MonthRef {
  year: string;
  month: string;
}

/** `/YYYY/MM/`: its days, for each day whether its date is inferred and how many articles it has, the neighbouring months. */
export function monthPageKey(archive: Pick<Archive, 'editionByDate'>, { year, month, days, prev, next }: MonthRef & MonthEntry & { prev?: MonthRef | undefined; next?: MonthRef | undefined }): string {
  const link = (m: MonthRef) => ({ year: m.year, month: m.month });
  const day = (d: string) => {
    const e = archive.editionByDate.get(d);
    return { date: d, inferred: e?.entry.data.dateInferred ?? null, articles: e?.articles.length ?? 0 };
  };
  return digest({ year, month, days: days.map(day), prev: side(prev, link), next: side(next, link) });
}

/** A page of a listing of article cards: `/kinds/<kind>/`, `/tags/<tag>/` (`name` is the kind or tag; a tag's letter, in its crumbs, follows from its slug in `page.url`). */
export function articleListingKey(name: string, page: Page<ArticleView>): string {
  return digest({ name, page: pageMeta(page), articles: page.data.map(articleCardDigest) });
}

/** `/bylines/<slug>/`: the byline's name, roles and count, and this page's article cards. */
export function bylinePageKey({ byline, page }: { byline: BylineView; page: Page<ArticleView> }): string {
  return digest({ byline: bylineSummary(byline), page: pageMeta(page), articles: page.data.map(articleCardDigest) });
}

/** `/bylines/initial/<letter>/`: every letter with its count (the letter navigation), this page's names. */
export function bylineInitialPageKey(initials: readonly BylineInitial[], { initial, page }: { initial: BylineInitial; page: Page<BylineView> }): string {
  const letter = (i: BylineInitial) => ({ key: i.key, label: i.label, path: i.path, count: i.bylines.length });
  return digest({ initial: letter(initial), initials: initials.map(letter), page: pageMeta(page), bylines: page.data.map(bylineSummary) });
}

/** `/tags/initial/<letter>/`: every letter with its count (the letter navigation), this page's tags with their counts. */
export function tagInitialPageKey(initials: readonly TagInitial[], { initial, page }: { initial: TagInitial; page: Page<TagView> }): string {
  const letter = (i: TagInitial) => ({ key: i.key, label: i.label, path: i.path, count: i.tags.length });
  const tag = (t: TagView) => ({ name: t.name, slug: t.slug, path: t.path, initial: t.initial, articles: t.articles.length });
  return digest({ initial: letter(initial), initials: initials.map(letter), page: pageMeta(page), tags: page.data.map(tag) });
}

/** `/people/<id>/`: the person, their region's link, this page's mentions. */
export function personPageKey(regions: readonly PeopleRegion[], { person, page }: { person: PersonView; page: Page<Mention> }): string {
  const region = regions.find((r) => r.people.includes(person));
  return digest({ person: personDigest(person), region: region ? { name: region.name, path: region.path } : null, page: pageMeta(page), mentions: page.data.map(mention) });
}

/** `/people/regions/<region>/`: the region, this page's people with their first mentions and how many more. */
export function peopleRegionPageKey({ region, page }: { region: PeopleRegion; page: Page<PersonView> }): string {
  const card = (p: PersonView) => ({ person: personDigest(p), mentions: p.mentions.slice(0, LISTING_PAGE_SIZE.mentionsPerCard).map(mention), total: p.mentions.length });
  return digest({ region: { name: region.name, path: region.path }, page: pageMeta(page), people: page.data.map(card) });
}
