/**
 * `npm run docs:schemas`: regenerates schemas/*.schema.json (for the YAML language server) and the
 * field tables in docs/编辑指南.md from the zod schemas and their JSDoc. Run it after changing a schema;
 * tests/unit/schema-docs.test.ts fails until the committed files match.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENTS, GUIDE, SCHEMA_DIR, renderGuide, renderJsonSchema } from './support/schema-docs';

mkdirSync(SCHEMA_DIR, { recursive: true });
for (const doc of DOCUMENTS) {
  const file = path.join(SCHEMA_DIR, `${doc.name}.schema.json`);
  writeFileSync(file, renderJsonSchema(doc));
  console.log(`wrote ${file}`);
}
writeFileSync(GUIDE, renderGuide(readFileSync(GUIDE, 'utf8')));
console.log(`updated the field tables in ${GUIDE}`);
