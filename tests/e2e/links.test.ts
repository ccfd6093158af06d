/**
 * Every internal href and src in dist/ resolves to a built file, and every #fragment to an id on
 * the target page (so the people directory's paragraph links land on a paragraph).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { DIST } from './support/browser';
import { builtPages, urlPathOf } from './support/site-files';

const ORIGIN = 'http://site.invalid';

interface Parsed {
  ids: Set<string>;
  links: string[];
}

const cache = new Map<string, Parsed>();
function parse(file: string): Parsed {
  let p = cache.get(file);
  if (!p) {
    const tree = fromHtml(readFileSync(path.join(DIST, file), 'utf8'));
    const ids = new Set<string>();
    const links: string[] = [];
    visit(tree, 'element', (el: Element) => {
      const { id, href, src } = el.properties;
      if (typeof id === 'string') ids.add(id);
      for (const v of [href, src]) if (typeof v === 'string') links.push(v);
    });
    p = { ids, links };
    cache.set(file, p);
  }
  return p;
}

/** The built file a site path is served from, or undefined when there is none. */
function fileFor(pathname: string): string | undefined {
  const rel = decodeURIComponent(pathname).replace(/^\//, '');
  const direct = path.join(DIST, rel);
  if (existsSync(direct) && statSync(direct).isFile()) return rel;
  const index = path.join(rel, 'index.html');
  return existsSync(path.join(DIST, index)) ? index.split(path.sep).join('/') : undefined;
}

describe('internal links in the production build', () => {
  const pages = builtPages();

  it('checks every built page', () => {
    expect(pages.length).toBeGreaterThan(20);
  });

  it('has no broken href or src (the failure lists each one)', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of pages) {
      const here = new URL(urlPathOf(file), ORIGIN);
      for (const link of parse(file).links) {
        const url = new URL(link, here);
        if (url.origin !== ORIGIN) continue;
        checked++;
        const target = fileFor(url.pathname);
        if (!target) {
          broken.push(`${file}: ${link} (no file for ${url.pathname})`);
          continue;
        }
        const fragment = decodeURIComponent(url.hash.slice(1));
        if (fragment && target.endsWith('.html') && !parse(target).ids.has(fragment)) broken.push(`${file}: ${link} (no id “${fragment}” in ${target})`);
      }
    }
    console.info(`links: ${pages.length} pages, ${checked} internal links, ${broken.length} broken`);
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(pages.length);
  });
});
