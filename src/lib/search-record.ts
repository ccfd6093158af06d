/**
 * Reads a built page the way Pagefind's HTML indexer would: the text of the `data-pagefind-body`
 * element without `data-pagefind-ignore` parts, and its `data-pagefind-meta`, `-filter` and
 * `-sort` attributes. A small tag scanner rather than a DOM parser: it only ever reads pages
 * this site renders, and at 10,000 articles a full HTML parse would cost more than the indexing.
 */
import { decodeHTML } from 'entities';

export interface PageRecord {
  /** The body's text; block elements end with a line break so their words do not run together. */
  text: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'section', 'table', 'td', 'th', 'tr', 'ul']);
/** Inline elements that hold separate values (the meta line's kind, date, page): a space after each. */
const SPACED = new Set(['span', 'time']);
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g;
const ATTR = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
/** The attributes read: a tag without any of them needs no parsing. */
const NOTABLE = /data-pagefind-|hidden/i;

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) out.set(m[1]!.toLowerCase(), decodeHTML(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

/** `key` takes the element's text; `key:value` names the value (Pagefind's own syntax). */
interface Capture {
  kind: 'meta' | 'filter' | 'sort';
  key: string;
  depth: number;
  text: string;
}

/** The search record of a page, or undefined when the page has no `data-pagefind-body`. */
export function readPageRecord(html: string): PageRecord | undefined {
  const record: PageRecord = { text: '', meta: {}, filters: {}, sort: {} };
  const stack: string[] = [];
  let bodyDepth = -1;
  let ignoreDepth = -1;
  let skipDepth = -1;
  let sawBody = false;
  const captures: Capture[] = [];

  const finish = (c: Capture, value: string): void => {
    const v = value.replace(/\s+/gu, ' ').trim();
    if (!v) return;
    if (c.kind === 'meta') record.meta[c.key] = v;
    else if (c.kind === 'sort') record.sort[c.key] = v;
    else (record.filters[c.key] ??= []).push(v);
  };

  // Only the body is read: start at its tag, and stop once it is closed and no other follows.
  const bodyAt = html.indexOf('data-pagefind-body');
  if (bodyAt < 0) return undefined;
  TAG.lastIndex = html.lastIndexOf('<', bodyAt);
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const [, closing, rawName, attrSource, text] = m;
    if (text !== undefined) {
      if (bodyDepth < 0 || skipDepth >= 0) continue;
      const t = text.includes('&') ? decodeHTML(text) : text;
      for (const c of captures) c.text += t;
      if (ignoreDepth < 0) record.text += t;
      continue;
    }
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (closing) {
      const depth = stack.lastIndexOf(name);
      if (depth < 0) continue;
      stack.length = depth;
      if (bodyDepth >= 0 && ignoreDepth < 0) record.text += BLOCK.has(name) ? '\n' : SPACED.has(name) ? ' ' : '';
      for (let i = captures.length - 1; i >= 0; i--) {
        const c = captures[i]!;
        if (c.depth < depth) continue;
        captures.splice(i, 1);
        finish(c, c.text);
      }
      if (ignoreDepth >= depth) ignoreDepth = -1;
      if (skipDepth >= depth) skipDepth = -1;
      if (bodyDepth >= depth) {
        bodyDepth = -1;
        if (html.indexOf('data-pagefind-body', TAG.lastIndex) < 0) break;
      }
      continue;
    }
    // Only a few attributes matter; most tags have none of them, and are not parsed.
    const attrs = attrSource && NOTABLE.test(attrSource) ? attributes(attrSource) : NO_ATTRIBUTES;
    const depth = stack.length;
    if (BLOCK.has(name) && bodyDepth >= 0 && ignoreDepth < 0) record.text += '\n';
    const selfClosing = VOID.has(name) || (!!attrSource && attrSource.trimEnd().endsWith('/'));
    if (attrs.has('data-pagefind-body') && bodyDepth < 0) {
      bodyDepth = depth;
      sawBody = true;
    }
    if (bodyDepth >= 0) {
      if ((name === 'script' || name === 'style' || name === 'template') && skipDepth < 0) skipDepth = depth;
      // Hidden elements only carry filters and meta; Pagefind would index their text, we do not.
      if ((attrs.has('data-pagefind-ignore') || attrs.has('hidden')) && ignoreDepth < 0 && !selfClosing) ignoreDepth = depth;
      for (const kind of ['meta', 'filter', 'sort'] as const) {
        const spec = attrs.get(`data-pagefind-${kind}`);
        if (!spec) continue;
        for (const part of spec.split(',')) {
          const colon = part.indexOf(':');
          const key = (colon < 0 ? part : part.slice(0, colon)).trim();
          if (colon >= 0) finish({ kind, key, depth, text: '' }, part.slice(colon + 1));
          else if (selfClosing) finish({ kind, key, depth, text: '' }, attrs.get('content') ?? '');
          else captures.push({ kind, key, depth, text: '' });
        }
      }
    }
    if (!selfClosing) stack.push(name);
  }
  if (!sawBody) return undefined;
  record.text = record.text.replace(/[ \t]*\n\s*/gu, '\n').replace(/[ \t]+/gu, ' ').trim();
  return record;
}
