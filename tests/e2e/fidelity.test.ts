/**
 * The archive reproduces its source: every sentence of the seed text appears on the built
 * article pages, and every paragraph of an article body comes from the source (no invented
 * text). Editorial notes are the archive's own words and are excluded from the second check.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../support/html-text';
import { DIST } from './support/browser';

const SOURCE = readFileSync(path.resolve('tests/fixtures/seed-2022-09-01.txt'), 'utf8');
const EDITION_DIR = path.join(DIST, '2022/09/01');

/** Compare text as the source has it: ASCII punctuation, no white space. */
function fold(text: string): string {
  return text
    .replace(/，/g, ',')
    .replace(/；/g, ';')
    .replace(/：/g, ':')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/！/g, '!')
    .replace(/？/g, '?')
    .replace(/\s+/gu, '');
}

/** The built pages in `dir` (one folder each, holding index.html), read by folder name. */
function pagesIn(dir: string): { slug: string; html: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'index.html')))
    .map((d) => ({ slug: d.name, html: readFileSync(path.join(dir, d.name, 'index.html'), 'utf8') }));
}

/** The seed's sentences: each line split after sentence-ending marks. */
function sourceSentences(): string[] {
  return SOURCE.split('\n')
    .flatMap((line) => line.split(/(?<=[。!?;…])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

describe('fidelity of the first edition to its source', () => {
  const pages = pagesIn(EDITION_DIR).filter((p) => p.slug !== 'pages');
  // The article pages, and the edition's page (版) pages, which carry the page banners.
  const shown = [...pages, ...pagesIn(path.join(EDITION_DIR, 'pages'))];
  const siteText = fold(shown.map((p) => htmlToText(p.html.match(/<main[\s\S]*<\/main>/)?.[0] ?? '')).join('\n'));

  it('has one article page per item of the source', () => {
    expect(pages.map((p) => p.slug).sort()).toHaveLength(8);
  });

  it('shows every sentence of the source on an article page', () => {
    const sentences = sourceSentences();
    const missing = sentences.filter((s) => !siteText.includes(fold(s)));
    console.log(`fidelity: ${sentences.length - missing.length}/${sentences.length} source sentences found on article pages`);
    expect(missing).toEqual([]);
  });

  it('prints no body paragraph that is not in the source', () => {
    const source = fold(SOURCE);
    const paragraphs = pages.flatMap((p) => [...p.html.matchAll(/<p id="p-\d+"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => ({ slug: p.slug, text: fold(htmlToText(m[1]!)) })));
    expect(paragraphs.length).toBeGreaterThan(50);
    const invented = paragraphs.filter((p) => !source.includes(p.text));
    expect(invented).toEqual([]);
  });

  it('joins words split across column breaks', () => {
    for (const joined of ['党建互学互促合作组建设', '进入隔离病房', '从警30多年的公安民警']) expect(siteText).toContain(joined);
  });

  it('marks the gap in the Xinhua feature with an editorial note between both fragments', () => {
    const html = pages.find((p) => p.slug === 'renmin-manyi-de-shidai-dajuan')!.html;
    const before = html.indexOf('凭的是诚');
    const note = html.indexOf('class="editor-note"', before);
    const after = html.indexOf('<p id="p-', note);
    expect(htmlToText(html.slice(after, html.indexOf('</p>', after)))).toContain('亮评价分……');
    expect(before).toBeGreaterThan(0);
    expect(note).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(note);
  });
});
