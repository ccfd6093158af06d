import type { Root } from 'hast';
import { raw } from 'hast-util-raw';
import { sanitize, type Schema } from 'hast-util-sanitize';
import path from 'node:path';
import type { VFile } from 'vfile';
import { ARTICLE_HTML_SCHEMA, findHtmlViolations } from '../lib/html-policy';

export interface SafeHtmlOptions {
  /** The allow-list; the article policy unless a test passes another. */
  schema?: Schema;
  /** Where the warnings go; the build log unless a test collects them. */
  warn?: (message: string) => void;
}

/**
 * Enforces the archive's raw-HTML policy: parses the HTML an editor wrote in Markdown, then keeps
 * only what `ARTICLE_HTML_SCHEMA` allows, warning with the file and line of each removal.
 *
 * It must be the first rehype plugin. Astro parses raw HTML (rehype-raw) only after all of ours,
 * so this plugin parses it itself, and everything after it (editor notes, anchors) is generated
 * by our own code from an already safe tree. Stripping rather than failing is deliberate: see
 * "Raw HTML in articles" in the README.
 */
export default function rehypeSafeHtml(options: SafeHtmlOptions = {}) {
  const schema = options.schema ?? ARTICLE_HTML_SCHEMA;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  return (tree: Root, file: VFile): Root => {
    // Only raw HTML needs parsing; re-parsing a tree without any (most articles) through parse5
    // was a fifth of the Markdown pipeline's time (BENCHMARKS.md, Build, Changes).
    const parsed = hasRaw(tree) ? (raw(tree, { file }) as Root) : tree;
    const where = file.path ? path.relative(process.cwd(), file.path) : 'an article';
    for (const v of findHtmlViolations(parsed, schema)) {
      const at = v.line ? `:${v.line}${v.column ? `:${v.column}` : ''}` : '';
      warn(`[safe-html] ${where}${at}: removed ${v.what} (not allowed in an article's HTML; see "Raw HTML in articles" in the README)`);
    }
    const clean = sanitize(parsed, schema) as Root;
    unprefixTwice(clean, schema.clobberPrefix ?? '');
    return clean;
  };
}

/**
 * remark-rehype already prefixes footnote ids with `user-content-`, and the sanitizer prefixes
 * every id again; undo the second one so footnote links still reach their notes.
 */
function unprefixTwice(node: Root | Root['children'][number], prefix: string): void {
  if (!prefix) return;
  if (node.type === 'element') {
    const id = node.properties.id;
    if (typeof id === 'string' && id.startsWith(prefix + prefix)) node.properties.id = id.slice(prefix.length);
  }
  if ('children' in node) for (const child of node.children) unprefixTwice(child, prefix);
}

/** Whether the tree holds any raw HTML from the Markdown source (remark-rehype's `raw` nodes, not in hast's own types). */
function hasRaw(node: Root | Root['children'][number]): boolean {
  if ((node as { type: string }).type === 'raw') return true;
  return 'children' in node && node.children.some(hasRaw);
}
