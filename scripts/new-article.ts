/**
 * `npm run new`: scaffolds an article, an edition or a page with valid frontmatter in the right
 * folder. In a terminal it asks for what is missing; scripted, it takes flags:
 *
 *   npm run new -- --edition 2022-09-01 --page jingkaiqu --kind brief --headline 六安开发区家政技能培训开班 \
 *                  [--byline 汪婧] [--role 本报记者] [--source 本报讯] [--tags 妇联,就业] [--order 9] [--slug …]
 *   npm run new -- edition --date 2022-09-02 --page a01 [--page-name 要闻] [--page-number 1]
 *   npm run new -- page --edition 2022-09-01 --page a02 [--page-name …] [--page-number 2]
 *
 * The slug is the pinyin of the headline. An existing file is never overwritten.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import jsYaml from 'js-yaml';
import { parseDocument, stringify } from 'yaml';
import { contentRoot } from '../src/lib/content-root';
import { toSlug } from '../src/lib/slugs';
import { ARTICLE_KINDS, ARTICLE_SOURCES } from '../src/schemas/article';
import { BYLINE_ROLES } from '../src/schemas/byline';
import { formatIssue, validateContent } from '../src/lib/validate';
import { ArticleSchema, splitFrontmatter } from '../src/lib/validate/validate-content';
import { EditionSchema, PageSchema } from '../src/schemas/edition';

/** A refusal the editor can act on: printed without a stack trace. */
class Refusal extends Error {}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    edition: { type: 'string' },
    date: { type: 'string' },
    page: { type: 'string' },
    'page-name': { type: 'string' },
    'page-number': { type: 'string' },
    kind: { type: 'string' },
    headline: { type: 'string' },
    slug: { type: 'string' },
    order: { type: 'string' },
    byline: { type: 'string', multiple: true },
    role: { type: 'string' },
    source: { type: 'string' },
    tags: { type: 'string' },
    interactive: { type: 'boolean', default: false },
  },
});

const root = contentRoot();
const interactive = flags.interactive || process.stdin.isTTY === true;
const rl = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
// Answers read ahead of their question when stdin is a pipe (the test feeds them all at once).
const pending: string[] = [];
const waiting: ((line: string) => void)[] = [];
rl?.on('line', (line) => (waiting.length ? waiting.shift()!(line) : pending.push(line)));
rl?.on('close', () => waiting.splice(0).forEach((resolve) => resolve('')));

/** The flag's value, or the editor's answer when run in a terminal; refuses when neither is given. */
async function ask(flag: keyof typeof flags, question: string, { choices, fallback }: { choices?: readonly string[]; fallback?: string } = {}): Promise<string> {
  const given = flags[flag];
  if (typeof given === 'string' && given.trim()) return given.trim();
  if (!rl) {
    if (fallback !== undefined) return fallback;
    throw new Refusal(`缺少 --${flag} (missing --${flag}): ${question}${choices ? `; one of: ${choices.join(', ')}` : ''}`);
  }
  for (;;) {
    const hint = choices ? ` [${choices.join(' / ')}]` : fallback ? ` [${fallback}]` : '';
    process.stdout.write(`${question}${hint}: `);
    const answer = (pending.length ? pending.shift()! : await new Promise<string>((r) => waiting.push(r))).trim() || fallback || '';
    if (answer && (!choices || choices.includes(answer))) return answer;
    if (!answer && fallback === '') return '';
    console.log(choices ? `  请从以下选项中选择 (choose one of): ${choices.join(', ')}` : '  此项必填 (required)');
  }
}

function readYaml(file: string): Record<string, unknown> {
  return jsYaml.load(readFileSync(file, 'utf8'), { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
}

/** Writes a new file, refusing to replace one that exists. */
function create(file: string, text: string): void {
  if (existsSync(file)) throw new Refusal(`文件已存在，未覆盖 (already exists, not overwritten): ${path.relative(process.cwd(), file)}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { flag: 'wx' });
  console.log(`已创建 (created): ${path.relative(process.cwd(), file)}`);
}

/** Refuses data that does not fit its schema, listing each field. */
function assertValid(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, data: unknown) {
  const r = schema.safeParse(data);
  if (!r.success) throw new Refusal(r.error!.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('\n'));
}

async function pageFields() {
  const id = await ask('page', '版面 id，ASCII 小写与连字符 (page id, e.g. a01)');
  const name = await ask('page-name', '版名，原版未载则留空 (page name as printed, blank if not printed)', { fallback: '' });
  const number = await ask('page-number', '版次，原版未载则留空 (page number as printed, blank if not printed)', { fallback: '' });
  const page = { id, ...(number && { number: Number(number) }), ...(name && { name }) };
  assertValid(PageSchema, page);
  return page;
}

async function newEdition() {
  const date = await ask('date', '出版日期 (edition date, YYYY-MM-DD)');
  const edition = { date, pages: [await pageFields()] };
  assertValid(EditionSchema, edition);
  create(path.join(root, 'editions', `${date}.yaml`), `# 每一版按印刷顺序列在 pages 下；日期为推断值时写明 dateInferred。\n${stringify(edition)}`);
}

async function newPage() {
  const date = await ask('edition', '出版日期 (edition date, YYYY-MM-DD)');
  const file = path.join(root, 'editions', `${date}.yaml`);
  if (!existsSync(file)) throw new Refusal(`没有这一期 (no edition ${date}): expected ${path.relative(process.cwd(), file)}; create it with npm run new -- edition`);
  const page = await pageFields();
  // Edit the YAML document itself so the editor's comments and layout stay as they were.
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const pages = (doc.toJS() as { pages?: { id: string }[] }).pages ?? [];
  if (pages.some((p) => p.id === page.id)) throw new Refusal(`版面已存在，未覆盖 (page ${page.id} already exists in ${date})`);
  doc.addIn(['pages'], doc.createNode(page));
  writeFileSync(file, doc.toString());
  console.log(`已添加版面 (added page) ${page.id} to ${path.relative(process.cwd(), file)}`);
}

async function newArticle() {
  const date = await ask('edition', '出版日期 (edition date, YYYY-MM-DD)');
  const editionFile = path.join(root, 'editions', `${date}.yaml`);
  if (!existsSync(editionFile)) throw new Refusal(`没有这一期 (no edition ${date}): expected ${path.relative(process.cwd(), editionFile)}; create it first with npm run new -- edition --date ${date}`);
  const pageIds = ((readYaml(editionFile).pages ?? []) as { id: string }[]).map((p) => p.id);
  const page = await ask('page', '版面 (page)', { choices: pageIds });
  if (!pageIds.includes(page)) throw new Refusal(`第 ${date} 期没有版面 "${page}" (no page ${page}); its pages: ${pageIds.join(', ')}`);
  const kind = await ask('kind', '体裁 (kind)', { choices: ARTICLE_KINDS });
  const headline = await ask('headline', '标题，照原版录入 (headline as printed)');
  const names = flags.byline ?? [await ask('byline', '作者，原版未署名则留空 (byline as printed, blank if none)', { fallback: '' })].filter(Boolean);
  const role = names.length ? await ask('role', '作者身份，原版未印则留空 (role as printed, blank if none)', { fallback: '' }) : '';
  const source = await ask('source', '来源，原版未印则留空 (source line, blank if none)', { fallback: '' });
  const tags = (await ask('tags', '标签，用逗号分隔 (tags, comma-separated)', { fallback: '' })).split(/[,，、]/).map((t) => t.trim()).filter(Boolean);
  const folder = path.join(root, 'articles', date);
  const slug = flags.slug ?? clipSlug(toSlug(headline), 60);
  const order = Number(flags.order ?? nextOrder(folder, page));
  const data = {
    edition: date,
    page,
    order,
    kind,
    headline,
    ...(names.length && { bylines: names.map((name) => ({ name, ...(role && { role }) })) }),
    ...(source && { source }),
    ...(tags.length && { tags }),
  };
  if (role && !(BYLINE_ROLES as readonly string[]).includes(role)) throw new Refusal(`role: "${role}" is not one of: ${BYLINE_ROLES.join(', ')}`);
  if (source && !(ARTICLE_SOURCES as readonly string[]).includes(source)) throw new Refusal(`source: "${source}" is not one of: ${ARTICLE_SOURCES.join(', ')}`);
  assertValid(ArticleSchema, data);
  const file = path.join(folder, `${slug}.md`);
  create(file, `---\n${stringify(data)}---\n\n<!-- 在此录入正文，照原版逐字逐句，不补写、不改写。 -->\n`);
  const { issues } = validateContent({ root, publicDir: path.resolve('public') });
  const mine = issues.filter((i) => path.resolve(i.file) === file);
  if (mine.length) console.log(`请修正 (please fix):\n${mine.map(formatIssue).join('\n')}`);
}

/** A slug of at most `max` characters, cut between syllables. */
function clipSlug(slug: string, max: number): string {
  return slug.length <= max ? slug : slug.slice(0, slug.lastIndexOf('-', max) > 0 ? slug.lastIndexOf('-', max) : max);
}

/** One more than the highest `order` on the page, so the new article comes last. */
function nextOrder(folder: string, page: string): number {
  if (!existsSync(folder)) return 1;
  let max = 0;
  for (const name of readdirSync(folder)) {
    if (!name.endsWith('.md')) continue;
    const fm = splitFrontmatter(readFileSync(path.join(folder, name), 'utf8'));
    try {
      const data = fm && (jsYaml.load(fm.yaml, { schema: jsYaml.CORE_SCHEMA }) as { page?: string; order?: number });
      if (data?.page === page && typeof data.order === 'number') max = Math.max(max, data.order);
    } catch {
      // a broken file is npm run check's to report
    }
  }
  return max + 1;
}

try {
  const what = positionals[0] ?? 'article';
  if (what === 'article') await newArticle();
  else if (what === 'edition') await newEdition();
  else if (what === 'page') await newPage();
  else throw new Refusal(`unknown kind of file "${what}": expected article, edition or page`);
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  rl?.close();
}
