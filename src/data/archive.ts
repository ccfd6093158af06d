/**
 * The one place that reads the content collections. It loads, checks cross-references,
 * sorts and groups once per build; routes and components ask it for what they show.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { articlePath, editionPath, pagePath } from '../lib/paths';
import { clip, firstSentence, markdownToPlain } from '../lib/text';
import { uniqueSlugs } from '../lib/slugs';
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
  people: Map<string, PersonEntry>;
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
  const people = new Map(personEntries.map((p) => [p.id, p]));
  const editionEntryByDate = new Map(editionEntries.map((e) => [e.id, e]));
  const problems: string[] = [];
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
      if (!people.has(p.person.id)) problems.push(`${file}: people[${i}].person: no person "${p.person.id}" (expected content/people/${p.person.id}.yaml)`);
    });
    const slug = entry.id.slice(date.length + 1);
    const caption = entry.data.photos[0]?.caption ?? '';
    const plain = markdownToPlain(entry.body ?? '') || caption;
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
      excerpt: toFullwidthPunctuation(clip(plain, 90)),
    });
  }
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

  return {
    editions,
    articles,
    byId: new Map(articles.map((a) => [a.id, a])),
    editionByDate: new Map(editions.map((e) => [e.date, e])),
    tagSlugs: uniqueSlugs(articles.flatMap((a) => a.entry.data.tags)),
    people,
  };
}
