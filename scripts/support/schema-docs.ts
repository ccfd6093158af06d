/**
 * The editors' reference, generated from the zod schemas so it cannot drift from them:
 * JSON Schemas for the YAML language server, and the field tables of docs/编辑指南.md.
 * Each field's description is its JSDoc line in src/schemas/, read with the TypeScript compiler API,
 * so the JSDoc stays the single source.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { z } from 'astro/zod';
import { EditionSchema } from '../../src/schemas/edition';
import { PersonSchema } from '../../src/schemas/person';
import { ArticleSchema } from '../../src/lib/validate/validate-content';

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  pattern?: string;
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  [key: string]: unknown;
};

/** The files editors write, each with its schema and where it lives. */
export const DOCUMENTS = [
  { name: 'edition', title: '一期 (edition)', schema: EditionSchema, glob: 'content/editions/*.yaml' },
  { name: 'article', title: '文章 (article)', schema: ArticleSchema, glob: 'content/articles/*/*.md' },
  { name: 'person', title: '人物 (person)', schema: PersonSchema, glob: 'content/people/*.yaml' },
] as const;

export const SCHEMA_DIR = 'schemas';
export const GUIDE = 'docs/编辑指南.md';

/** Every `z.object({ … })` literal in src/schemas/: its keys, each with its JSDoc text. */
function readObjectDocs(dir = 'src/schemas'): Map<string, string>[] {
  const objects: Map<string, string>[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'object') {
        const literal = node.arguments[0];
        if (literal && ts.isObjectLiteralExpression(literal)) {
          const docs = new Map<string, string>();
          for (const prop of literal.properties) {
            if (!ts.isPropertyAssignment(prop) || !prop.name) continue;
            const comment = (ts.getLeadingCommentRanges(text, prop.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end)).find((c) => c.startsWith('/**'));
            const doc = comment
              ?.replace(/^\/\*\*|\*\/$/g, '')
              .split('\n')
              .map((l) => l.replace(/^\s*\* ?/, '').trim())
              .filter(Boolean)
              .join(' ');
            docs.set(prop.name.getText(source), doc ?? '');
          }
          objects.push(docs);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return objects;
}

/** Adds each property's JSDoc as its description, matching JSON Schema objects to source objects by their keys. */
function describe(node: JsonSchema, objects: Map<string, string>[]): void {
  if (node.properties) {
    const keys = Object.keys(node.properties).sort().join(',');
    const docs = objects.find((o) => [...o.keys()].sort().join(',') === keys);
    for (const [key, child] of Object.entries(node.properties)) {
      const doc = docs?.get(key);
      if (doc) Object.assign(child, { description: doc.replace(/`/g, ''), markdownDescription: doc });
      describe(child, objects);
    }
  }
  if (node.items) describe(node.items, objects);
  node.anyOf?.forEach((n) => describe(n, objects));
}

/** The JSON Schema of one document, with descriptions, as committed under schemas/. */
export function renderJsonSchema(doc: (typeof DOCUMENTS)[number]): string {
  const json = z.toJSONSchema(doc.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  describe(json, readObjectDocs());
  const out = { $id: `${doc.name}.schema.json`, title: doc.title, ...json };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' / ');
  if (s.anyOf) return s.anyOf.map(typeOf).filter((t) => t !== '任意').join(' 或 ') || '任意';
  if (s.type === 'array') return `列表，每项：${s.items?.properties ? '见下表' : typeOf(s.items ?? {})}`;
  if (s.type === 'object') return '映射';
  const words: Record<string, string> = { string: '文本', integer: '整数', number: '数字', boolean: '`true` / `false`' };
  const base = words[s.type ?? ''] ?? '任意';
  return s.pattern ? `${base}（格式 \`${s.pattern}\`）` : base;
}

/** Markdown tables of a document's fields, the nested lists' fields after it. */
export function renderFieldTables(doc: (typeof DOCUMENTS)[number]): string {
  const json = JSON.parse(renderJsonSchema(doc)) as JsonSchema;
  const tables: string[] = [];
  const table = (title: string, node: JsonSchema) => {
    const rows = Object.entries(node.properties ?? {}).map(([key, s]) => {
      const required = node.required?.includes(key) ? '必填' : s.default !== undefined ? `可选，默认 \`${JSON.stringify(s.default)}\`` : '可选';
      return `| \`${key}\` | ${typeOf(s).replace(/\|/g, '\\|')} | ${required} | ${(s.markdownDescription ?? '').replace(/\|/g, '\\|')} |`;
    });
    tables.push(`**${title}**\n\n| 字段 | 类型 | 必填 | 说明 |\n| --- | --- | --- | --- |\n${rows.join('\n')}`);
    for (const [key, s] of Object.entries(node.properties ?? {})) {
      if (s.items?.properties) table(`\`${key}\` 的每一项`, s.items);
    }
  };
  table(doc.title, json);
  return tables.join('\n\n');
}

/** The guide with its generated tables brought up to date between their markers. */
export function renderGuide(guide: string): string {
  let out = guide;
  for (const doc of DOCUMENTS) {
    const start = `<!-- fields:${doc.name}:start (generated by npm run docs:schemas; do not edit) -->`;
    const end = `<!-- fields:${doc.name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${GUIDE}: the markers for the ${doc.name} table are missing: ${start} … ${end}`);
    out = `${out.slice(0, from + start.length)}\n\n${renderFieldTables(doc)}\n\n${out.slice(to)}`;
  }
  return out;
}
