import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';

/** The label an editor writes at the start of a blockquote to make it an editorial note. */
const NOTE_LABEL = /^\s*编者注\s*[:：]\s*/;

/**
 * Turns a blockquote that starts with `编者注:` into a visible editorial note
 * (`<aside class="editor-note" role="note">`), so editors mark gaps or explanations in
 * plain Markdown and readers can tell the archive's words from the source's.
 */
export default function rehypeEditorNotes() {
  return (tree: Root) => {
    tree.children.forEach((node, index) => {
      if (node.type !== 'element' || node.tagName !== 'blockquote' || !NOTE_LABEL.test(toString(node))) return;
      const paragraphs = node.children.filter((c): c is Element => c.type === 'element');
      stripLabel(paragraphs[0]);
      const aside: Element = {
        type: 'element',
        tagName: 'aside',
        properties: { className: ['editor-note'], role: 'note' },
        children: [
          { type: 'element', tagName: 'strong', properties: { className: ['editor-note-label'] }, children: [{ type: 'text', value: '编者注' }] },
          ...paragraphs,
        ],
      };
      tree.children[index] = aside;
    });
  };
}

/** Removes the `编者注:` label from the first text of `el`, since the aside prints its own label. */
function stripLabel(el: Element | undefined): void {
  const first = el?.children[0];
  if (first?.type === 'text') first.value = first.value.replace(NOTE_LABEL, '');
}
