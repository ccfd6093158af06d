import type { Root, Text } from 'mdast';
import { visit, SKIP } from 'unist-util-visit';
import { toFullwidthPunctuation } from '../lib/cjk-punctuation';

/**
 * Renders the ASCII punctuation of Chinese text full-width (，；：（）！？) while the Markdown
 * keeps the source's characters. Code is left alone. Each text node sees its neighbours'
 * characters, so a comma right after `**强调**` is judged by the Chinese before it.
 */
export default function remarkCjkPunctuation() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return;
      // inlineCode and html are separate node types, so only prose text nodes are collected.
      const texts: Text[] = [];
      visit(node, 'text', (t) => {
        texts.push(t);
      });
      const originals = texts.map((t) => t.value);
      texts.forEach((t, i) => {
        // Most text nodes have no ASCII mark: skip joining their neighbours' text for nothing.
        if (!/[,;:()!?]/.test(originals[i]!)) return;
        t.value = toFullwidthPunctuation(originals[i]!, originals.slice(0, i).join(''), originals.slice(i + 1).join(''));
      });
      return SKIP;
    });
  };
}
