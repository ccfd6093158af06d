import type { Element, Nodes, Properties } from 'hast';
import type { Schema } from 'hast-util-sanitize';

/** A scheme no URL has: as the only allowed one, it allows relative URLs alone. */
const NO_SCHEME = 'relative-urls-only';

/** ARIA attributes that GFM footnotes and accessible tables use. */
const ARIA = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy'];

/**
 * What an article's Markdown may contain as HTML, after Markdown itself has become HTML:
 * what a printed page needs (figures, tables, sup/sub, ruby for pronunciation, emphasis) and
 * nothing that runs code, loads other sites' content or restyles the page. Everything else is
 * removed. Our own elements (editor notes, paragraph and section anchors) are added by plugins
 * that run after this policy, so they need no entry here.
 */
export const ARTICLE_HTML_SCHEMA: Schema = {
  tagNames: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'div', 'span', 'section',
    'a', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'q', 'cite',
    'abbr', 'time', 'code', 'pre', 'kbd', 'ruby', 'rt', 'rp',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'figure', 'figcaption', 'img',
    'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  ],
  attributes: {
    // `id` is prefixed (clobber) so raw HTML cannot shadow the page's own ids or globals.
    '*': ['title', 'lang', 'dir', 'id'],
    // The data and class attributes are those remark-rehype writes for GFM footnotes.
    a: [...ARIA, 'href', 'dataFootnoteRef', 'dataFootnoteBackref', ['className', 'data-footnote-backref']],
    img: ['src', 'alt', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    time: ['dateTime'],
    ol: ['start', 'reversed'],
    table: [...ARIA],
    col: ['span'],
    colgroup: ['span'],
    th: ['colSpan', 'rowSpan', 'scope', 'headers', 'align'],
    td: ['colSpan', 'rowSpan', 'headers', 'align'],
    code: [['className', /^language-./]],
    h2: [['className', 'sr-only']],
    section: ['dataFootnotes', ['className', 'footnotes']],
  },
  ancestors: { tbody: ['table'], thead: ['table'], tfoot: ['table'], tr: ['table'], th: ['table'], td: ['table'], caption: ['table'], col: ['table'], colgroup: ['table'] },
  clobber: ['id', 'ariaDescribedBy', 'ariaLabelledBy'],
  clobberPrefix: 'user-content-',
  // Relative URLs (no scheme) always pass; of schemes, only these. `javascript:`, `data:`,
  // `vbscript:` and every spelling of them (case, entities, whitespace) fail the allow-list.
  // Images must be the archive's own files (the CSP allows no other), so `src` allows no
  // scheme at all; an empty list would mean "any" to the sanitizer, hence a name no URL has.
  protocols: { href: ['http', 'https', 'mailto'], src: [NO_SCHEME], cite: ['http', 'https'] },
  // Removed with their content: what they hold is code, or text no reader should see as prose.
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'textarea', 'select', 'title', 'xmp', 'noembed', 'noframes', 'plaintext'],
  required: {},
};

/** One thing the policy removes, with where it was written. */
export interface HtmlViolation {
  /** What was removed, as an editor would recognise it: `<script>`, `onerror=` on <img>, … */
  what: string;
  /** 1-based line and column in the source file, when known. */
  line?: number;
  column?: number;
}

/**
 * Lists what `schema` would remove from `tree` (elements, attributes, unsafe URLs), so the
 * build can say so. The sanitizer itself does the removing; this only reports.
 */
export function findHtmlViolations(tree: Nodes, schema: Schema = ARTICLE_HTML_SCHEMA): HtmlViolation[] {
  const out: HtmlViolation[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'element') {
      const at = { line: node.position?.start.line, column: node.position?.start.column };
      if (!schema.tagNames?.includes(node.tagName)) {
        out.push({ what: `<${node.tagName}>`, ...at });
        if (schema.strip?.includes(node.tagName)) return;
      } else {
        for (const [key, value] of Object.entries(node.properties as Properties)) {
          const problem = attributeProblem(schema, node, key, value);
          if (problem) out.push({ what: `${problem} on <${node.tagName}>`, ...at });
        }
      }
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return out;
}

/** Why `key` on `el` is removed (its HTML spelling), or undefined when it stays. */
function attributeProblem(schema: Schema, el: Element, key: string, value: unknown): string | undefined {
  const allowed = [...(schema.attributes?.[el.tagName] ?? []), ...(schema.attributes?.['*'] ?? [])];
  const name = htmlName(key);
  if (!allowed.some((a) => (typeof a === 'string' ? a : a[0]) === key)) return `${name}=`;
  const protocols = schema.protocols?.[key];
  if (protocols && (Array.isArray(value) ? value : [value]).some((v) => !safeUrl(String(v), protocols))) {
    return `${name}="${String(value).slice(0, 40)}"`;
  }
  return undefined;
}

/** hast property name → HTML attribute name (`onError` → `onerror`, `dataFoo` → `data-foo`). */
function htmlName(key: string): string {
  return key.startsWith('data') ? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : key.toLowerCase();
}

/** Same rule as hast-util-sanitize: no scheme before the first `/`, `?` or `#`, or an allowed one. */
function safeUrl(url: string, protocols: readonly string[]): boolean {
  const colon = url.indexOf(':');
  if (colon < 0) return true;
  const firstOther = [url.indexOf('/'), url.indexOf('?'), url.indexOf('#')].filter((i) => i >= 0);
  if (firstOther.some((i) => colon > i)) return true;
  return protocols.includes(url.slice(0, colon));
}
