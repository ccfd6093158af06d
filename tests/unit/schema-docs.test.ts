/**
 * The JSON Schemas under schemas/ and the field tables in docs/编辑指南.md are generated from the
 * zod schemas and their JSDoc; they must be regenerated (npm run docs:schemas) whenever a schema changes.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DOCUMENTS, GUIDE, SCHEMA_DIR, renderGuide, renderJsonSchema } from '../../scripts/support/schema-docs';

const STALE = 'out of date: run `npm run docs:schemas` and commit the result';

describe('generated editor files', () => {
  it.each(DOCUMENTS.map((d) => [d.name, d] as const))('%s.schema.json is up to date', (name, doc) => {
    expect(readFileSync(`${SCHEMA_DIR}/${name}.schema.json`, 'utf8'), `${SCHEMA_DIR}/${name}.schema.json is ${STALE}`).toBe(renderJsonSchema(doc));
  });

  it('the guide’s field tables are up to date', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    expect(guide, `the tables in ${GUIDE} are ${STALE}`).toBe(renderGuide(guide));
  });

  it('carries each field’s JSDoc line from src/schemas/ into the schema and the guide', () => {
    const article = JSON.parse(renderJsonSchema(DOCUMENTS[1])) as { properties: Record<string, { description?: string; items?: { properties: Record<string, { description?: string }> } }> };
    expect(article.properties.kind?.description).toMatch(/^What kind of item this is/);
    expect(article.properties.bylines?.items?.properties.role?.description).toMatch(/^The role printed before the name/);
    expect(readFileSync(GUIDE, 'utf8')).toContain('| `headline` | 文本 | 可选 | The headline (主题) as printed.');
  });

  it('wires the schemas to the YAML language server', () => {
    const settings = JSON.parse(readFileSync('.vscode/settings.json', 'utf8')) as { 'yaml.schemas': Record<string, string> };
    expect(settings['yaml.schemas']).toEqual({ './schemas/edition.schema.json': 'content/editions/*.yaml', './schemas/person.schema.json': 'content/people/*.yaml' });
  });
});
