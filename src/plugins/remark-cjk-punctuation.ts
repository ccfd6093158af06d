import type { Nodes, Root, Text } from 'mdast';
import { hasAsciiMark, PUNCTUATION_CONTEXT as CONTEXT, toFullwidthPunctuation } from '../lib/cjk-punctuation';

/**
 * Renders the ASCII punctuation of Chinese text full-width (，；：（）！？) while the Markdown
 * keeps the source's characters. Code is left alone. Each text node sees its neighbours'
 * characters, so a comma right after `**强调**` is judged by the Chinese before it.
 *
 * A plain walk rather than unist-util-visit: every article's every node passes through here, and
 * the visitor's per-node bookkeeping was most of this plugin's cost (BENCHMARKS.md, Build).
 */
export default function remarkCjkPunctuation() {
  return (tree: Root) => {
    walk(tree);
  };
}

/** Finds the blocks whose text is prose: paragraphs, headings and table cells. */
function walk(node: Nodes): void {
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
    punctuate(node);
    return;
  }
  if ('children' in node) for (const child of node.children) walk(child);
}

function punctuate(block: Nodes): void {
  // inlineCode and html are separate node types, so only prose text nodes are collected.
  const texts: Text[] = [];
  collectText(block, texts);
  let originals: string[] | undefined;
  for (let i = 0; i < texts.length; i++) {
    // Most text nodes have no ASCII mark: their neighbours' text is never looked at. A node's
    // value is still its own here; only the nodes before it have been changed.
    if (!hasAsciiMark(texts[i]!.value)) continue;
    originals ??= texts.map((t) => t.value);
    texts[i]!.value = toFullwidthPunctuation(originals[i]!, textBefore(originals, i), textAfter(originals, i));
  }
}

function collectText(node: Nodes, into: Text[]): void {
  if (node.type === 'text') into.push(node);
  else if ('children' in node) for (const child of node.children) collectText(child, into);
}

/** The text of the nodes before node `i`, or at least the last CONTEXT units of it. */
function textBefore(texts: string[], i: number): string {
  let s = '';
  for (let j = i - 1; j >= 0 && s.length < CONTEXT; j--) s = texts[j]! + s;
  return s;
}

/** The text of the nodes after node `i`, or at least the first CONTEXT units of it. */
function textAfter(texts: string[], i: number): string {
  let s = '';
  for (let j = i + 1; j < texts.length && s.length < CONTEXT; j++) s += texts[j]!;
  return s;
}
