import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { DIST } from './browser';

/** Every HTML file of the production build (Pagefind's own UI files excluded), as paths relative to dist/. */
export function builtPages(root = DIST): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html') && !f.startsWith(`pagefind${path.sep}`))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** The URL path a built file is served at: `2022/09/01/index.html` → `/2022/09/01/`. */
export function urlPathOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/**
 * The paths of every published article, read from content/ independently of the site's code:
 * `/YYYY/MM/DD/<slug>/` from each Markdown file's edition and slug (or file name), drafts left out.
 */
export function publishedArticlePaths(contentDir = 'content'): string[] {
  const dir = path.join(contentDir, 'articles');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => {
      const fm = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path.join(dir, f), 'utf8'))?.[1] ?? '';
      const data = parseYaml(fm) as { edition: string | Date; slug?: string; draft?: boolean };
      if (data.draft) return [];
      const date = data.edition instanceof Date ? data.edition.toISOString().slice(0, 10) : String(data.edition);
      return [`/${date.replaceAll('-', '/')}/${data.slug ?? path.basename(f, '.md')}/`];
    })
    .sort();
}

/** The pages the accessibility gate checks: one of each kind a reader meets. */
export const KEY_PAGES = {
  home: '/',
  edition: '/2022/09/01/',
  page: '/2022/09/01/pages/jingkaiqu/',
  article: '/2022/09/01/renmin-manyi-de-shidai-dajuan/',
  'photo article': '/2022/09/01/nongchang-laodong-kaixue-diyike/',
  people: '/people/',
  'people of a region': '/people/regions/zhong-yang-he-guo-jia-ji-guan/',
  person: '/people/wang-songhe/',
  bylines: '/bylines/',
  'bylines under a letter': '/bylines/initial/c/',
  tags: '/tags/',
  'tags under a letter': '/tags/initial/l/',
  'archive index': '/editions/',
  month: '/2022/09/',
  search: '/search/?q=%E5%91%A8%E8%84%89%E5%86%9B',
  '404': '/no-such-page/',
} as const;
