/**
 * Strict schemas, proved on temporary copies of the real content: each bad input alone makes
 * `npm run check` exit non-zero naming its file and field; all of them together make one
 * `npm run build` exit non-zero with a report naming every file and field (one build, not 22:
 * the machine is shared, and the build runs the very validator that check runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const A = 'articles/2022-09-01';
const BRIEF = `${A}/jiazheng-jineng-peixun-kaiban.md`;
const FEATURE = `${A}/dangjian-yinling-juheli.md`;
const PHOTO = `${A}/nongchang-laodong-kaixue-diyike.md`;

interface Case {
  name: string;
  /** The bad file, relative to the content root: a new file, so that all cases can share one copy. */
  file: string;
  field: string;
  /** Writes the bad file into the content copy at `root`. */
  apply(root: string): void;
}

/** Copies `from` to the case's own file, changing it with `from`/`to`. */
const variant = (source: string, file: string, pattern: RegExp, to: string) => (root: string) => {
  const text = readFileSync(path.join(root, source), 'utf8');
  if (!pattern.test(text)) throw new Error(`test setup: ${pattern} not found in ${source}`);
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text.replace(pattern, to));
};
/** A copy of the brief under its own slug, with one change. */
const brief = (slug: string, pattern: RegExp, to: string): Pick<Case, 'file' | 'apply'> => {
  const file = `${A}/${slug}.md`;
  return { file, apply: variant(BRIEF, file, pattern, to) };
};
const raw = (file: string, bytes: string | Buffer): Pick<Case, 'file' | 'apply'> => ({
  file,
  apply: (root) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), bytes);
  },
});

const CASES: Case[] = [
  { name: 'unknown kind', field: 'kind', ...brief('bad-kind', /^kind: brief$/m, 'kind: brif') },
  { name: 'unknown key', field: 'author', ...brief('bad-key', /^kind: brief$/m, 'kind: brief\nauthor: 汪婧') },
  { name: 'empty headline', field: 'headline', ...brief('bad-headline', /^headline: .*$/m, 'headline: ""') },
  { name: 'order as text', field: 'order', ...brief('bad-order-text', /^order: 6$/m, 'order: 六') },
  { name: 'order zero', field: 'order', ...brief('bad-order-zero', /^order: 6$/m, 'order: 0') },
  { name: 'article naming an edition date that does not exist', field: 'edition', ...brief('bad-edition-date', /^edition: 2022-09-01$/m, 'edition: 2022-02-30') },
  { name: 'page not in the edition', field: 'page', ...brief('bad-page', /^page: jingkaiqu$/m, 'page: yaowen') },
  { name: 'unknown byline role', field: 'bylines[1].role', file: `${A}/bad-role.md`, apply: variant(FEATURE, `${A}/bad-role.md`, /role: 本报记者/, 'role: 本报记着') },
  { name: 'unknown source', field: 'source', ...brief('bad-source', /^source: 本报讯$/m, 'source: 本报社') },
  { name: 'tags not a list', field: 'tags', ...brief('bad-tags', /^tags: .*$/m, 'tags: 妇联') },
  { name: 'slug not ASCII kebab-case', field: 'slug', ...brief('bad-slug', /^kind: brief$/m, 'kind: brief\nslug: Jia_Zheng') },
  { name: 'draft not a boolean', field: 'draft', ...brief('bad-draft', /^kind: brief$/m, 'kind: brief\ndraft: 是') },
  { name: 'photo without caption', field: 'photos[0].caption', file: `${A}/bad-photo.md`, apply: variant(PHOTO, `${A}/bad-photo.md`, /- caption: /, '- title: ') },
  { name: 'two files claiming one permalink', field: 'slug', ...brief('bad-permalink', /^kind: brief$/m, 'kind: brief\nslug: dangjian-yinling-juheli') },
  { name: 'dateline after the edition', field: 'dateline', ...brief('bad-dateline', /^kind: brief$/m, 'kind: brief\ndateline: 新华社北京9月8日电') },
  { name: 'person that does not exist', field: 'people[0].person', ...brief('bad-person', /^kind: brief$/m, 'kind: brief\npeople:\n  - person: wang-jing\n    paragraph: p-1') },
  { name: 'edition file dated a day that does not exist', field: 'date', ...raw('editions/2022-02-28.yaml', 'date: 2022-02-30\npages:\n  - id: a01\n') },
  { name: 'edition without pages', field: 'pages', ...raw('editions/2022-09-03.yaml', 'date: 2022-09-03\npages: []\n') },
  { name: 'unknown edition key', field: 'titel', ...raw('editions/2022-09-04.yaml', 'date: 2022-09-04\ntitel: 六安日报\npages:\n  - id: a01\n') },
  { name: 'frontmatter that is not a mapping', field: '(file)', ...raw(`${A}/bad-mapping.md`, '---\n- 六安\n---\n正文\n') },
  { name: 'not UTF-8', field: '(file)', ...raw(`${A}/bad-encoding.md`, Buffer.from('2d2d2d0a6865616c696e653a20d6d0cec40a2d2d2d0a', 'hex')) },
  { name: 'Markdown outside the expected folders', field: '(file)', file: 'drafts/jiazheng.md', apply: variant(BRIEF, 'drafts/jiazheng.md', /^/, '') },
];

function run(args: string[], root: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(args[0]!, args.slice(1), { env: { ...process.env, CONTENT_ROOT: root, GITHUB_ACTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
  });
}

let base: string;
/** Each case alone in its own copy, through npm run check. */
const checks = new Map<string, Awaited<ReturnType<typeof run>>>();
/** All cases together in one copy, through one npm run build: a build costs far more than a check. */
let build: Awaited<ReturnType<typeof run>> & { root: string };

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'content-refusal-'));
  const all = path.join(base, 'all');
  cpSync('content', all, { recursive: true });
  for (const [i, c] of CASES.entries()) {
    const root = path.join(base, String(i));
    cpSync('content', root, { recursive: true });
    c.apply(root);
    c.apply(all);
    checks.set(c.name, await run(['npm', 'run', '--silent', 'check'], root));
  }
  build = { ...(await run(['node_modules/.bin/astro', 'build', '--outDir', path.join(base, 'dist')], all)), root: all };
}, 600_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A report line `<file>:<line>:<column>  <field>  <message>`. */
const reportLine = (root: string, c: Case) => new RegExp(`^${escape(path.join(root, c.file))}:\\d+:\\d+  ${escape(c.field)}  \\S`, 'm');

describe('bad content is refused by npm run check and npm run build', () => {
  it(`has at least 15 distinct bad inputs (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: npm run check exits non-zero, naming the file and the field', (_name, c, i) => {
    const { status, out } = checks.get(c.name)!;
    expect(status, out).toBe(1);
    expect(out).toMatch(reportLine(path.join(base, String(i)), c));
    expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/); // a report, not a stack trace
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: npm run build reports the file and the field', (_name, c) => {
    expect(build.out).toMatch(reportLine(build.root, c));
  });

  it('npm run build exits non-zero with the report, no stack trace, and writes nothing', () => {
    expect(build.status, build.out.slice(-2000)).toBe(1);
    expect(build.out).toContain('内容检查未通过');
    expect(build.out).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(path.join(base, 'dist'))).toBe(false);
  });
});
