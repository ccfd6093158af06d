import type { Element, Root } from 'hast';

/**
 * Gives the article's top-level paragraphs stable anchors (`p-1`, `p-2` …, in reading order)
 * and its sub-headings ASCII ids (`s-1` …) with a visible self-link, so that a citation, the
 * people directory or a shared link can point at the exact paragraph. Chinese heading text
 * never ends up in a URL fragment.
 */
export default function rehypeAnchors() {
  return (tree: Root) => {
    let paragraph = 0;
    let section = 0;
    for (const node of tree.children) {
      if (node.type !== 'element') continue;
      if (node.tagName === 'p') {
        const id = `p-${++paragraph}`;
        node.properties = { ...node.properties, id };
      } else if (/^h[2-6]$/.test(node.tagName)) {
        const id = `s-${++section}`;
        node.properties = { ...node.properties, id };
        node.children.push(selfLink(id, '本节链接'));
      }
    }
  };
}

function selfLink(id: string, label: string): Element {
  return {
    type: 'element',
    tagName: 'a',
    properties: { href: `#${id}`, className: ['anchor'], ariaLabel: label, dataPagefindIgnore: '' },
    children: [{ type: 'text', value: '#' }],
  };
}
