import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { toString } from 'hast-util-to-string';
import type { Outline, OutlineSection } from '../lib/outline';

/**
 * Gives the article's top-level paragraphs stable anchors (`p-1`, `p-2` …, in reading order)
 * and its sub-headings ASCII ids (`s-1` …) with a visible self-link, so that a citation, the
 * people directory or a shared link can point at the exact paragraph. Chinese heading text
 * never ends up in a URL fragment. The outline (paragraph count, which part each paragraph is
 * in) is reported to the page so the build can check paragraph references without re-parsing.
 */
export default function rehypeAnchors() {
  return (tree: Root, file: VFile) => {
    let paragraph = 0;
    const sections: OutlineSection[] = [];
    for (const node of tree.children) {
      if (node.type !== 'element') continue;
      if (node.tagName === 'p') {
        const id = `p-${++paragraph}`;
        node.properties = { ...node.properties, id };
      } else if (/^h[2-6]$/.test(node.tagName)) {
        const id = `s-${sections.length + 1}`;
        sections.push({ id, title: toString(node).trim(), firstParagraph: paragraph + 1 });
        node.properties = { ...node.properties, id };
        node.children.push(selfLink(id, '本节链接'));
      }
    }
    const astro = (file.data.astro ??= {});
    astro.frontmatter = { ...astro.frontmatter, outline: { paragraphs: paragraph, sections } satisfies Outline };
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
