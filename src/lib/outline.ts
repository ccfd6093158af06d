import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';

/** One sub-heading of an article and where its part of the text begins. */
export interface OutlineSection {
  /** The heading's anchor, `s-1` … */
  id: string;
  /** The heading's text as rendered. */
  title: string;
  /** The number of the first paragraph after the heading (paragraphs count from 1). */
  firstParagraph: number;
}

/** What rehype-anchors reports about an article's text (`remarkPluginFrontmatter.outline`). */
export interface Outline {
  /** How many top-level paragraphs (anchors `p-1` … `p-N`) the article has. */
  paragraphs: number;
  sections: OutlineSection[];
}

/** The number of a paragraph anchor: `p-12` → 12. */
export function paragraphNumber(anchor: string): number {
  return Number(anchor.replace(/^p-/, ''));
}

/** The part (sub-heading) of the article that paragraph `n` belongs to, if any. */
export function sectionOf(outline: Outline, n: number): OutlineSection | undefined {
  return outline.sections.findLast((s) => s.firstParagraph <= n);
}

/** One list of extensions for every call: micromark keeps the combination of a list it has seen. */
const GFM = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

/**
 * How many top-level paragraphs a Markdown body has, counted as rehype-anchors numbers them
 * (`p-1` … `p-N`): blockquotes (editorial notes), headings, lists and tables are not paragraphs.
 * The validator uses it to refuse an anchor past the end of the text before the build starts.
 */
export function countParagraphs(markdown: string): number {
  const tree = fromMarkdown(markdown, GFM);
  return tree.children.filter((node) => node.type === 'paragraph').length;
}
