/** The file name of `entryPath` without folders or extension: `a/b/c.md` → `c`. */
export function baseName(entryPath: string): string {
  return entryPath.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
}

/** The id of an article: its edition and slug, `2022-09-01/dangjian-yinling-juheli`. */
export function articleId(edition: string, slug: string): string {
  return `${edition}/${slug}`;
}
