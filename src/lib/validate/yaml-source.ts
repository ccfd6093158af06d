import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';

/** A parsed YAML text that can tell where each of its values was written. */
export interface YamlSource {
  doc: Document.Parsed;
  /** The plain value, as a YAML 1.2 parser reads it: an unquoted `2022-02-30` stays a string. */
  value: unknown;
  /** Line and column (from 1, in the whole file) of the value at `path`, or of its nearest written ancestor. */
  positionOf(path: readonly PropertyKey[], which?: 'key' | 'value'): { line: number; column: number };
  /** YAML syntax errors, located. */
  errors: { line: number; column: number; message: string }[];
}

/**
 * Parses YAML that starts at `firstLine` of its file (2 for Markdown frontmatter after `---`).
 * The `yaml` package keeps source ranges, which js-yaml (used by Astro) does not.
 */
export function parseYamlSource(text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + firstLine - 1, column: p.col };
  };
  const errors = doc.errors.map((e) => ({ ...at(e.pos[0]), message: e.message.split('\n')[0]! }));
  return {
    doc,
    value: errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }),
    errors,
    positionOf(path, which = 'value') {
      let node: unknown = doc.contents;
      let best = (node as Node | null)?.range?.[0] ?? 0;
      for (const key of path) {
        if (!isMap(node) && !(node && typeof node === 'object' && 'items' in node)) break;
        const collection = node as { items: unknown[] };
        let next: unknown;
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
          if (!pair) break;
          const keyNode = pair.key as Node;
          if (which === 'key' && key === path[path.length - 1]) return at(keyNode.range?.[0] ?? best);
          best = keyNode.range?.[0] ?? best;
          next = pair.value;
        } else {
          next = typeof key === 'number' ? collection.items[key] : undefined;
          if (next === undefined) break;
        }
        node = next;
        best = (node as Node | null)?.range?.[0] ?? best;
      }
      return at(best);
    },
  };
}
