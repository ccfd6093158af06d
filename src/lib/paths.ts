import { splitIsoDate } from './dates';

/** URL segments an article slug may not take, since pages of the edition live there. */
export const RESERVED_SLUGS = ['pages'] as const;

/** The path of an edition: `2022-09-01` → `/2022/09/01/`. */
export function editionPath(date: string): string {
  const { year, month, day } = splitIsoDate(date);
  return `/${year}/${month}/${day}/`;
}

/** The path of a page (版) of an edition: `/2022/09/01/pages/jingkaiqu/`. */
export function pagePath(date: string, pageId: string): string {
  return `${editionPath(date)}pages/${pageId}/`;
}

/** The path of an article, under its edition: `/2022/09/01/dangjian-yinling-juheli/`. */
export function articlePath(date: string, slug: string): string {
  return `${editionPath(date)}${slug}/`;
}

/** Is `file`, a `/`-separated path inside the built site, an article's page (`2022/09/01/<slug>/index.html`)? */
export function isArticlePageFile(file: string): boolean {
  return /^\d{4}\/\d{2}\/\d{2}\/(?!pages\/)[^/]+\/index\.html$/.test(file);
}

const ASCII = /^[\x00-\x7f]*$/;

/** Prefixes a site path with the deployment base (`/` or `/sub/`), normalised to one slash. */
export function withBase(path: string, base: string): string {
  const joined = `${base.endsWith('/') ? base.slice(0, -1) : base}/${path.startsWith('/') ? path.slice(1) : path}`;
  // Called for every link of every page: ASCII, the common case, is already in NFC.
  return ASCII.test(joined) ? joined : joined.normalize('NFC');
}

/** The path of the year in the archive index: `2022` → `/2022/`. */
export function yearPath(year: string): string {
  return `/${year}/`;
}

/** The path of a month's calendar in the archive index: `/2022/09/`. */
export function monthPath(year: string, month: string): string {
  return `/${year}/${month}/`;
}

/** Person ids the people directory uses itself: `/people/regions/…/` lists the people of a region. */
export const RESERVED_PERSON_IDS = ['regions'] as const;

/** The path of the people of one region (its slug, from toSlug): `/people/regions/he-nan/`. */
export function peopleRegionPath(slug: string): string {
  return `/people/regions/${slug}/`;
}

/** The path of a person or collective in the people directory: `/people/zhou-maijun/`. */
export function personPath(id: string): string {
  return `/people/${id}/`;
}

/** Byline slugs the bylines directory uses itself: `/bylines/initial/c/` lists the names under C. */
export const RESERVED_BYLINE_SLUGS = ['initial'] as const;

/** The path of the bylines whose pinyin starts with `key` (`a`…`z`, or `other`): `/bylines/initial/c/`. */
export function bylineInitialPath(key: string): string {
  return `/bylines/initial/${key}/`;
}

/** The path of a byline's page (an ASCII slug of the name): `/bylines/chu-yong/`. */
export function bylinePath(slug: string): string {
  return `/bylines/${slug}/`;
}

/** Tag slugs the tags directory uses itself: `/tags/initial/j/` lists the tags under J. */
export const RESERVED_TAG_SLUGS = ['initial'] as const;

/** The path of the tags whose pinyin starts with `key` (`a`…`z`, or `other`): `/tags/initial/j/`. */
export function tagInitialPath(key: string): string {
  return `/tags/initial/${key}/`;
}

/** The path of a tag's page (an ASCII slug of the tag): `/tags/jing-ji/`. */
export function tagPath(slug: string): string {
  return `/tags/${slug}/`;
}
