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

/** Prefixes a site path with the deployment base (`/` or `/sub/`), normalised to one slash. */
export function withBase(path: string, base: string): string {
  return `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`.normalize('NFC');
}
