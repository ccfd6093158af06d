/**
 * After following a search result (`?hl=专精特新&hl=…`), marks the terms in the article and
 * scrolls to the first. Runs only when the URL asks for it; the page is whole without it.
 * A term split across two elements (a link inside a sentence) is not marked.
 */
import { foldText, markTerms } from '../lib/search-text';

export function highlightTerms(root: Element, terms: string[]): HTMLElement | undefined {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  let first: HTMLElement | undefined;
  for (const node of nodes) {
    const chars = Array.from(node.data);
    const marked = markTerms(node.data, terms);
    if (!marked.includes(true)) continue;
    const parts: Node[] = [];
    for (let i = 0; i < chars.length; ) {
      let j = i;
      while (j < chars.length && marked[j] === marked[i]) j++;
      const text = chars.slice(i, j).join('');
      if (marked[i]) {
        const mark = document.createElement('mark');
        mark.className = 'search-hit';
        mark.textContent = text;
        first ??= mark;
        parts.push(mark);
      } else parts.push(document.createTextNode(text));
      i = j;
    }
    node.replaceWith(...parts);
  }
  return first;
}

/** Marks the URL's `hl` terms in the article (`.story`) and brings the first into view. */
export function highlightFromUrl(hl: string[]): void {
  const terms = [...new Set(hl.map(foldText).filter(Boolean))];
  const story = document.querySelector('.story');
  if (terms.length && story) highlightTerms(story, terms)?.scrollIntoView({ block: 'center' });
}
