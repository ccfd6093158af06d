/**
 * Property: whatever happens to an article's frontmatter (keys dropped, types changed, Unicode
 * inserted, text truncated), validation ends in success or in clear errors that name the file,
 * never in a crash or a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import jsYaml from 'js-yaml';
import { formatReport, validateContent } from '~/lib/validate';

const SOURCE = 'content/articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md';
const RUNS = 400;
let root: string;
let target: string;
let valid: Record<string, unknown>;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'validate-property-'));
  cpSync('content', root, { recursive: true });
  target = path.join(root, 'articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md');
  const text = readFileSync(SOURCE, 'utf8');
  valid = jsYaml.load(text.split('---\n')[1]!, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom('2022-02-30', '2022-09-01', 'brif', '𠮷', '\u200b', 'ＡＢＣ１２３', '', ' '),
);

/** One change to the frontmatter object. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), key: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), key: fc.nat(), value: anyValue }),
  fc.record({ op: fc.constant('add' as const), key: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), value: anyValue }),
  fc.record({ op: fc.constant('unicode' as const), key: fc.nat(), text: fc.string({ unit: 'grapheme', minLength: 1 }) }),
);
/** A change to the file's text after serialisation. */
const textDamage = fc.option(
  fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.string({ unit: 'binary', maxLength: 6 }) }),
  ),
);

function mutate(data: Record<string, unknown>, changes: { op: string; key: number | string; value?: unknown; text?: string }[]) {
  const out: Record<string, unknown> = structuredClone(data);
  for (const c of changes) {
    const keys = Object.keys(out);
    const key = typeof c.key === 'number' ? keys[c.key % Math.max(keys.length, 1)] : c.key;
    if (key === undefined) continue;
    if (c.op === 'drop') delete out[key];
    else if (c.op === 'unicode') out[key] = typeof out[key] === 'string' ? `${out[key]}${c.text}` : c.text;
    else out[key] = c.value;
  }
  return out;
}

describe('validating randomly damaged frontmatter', () => {
  it(`ends in success or a clear error naming the file (${RUNS} cases)`, () => {
    let cases = 0;
    let failures = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), textDamage, (changes, damage) => {
        cases++;
        let yamlText = stringify(mutate(valid, changes));
        if (damage) {
          const at = Math.floor(damage.at * yamlText.length);
          yamlText = damage.op === 'truncate' ? yamlText.slice(0, at) : yamlText.slice(0, at) + damage.text + yamlText.slice(at);
        }
        writeFileSync(target, `---\n${yamlText}\n---\n\n正文。\n`);
        const { issues, fileCount } = validateContent({ root, publicDir: 'public' });
        const report = formatReport(issues, fileCount);
        if (issues.length === 0) return;
        failures++;
        expect(issues.some((i) => i.file === target)).toBe(true);
        for (const i of issues) {
          expect(i.line).toBeGreaterThanOrEqual(1);
          expect(i.column).toBeGreaterThanOrEqual(1);
          expect(i.field.length).toBeGreaterThan(0);
          expect(i.message.trim().length).toBeGreaterThan(0);
        }
        expect(report).not.toMatch(/\n\s+at .+:\d+:\d+|TypeError|ReferenceError|undefined is not/);
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    console.log(`property test: ${cases} cases of damaged frontmatter, ${failures} refused with clear errors, ${cases - failures} valid`);
    expect(cases).toBe(RUNS);
  }, 60_000);
});
