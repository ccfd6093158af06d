/**
 * The one place that reads the content collections. It loads, checks cross-references,
 * sorts and groups once per build; routes and components ask it for what they show.
 */
import { getCollection, render, type CollectionEntry } from 'astro:content';
import { articlePath, bylineInitialPath, bylinePath, editionPath, pagePath, peopleRegionPath, personPath, RESERVED_BYLINE_SLUGS, RESERVED_PERSON_IDS, RESERVED_TAG_SLUGS, tagInitialPath, tagPath } from '../lib/paths';
import { REGIONS } from '../schemas/person';
import { groupByYearMonth, type YearEntry } from '../lib/calendar';
import { paragraphNumber, sectionOf, type Outline } from '../lib/outline';
import { indexRelated } from '../lib/related';
import { clip, firstSentence, plainExcerpt } from '../lib/text';
import { toSlug, uniqueSlugs } from '../lib/slugs';
import { toFullwidthPunctuation } from '../lib/cjk-punctuation';
import type { Page } from '../schemas/edition';

export type ArticleEntry = CollectionEntry<'articles'>;
export type EditionEntry = CollectionEntry<'editions'>;
export type PersonEntry = CollectionEntry<'people'>;

export interface ArticleView {
  /** `2022-09-01/slug` */
  id: string;
  slug: string;
  /** The edition's date, YYYY-MM-DD. */
  date: string;
  page: Page;
  /** The page's position in its edition, from 0. */
  pageIndex: number;
  entry: ArticleEntry;
  /** The headline, or for untitled photo news the opening of its caption. */
  title: string;
  /** True when the title is not printed in the source but taken from the caption. */
  titleFromCaption: boolean;
  path: string;
  excerpt: string;
  /** Ids of the people (content/people/) the article tells about. */
  people: string[];
  /** `2022-09-01/jingkaiqu`: the page it was printed on, unique across editions. */
  pageKey: string;
}

/** Where an article tells a person's story. */
export interface Mention {
  article: ArticleView;
  /** The paragraph anchor, `p-5`. */
  paragraph: string;
  /** The sub-heading of the part of the article the paragraph is in, if the article has parts. */
  section?: string | undefined;
}

/** A person or collective of the people directory, with where the archive tells about them. */
export interface PersonView {
  id: string;
  entry: PersonEntry;
  path: string;
  mentions: Mention[];
}

/** One region of the people directory, with its people in the directory's order. */
export interface PeopleRegion {
  /** The region as the schema names it, or 地区不详 for people whose region the source does not give. */
  name: string;
  path: string;
  people: PersonView[];
}

/** The directory's section for people whose region the source does not give; it comes last. */
export const UNKNOWN_REGION = '地区不详';

/** Everyone credited in a byline (writer, correspondent or photographer), by name as printed. */
export interface BylineView {
  name: string;
  slug: string;
  path: string;
  /** The roles printed with the name across the archive (本报记者, 新华社记者 …). */
  roles: string[];
  /** Whether any credit is for a photograph. */
  photographer: boolean;
  /** Newest first. */
  articles: ArticleView[];
  /** The key of its group in the directory: the slug's first letter (`a`…`z`), or `other`. */
  initial: string;
}

/** The bylines whose pinyin starts with one letter: one part of the bylines directory. */
export interface BylineInitial {
  /** `a`…`z`, or `other` for names whose slug starts with a digit. */
  key: string;
  /** `A`…`Z`, or `其他`. */
  label: string;
  path: string;
  /** In the directory's order (Chinese collation). */
  bylines: BylineView[];
}

/** A subject tag, with the articles that carry it. */
export interface TagView {
  /** The tag as written in the articles' frontmatter: `党建`. */
  name: string;
  slug: string;
  path: string;
  /** Newest first; an article that lists the tag twice is here once. */
  articles: ArticleView[];
  /** The key of its group in the tags directory: the slug's first letter (`a`…`z`), or `other`. */
  initial: string;
}

/** The tags whose pinyin starts with one letter: one part of the tags directory. */
export interface TagInitial {
  /** `a`…`z`, or `other` for tags whose slug starts with a digit. */
  key: string;
  /** `A`…`Z`, or `其他`. */
  label: string;
  path: string;
  /** In the directory's order (Chinese collation). */
  tags: TagView[];
}

export interface EditionView {
  date: string;
  entry: EditionEntry;
  path: string;
  pages: { page: Page; path: string; articles: ArticleView[] }[];
  articles: ArticleView[];
}

export interface Archive {
  editions: EditionView[];
  articles: ArticleView[];
  byId: Map<string, ArticleView>;
  editionByDate: Map<string, EditionView>;
  tagSlugs: Map<string, string>;
  /** Tags sorted by name (Chinese collation). */
  tags: TagView[];
  /** The tags grouped by the first letter of their pinyin, A to Z, then 其他. */
  tagInitials: TagInitial[];
  people: Map<string, PersonEntry>;
  /** The people directory, in the order their stories are told (edition, page, article, paragraph). */
  directory: PersonView[];
  personById: Map<string, PersonView>;
  /** The directory split by region, in the schema's region order, 地区不详 last; regions without people left out. */
  peopleRegions: PeopleRegion[];
  /** Bylines sorted by name (Chinese collation). */
  bylines: BylineView[];
  bylineByName: Map<string, BylineView>;
  /** The bylines grouped by the first letter of their pinyin, A to Z, then 其他. */
  bylineInitials: BylineInitial[];
  /** Years → months → days that have an edition, for the archive index. */
  calendar: YearEntry[];
  /** The articles most related to `article` (shared people, tags, page), best first. */
  relatedTo(article: ArticleView, limit?: number): ArticleView[];
}

let cached: Promise<Archive> | undefined;

/** The whole archive, loaded once per build. */
export function loadArchive(): Promise<Archive> {
  cached ??= build();
  return cached;
}

/** Thrown for content that validates alone but not together; names the file. */
export class ContentReferenceError extends Error {}

async function build(): Promise<Archive> {
  const [editionEntries, articleEntries, personEntries] = await Promise.all([
    getCollection('editions'),
    getCollection('articles', (a) => !a.data.draft),
    getCollection('people'),
  ]);
  const problems: string[] = [];
  const people = new Map(personEntries.map((p) => [p.id, p]));
  for (const p of personEntries) {
    if ((RESERVED_PERSON_IDS as readonly string[]).includes(p.id)) problems.push(`${p.filePath ?? p.id}: the id "${p.id}" is reserved for the people directory's own pages; rename the file`);
  }
  const editionEntryByDate = new Map(editionEntries.map((e) => [e.id, e]));
  for (const e of editionEntries) {
    if (e.id !== e.data.date) problems.push(`${e.filePath ?? e.id}: date: ${e.data.date} does not match the file name (expected ${e.id}.yaml to hold date ${e.id})`);
  }

  const articles: ArticleView[] = [];
  for (const entry of articleEntries) {
    const file = entry.filePath ?? entry.id;
    const date = entry.data.edition.id;
    const edition = editionEntryByDate.get(date);
    if (!edition) {
      problems.push(`${file}: edition: no edition "${date}" (expected a file content/editions/${date}.yaml)`);
      continue;
    }
    const page = edition.data.pages.find((p) => p.id === entry.data.page);
    if (!page) {
      problems.push(`${file}: page: edition ${date} has no page "${entry.data.page}" (its pages: ${edition.data.pages.map((p) => p.id).join(', ')})`);
      continue;
    }
    entry.data.people.forEach((p, i) => {
      if (!people.has(p.person.id)) problems.push(`${file}: people[${i}].person: no person "${p.person.id}" (expected a file content/people/${p.person.id}.yaml)`);
    });
    const slug = entry.id.slice(date.length + 1);
    const caption = entry.data.photos[0]?.caption ?? '';
    const excerpt = plainExcerpt(entry.rendered?.html ?? '', 90) || clip(caption, 90);
    articles.push({
      id: entry.id,
      slug,
      date,
      page,
      pageIndex: edition.data.pages.indexOf(page),
      entry,
      title: entry.data.headline ?? clip(firstSentence(caption).replace(/[。！？!?]$/u, ''), 28),
      titleFromCaption: !entry.data.headline,
      path: articlePath(date, slug),
      excerpt: toFullwidthPunctuation(excerpt),
      people: entry.data.people.map((p) => p.person.id),
      pageKey: `${date}/${page.id}`,
    });
  }
  const mentions = await collectMentions(articles, problems);
  if (problems.length) throw new ContentReferenceError(`Content references that point nowhere:\n  ${problems.join('\n  ')}`);

  articles.sort((a, b) => a.date.localeCompare(b.date) || a.pageIndex - b.pageIndex || a.entry.data.order - b.entry.data.order);
  const byDate = Map.groupBy(articles, (a) => a.date);
  const editions: EditionView[] = editionEntries
    .map((entry) => {
      const date = entry.data.date;
      const list = byDate.get(entry.id) ?? [];
      return {
        date,
        entry,
        path: editionPath(date),
        articles: list,
        pages: entry.data.pages.map((page) => ({ page, path: pagePath(date, page.id), articles: list.filter((a) => a.page.id === page.id) })),
      };
    })
    .sort((a, b) => a.date.localeCompare(b.date));

  const position = new Map(articles.map((a, i) => [a, i]));
  const directory = personEntries
    .map((entry) => ({ id: entry.id, entry, path: personPath(entry.id), mentions: sortMentions(mentions.get(entry.id) ?? [], position) }))
    .sort((a, b) => firstTold(a, position) - firstTold(b, position) || a.id.localeCompare(b.id));
  const bylines = groupBylines(articles);
  const tags = groupTags(articles);
  const newestFirst = articles.toReversed();
  const related = (a: ArticleView) => ({ id: a.id, people: a.people, tags: a.entry.data.tags, page: a.pageKey });
  const rankRelated = indexRelated(newestFirst.map((a) => ({ ...related(a), article: a })));
  // Asked twice per article in a build that renders it: for its page's cache key, and by the page.
  const relatedMemo = new Map<string, ArticleView[]>();
  const relatedTo = (article: ArticleView, limit = 5): ArticleView[] => {
    const key = `${article.id}\0${limit}`;
    let found = relatedMemo.get(key);
    if (!found) relatedMemo.set(key, (found = rankRelated(related(article), limit).map((c) => c.article)));
    return [...found];
  };

  return {
    editions,
    articles,
    byId: new Map(articles.map((a) => [a.id, a])),
    editionByDate: new Map(editions.map((e) => [e.date, e])),
    tagSlugs: new Map(tags.map((t) => [t.name, t.slug])),
    tags,
    tagInitials: groupByInitial(tags, tagInitialPath).map(({ items, ...letter }) => ({ ...letter, tags: items })),
    people,
    directory,
    personById: new Map(directory.map((p) => [p.id, p])),
    peopleRegions: groupByRegion(directory),
    bylines,
    bylineByName: new Map(bylines.map((b) => [b.name, b])),
    bylineInitials: groupByInitial(bylines, bylineInitialPath).map(({ items, ...letter }) => ({ ...letter, bylines: items })),
    calendar: groupByYearMonth(editions.map((e) => e.date)),
    relatedTo,
  };
}

/**
 * Where each person's story is told, from the articles' `people` references. The paragraph
 * numbers are checked against the rendered article (rehype-anchors reports its outline), so an
 * anchor that points past the end of the text is a build error naming the file.
 */
async function collectMentions(articles: ArticleView[], problems: string[]): Promise<Map<string, Mention[]>> {
  const byPerson = new Map<string, Mention[]>();
  for (const article of articles) {
    const refs = article.entry.data.people;
    if (!refs.length) continue;
    const { remarkPluginFrontmatter } = await render(article.entry);
    const outline = remarkPluginFrontmatter.outline as Outline | undefined;
    refs.forEach((ref, i) => {
      const n = paragraphNumber(ref.paragraph);
      if (outline && n > outline.paragraphs) {
        problems.push(`${article.entry.filePath ?? article.id}: people[${i}].paragraph: ${ref.paragraph} does not exist (the article has paragraphs p-1 to p-${outline.paragraphs})`);
        return;
      }
      const section = outline && sectionOf(outline, n)?.title;
      const list = byPerson.get(ref.person.id) ?? byPerson.set(ref.person.id, []).get(ref.person.id)!;
      list.push({ article, paragraph: ref.paragraph, section });
    });
  }
  return byPerson;
}

/** Orders mentions as the archive prints them: by article (`position` in the sorted archive), then paragraph. */
function sortMentions(list: Mention[], position: Map<ArticleView, number>): Mention[] {
  return list.toSorted((a, b) => position.get(a.article)! - position.get(b.article)! || paragraphNumber(a.paragraph) - paragraphNumber(b.paragraph));
}

/** A sort key placing people in the order the archive first tells their story; people never told come last. */
function firstTold(p: PersonView, position: Map<ArticleView, number>): number {
  const m = p.mentions[0];
  return m ? position.get(m.article)! * 10_000 + paragraphNumber(m.paragraph) : Number.MAX_SAFE_INTEGER;
}

/** Groups the archive's bylines by name as printed; the same name is taken to be the same person. */
function groupBylines(articles: ArticleView[]): BylineView[] {
  const byName = new Map<string, { roles: Set<string>; photographer: boolean; articles: ArticleView[] }>();
  for (const article of articles) {
    for (const b of article.entry.data.bylines) {
      const v = byName.get(b.name) ?? byName.set(b.name, { roles: new Set(), photographer: false, articles: [] }).get(b.name)!;
      if (b.role) v.roles.add(b.role);
      v.photographer ||= b.photo;
      if (v.articles.at(-1) !== article) v.articles.push(article);
    }
  }
  const slugs = uniqueSlugs([...byName.keys()], RESERVED_BYLINE_SLUGS);
  return [...byName]
    .map(([name, v]) => {
      const slug = slugs.get(name)!;
      return { name, slug, path: bylinePath(slug), roles: [...v.roles], photographer: v.photographer, articles: v.articles.toReversed(), initial: initialOf(slug) };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** Groups the archive's articles by subject tag; `initial` is reserved for the directory's own pages. */
function groupTags(articles: ArticleView[]): TagView[] {
  const byName = new Map<string, ArticleView[]>();
  for (const article of articles) {
    for (const tag of article.entry.data.tags) {
      const list = byName.get(tag) ?? byName.set(tag, []).get(tag)!;
      if (list.at(-1) !== article) list.push(article);
    }
  }
  const slugs = uniqueSlugs([...byName.keys()], RESERVED_TAG_SLUGS);
  return [...byName]
    .map(([name, list]) => {
      const slug = slugs.get(name)!;
      return { name, slug, path: tagPath(slug), articles: list.toReversed(), initial: initialOf(slug) };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** The part of a directory a slug is filed under: its first letter (`a`…`z`), or `other` for a digit. */
function initialOf(slug: string): string {
  return /^[a-z]/.test(slug) ? slug[0]! : 'other';
}

/** A directory's parts (bylines, tags), A to Z then 其他; each keeps the directory's order. */
function groupByInitial<T extends { initial: string }>(items: T[], pathOf: (key: string) => string): { key: string; label: string; path: string; items: T[] }[] {
  return [...Map.groupBy(items, (b) => b.initial)]
    .map(([key, list]) => ({ key, label: key === 'other' ? '其他' : key.toUpperCase(), path: pathOf(key), items: list }))
    .sort((a, b) => Number(a.key === 'other') - Number(b.key === 'other') || a.key.localeCompare(b.key));
}

/** The people directory by region, in the schema's order of regions, 地区不详 last. */
function groupByRegion(directory: PersonView[]): PeopleRegion[] {
  const byRegion = Map.groupBy(directory, (p): string => p.entry.data.region ?? UNKNOWN_REGION);
  return [...REGIONS, UNKNOWN_REGION]
    .filter((r) => byRegion.has(r))
    .map((name) => ({ name, path: peopleRegionPath(toSlug(name)), people: byRegion.get(name)! }));
}
