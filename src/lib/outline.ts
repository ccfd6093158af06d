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
  const simple = simpleParagraphCount(markdown);
  if (simple !== undefined) return simple;
  const tree = fromMarkdown(markdown, GFM);
  return tree.children.filter((node) => node.type === 'paragraph').length;
}

/**
 * The paragraph count of Markdown made only of paragraphs, ATX headings (`## 小标题`) and blank
 * lines, read line by line without the parser; undefined for anything else, which the parser
 * counts. Every other block (quote, list, code, table, thematic break, setext underline, HTML,
 * definition) begins its line with white space, a digit or ASCII punctuation, which this refuses,
 * so a run of lines that begin otherwise is one paragraph, ended only by a blank line or a
 * heading. Most articles are such text: parsing them took 1.8 s of a 10,000-article build's
 * content check (BENCHMARKS.md, Build). Exported for the test that compares it with the parser.
 */
export function simpleParagraphCount(markdown: string): number | undefined {
  let count = 0;
  let inParagraph = false;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    if (BLANK.test(line)) {
      inParagraph = false;
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 0x23) {
      // `#` begins a heading only as 1–6 of them before a space, a tab or the end of the line.
      if (!ATX_HEADING.test(line)) return undefined;
      inParagraph = false;
      continue;
    }
    if (first < 0x80 && !ASCII_LETTER.test(line[0]!)) return undefined;
    if (!inParagraph) count++;
    inParagraph = true;
  }
  return count;
}

const BLANK = /^[ \t]*$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const ASCII_LETTER = /[A-Za-z]/;
