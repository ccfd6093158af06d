/**
 * Strict schemas, proved on a temporary copy of the real content: each bad input must make both
 * `npm run check` and `npm run build` exit non-zero, naming the file and the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const A = 'articles/2022-09-01';
const FEATURE = `${A}/dangjian-yinling-juheli.md`;
const BRIEF = `${A}/jiazheng-jineng-peixun-kaiban.md`;
const PHOTO = `${A}/nongchang-laodong-kaixue-diyike.md`;
const EDITION = 'editions/2022-09-01.yaml';

interface Case {
  name: string;
  file: string;
  field: string;
  /** Changes the copy of the content in `root`. */
  apply(root: string): void;
}
const edit = (file: string, from: RegExp, to: string) => (root: string) => {
  const p = path.join(root, file);
  const text = readFileSync(p, 'utf8');
  if (!from.test(text)) throw new Error(`test setup: ${from} not found in ${file}`);
  writeFileSync(p, text.replace(from, to));
};

const CASES: Case[] = [
  { name: 'unknown kind', file: BRIEF, field: 'kind', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brif') },
  { name: 'unknown key', file: BRIEF, field: 'author', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brief\nauthor: 汪婧') },
  { name: 'empty headline', file: BRIEF, field: 'headline', apply: edit(BRIEF, /^headline: .*$/m, 'headline: ""') },
  { name: 'order as text', file: BRIEF, field: 'order', apply: edit(BRIEF, /^order: 6$/m, 'order: 六') },
  { name: 'order zero', file: BRIEF, field: 'order', apply: edit(BRIEF, /^order: 6$/m, 'order: 0') },
  { name: 'edition date that does not exist', file: BRIEF, field: 'edition', apply: edit(BRIEF, /^edition: 2022-09-01$/m, 'edition: 2022-02-30') },
  { name: 'page not in the edition', file: BRIEF, field: 'page', apply: edit(BRIEF, /^page: jingkaiqu$/m, 'page: yaowen') },
  { name: 'unknown byline role', file: FEATURE, field: 'bylines[1].role', apply: edit(FEATURE, /role: 本报记者/, 'role: 本报记着') },
  { name: 'unknown source', file: BRIEF, field: 'source', apply: edit(BRIEF, /^source: 本报讯$/m, 'source: 本报社') },
  { name: 'tags not a list', file: BRIEF, field: 'tags', apply: edit(BRIEF, /^tags: .*$/m, 'tags: 妇联') },
  { name: 'slug not ASCII kebab-case', file: BRIEF, field: 'slug', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brief\nslug: Jia_Zheng') },
  { name: 'draft not a boolean', file: BRIEF, field: 'draft', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brief\ndraft: 是') },
  { name: 'photo without caption', file: PHOTO, field: 'photos[0].caption', apply: edit(PHOTO, /- caption: /, '- title: ') },
  { name: 'two files claiming one permalink', file: BRIEF, field: 'slug', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brief\nslug: dangjian-yinling-juheli') },
  { name: 'dateline after the edition', file: BRIEF, field: 'dateline', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brief\ndateline: 新华社北京9月8日电') },
  { name: 'person that does not exist', file: BRIEF, field: 'people[0].person', apply: edit(BRIEF, /^kind: brief$/m, 'kind: brief\npeople:\n  - person: wang-jing\n    paragraph: p-1') },
  { name: 'edition date that does not exist', file: EDITION, field: 'date', apply: edit(EDITION, /^date: 2022-09-01$/m, 'date: 2022-02-30') },
  { name: 'edition without pages', file: EDITION, field: 'pages', apply: edit(EDITION, /^pages:\n(  .*\n)+/m, 'pages: []\n') },
  { name: 'unknown edition key', file: EDITION, field: 'titel', apply: edit(EDITION, /^date: 2022-09-01$/m, 'date: 2022-09-01\ntitel: 六安日报') },
  { name: 'frontmatter that is not a mapping', file: BRIEF, field: '(file)', apply: (root) => writeFileSync(path.join(root, BRIEF), '---\n- 六安\n---\n正文\n') },
  { name: 'not UTF-8', file: BRIEF, field: '(file)', apply: (root) => writeFileSync(path.join(root, BRIEF), Buffer.from('2d2d2d0a6865616c696e653a20d6d0cec40a2d2d2d0a', 'hex')) },
  {
    name: 'Markdown outside the expected folders',
    file: 'drafts/jiazheng.md',
    field: '(file)',
    apply: (root) => {
      mkdirSync(path.join(root, 'drafts'));
      cpSync(path.join(root, BRIEF), path.join(root, 'drafts/jiazheng.md'));
    },
  },
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

const results = new Map<string, { check: Awaited<ReturnType<typeof run>>; build: Awaited<ReturnType<typeof run>>; root: string }>();
let base: string;

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'content-refusal-'));
  const queue = [...CASES];
  // Two at a time: the machine has two cores.
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const root = path.join(base, String(CASES.indexOf(c)));
      cpSync('content', root, { recursive: true });
      c.apply(root);
      const check = await run(['npm', 'run', '--silent', 'check'], root);
      const build = await run(['node_modules/.bin/astro', 'build', '--outDir', path.join(root, '..', `dist-${CASES.indexOf(c)}`)], root);
      results.set(c.name, { check, build, root });
    }
  };
  await Promise.all([worker(), worker()]);
}, 600_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('bad content is refused by npm run check and npm run build', () => {
  it(`has at least 15 bad inputs (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(15));

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const line = (out: string, root: string) => {
      const escaped = `${path.join(root, c.file)}:`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp(`^${escaped}\\d+:\\d+  ${c.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  \\S`, 'm');
    };
    it.each(['check', 'build'] as const)(`npm run %s exits non-zero naming ${c.file} and ${c.field}`, (which) => {
      const r = results.get(name)!;
      const { status, out } = r[which];
      expect(status, out).not.toBe(0);
      expect(out).toMatch(line(out, r.root));
      expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/); // a report, not a stack trace
    });
  });

  it('writes nothing when the build is refused', () => {
    const { root } = results.get(CASES[0]!.name)!;
    expect(() => readFileSync(path.join(root, '..', 'dist-0', 'index.html'))).toThrow();
  });
});
