/**
 * What a reader downloads, page type by page type, checked against budgets: the test suite runs it
 * over dist/, the build benchmark over a generated archive of 10,000 articles, where a listing
 * that grows with the archive would show. No Astro imports: plain Node runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export type PageType = 'home' | 'edition' | 'page' | 'article' | 'search' | 'listing' | 'error';

/** Bytes of HTML, uncompressed, that no page may exceed: a listing must be paginated or split before it gets there. */
export const MAX_HTML_BYTES = 100 * 1024;

/**
 * Gzipped HTML plus the stylesheets it links, per page type. An article fits in the first round
 * trips of a slow connection (14 kB, about ten TCP segments); listings may be a little heavier.
 */
export const GZIP_BUDGETS: Record<PageType, number> = {
  article: 14 * 1024,
  edition: 20 * 1024,
  page: 20 * 1024,
  home: 20 * 1024,
  search: 14 * 1024,
  listing: 30 * 1024,
  error: 14 * 1024,
};

/** The type of a built page from its path under dist/, following the site's URL scheme (README, src/lib/paths.ts). */
export function pageType(relPath: string): PageType {
  const p = relPath.split(path.sep).join('/');
  if (p === 'index.html') return 'home';
  if (p === '404.html') return 'error';
  if (p === 'search/index.html') return 'search';
  if (/^\d{4}\/\d{2}\/\d{2}\/index\.html$/.test(p)) return 'edition';
  if (/^\d{4}\/\d{2}\/\d{2}\/pages\/[^/]+\/index\.html$/.test(p)) return 'page';
  if (/^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(p)) return 'article';
  return 'listing';
}

export interface PageSize {
  file: string;
  type: PageType;
  htmlBytes: number;
  /** Gzipped HTML plus gzipped linked stylesheets (inline styles are part of the HTML). */
  gzipBytes: number;
  /** Scripts the page loads or inlines, gzipped. */
  scriptGzipBytes: number;
  /** Classic scripts without defer/async/module, which would hold up reading. */
  blockingScripts: number;
}

const gz = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;

/** Sizes every HTML page under `dist` (the Pagefind folder aside) and lists what exceeds its budget. */
export function checkBudgets(dist: string): { pages: PageSize[]; violations: string[] } {
  const assetGzip = new Map<string, number>();
  const asset = (href: string) => {
    // Site-relative assets only; the site has no third-party ones.
    const file = path.join(dist, href.replace(/^\/+/, '').replace(/[?#].*$/, ''));
    if (!assetGzip.has(file)) assetGzip.set(file, fs.existsSync(file) ? gz(fs.readFileSync(file)) : 0);
    return assetGzip.get(file)!;
  };
  const pages: PageSize[] = [];
  const violations: string[] = [];
  for (const rel of (fs.readdirSync(dist, { recursive: true }) as string[]).sort()) {
    if (!rel.endsWith('.html') || rel.startsWith(`pagefind${path.sep}`)) continue;
    const html = fs.readFileSync(path.join(dist, rel));
    const text = html.toString('utf8');
    const type = pageType(rel);
    const css = [...text.matchAll(/<link\b[^>]*rel="?stylesheet"?[^>]*>/g)]
      .map((m) => /href="([^"]+)"/.exec(m[0])?.[1])
      .reduce((s, href) => s + (href ? asset(href) : 0), 0);
    let scriptGzipBytes = 0;
    let blockingScripts = 0;
    for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const attrs = m[1] ?? '';
      if (/type="?application\/(ld\+)?json/.test(attrs)) continue; // data, not code
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      scriptGzipBytes += src ? asset(src) : gz(m[2] ?? '');
      if (!/type="?module|\bdefer\b|\basync\b/.test(attrs)) blockingScripts++;
    }
    const size: PageSize = { file: rel, type, htmlBytes: html.length, gzipBytes: gz(html) + css, scriptGzipBytes, blockingScripts };
    pages.push(size);
    if (size.htmlBytes > MAX_HTML_BYTES) {
      violations.push(`${rel} (${type}): ${(size.htmlBytes / 1024).toFixed(1)} kB of HTML, more than ${MAX_HTML_BYTES / 1024} kB`);
    }
    if (size.gzipBytes > GZIP_BUDGETS[type]) {
      violations.push(`${rel} (${type}): ${(size.gzipBytes / 1024).toFixed(1)} kB of HTML and CSS gzipped, more than ${GZIP_BUDGETS[type] / 1024} kB`);
    }
    if (type === 'article' && size.blockingScripts > 0) violations.push(`${rel} (article): ${size.blockingScripts} blocking script(s); an article must read without JavaScript`);
  }
  return { pages, violations };
}
