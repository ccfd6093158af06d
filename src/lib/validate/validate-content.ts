/**
 * The content validator: reads content/ (or CONTENT_ROOT) with its own YAML parser so that every
 * problem is reported at once, with its file, line, column and field, before Astro reads anything.
 * Pure Node: no astro:content, so `npm run check`, the build integration and the tests share it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { z } from 'astro/zod';
import { makeArticleSchema } from '../../schemas/article';
import { EditionSchema } from '../../schemas/edition';
import { PersonSchema } from '../../schemas/person';
import { plainRef } from '../../schemas/ref';
import { isRealDate } from '../../schemas/common';
import { articlePath, editionPath, pagePath, RESERVED_SLUGS } from '../paths';
import { toSlug } from '../slugs';
import { countParagraphs, paragraphNumber } from '../outline';
import { parseYamlSource, type YamlSource } from './yaml-source';
import { describeIssue, fieldName } from './zod-issues';
import { keysAt } from './schema-keys';
import { suggestClosest } from './suggest';
import { sortIssues, type ContentIssue } from './report';

export const ArticleSchema = makeArticleSchema(plainRef);
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ValidateOptions {
  /** The content folder: content/ or CONTENT_ROOT. */
  root: string;
  /** The public/ folder that photo `src` paths point into. */
  publicDir: string;
  /** File paths in the report are relative to this folder when inside it. */
  cwd?: string;
}

export interface ValidationResult {
  issues: ContentIssue[];
  /** How many files were read. */
  fileCount: number;
}

/** A file that parsed and fit its schema, kept for the checks across files. */
interface Parsed<T> {
  file: string;
  id: string;
  data: T;
  yaml: YamlSource;
}
type Article = z.output<typeof ArticleSchema>;
type Edition = z.output<typeof EditionSchema>;

/** Validates the whole content folder and returns every issue found, sorted by file and line. */
export function validateContent({ root, publicDir, cwd = process.cwd() }: ValidateOptions): ValidationResult {
  const issues: ContentIssue[] = [];
  const shown = (abs: string) => {
    const rel = path.relative(cwd, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  };
  const add = (abs: string, line: number, column: number, field: string, message: string) => issues.push({ file: shown(abs), line, column, field, message });

  if (!existsSync(root)) {
    add(root, 1, 1, '(file)', 'the content folder does not exist');
    return { issues, fileCount: 0 };
  }
  const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();

  const editions: Parsed<Edition>[] = [];
  const articles: (Parsed<Article> & { slug: string; folder: string; bodyLine: number; body: string })[] = [];
  const people = new Set<string>();
  // Addresses of every article file, valid or not, so that one broken file does not also make
  // every link to it look dead.
  const articleFilePaths = new Set<string>();

  for (const abs of files) {
    const rel = path.relative(root, abs).split(path.sep);
    const name = rel[rel.length - 1]!;
    if (name.startsWith('.')) continue; // .gitkeep, .DS_Store: not content
    const ext = path.extname(name);
    const base = name.slice(0, -ext.length || undefined);
    const where = placeOf(rel);
    if (!where) {
      add(abs, 1, 1, '(file)', `file outside the expected folders: content/ holds editions/YYYY-MM-DD.yaml, articles/YYYY-MM-DD/<slug>.md and people/<id>.yaml${/\.(md|markdown|mdx)$/i.test(name) ? '; move this article to articles/<edition date>/' : /\.(jpe?g|png|gif|webp|svg)$/i.test(name) ? '; images go under public/images/' : ''}`);
      continue;
    }
    const text = readUtf8(abs, add);
    if (text === undefined) continue;

    if (where === 'article') {
      articleFilePaths.add(articlePath(rel[1]!, base));
      const fm = splitFrontmatter(text);
      if (!fm) {
        add(abs, 1, 1, '(file)', 'expected the file to start with frontmatter: a line `---`, the fields, and another line `---`');
        continue;
      }
      const yaml = parseYamlSource(fm.yaml, 2);
      const data = checkYaml(abs, yaml, ArticleSchema, add);
      if (!data) continue;
      const slug = data.slug ?? base;
      if (!data.slug && !KEBAB.test(base)) {
        add(abs, 1, 1, 'slug', `the file name "${name}" is not an ASCII kebab-case slug (a–z, 0–9, hyphens); rename it, e.g. ${toSlug(base)}.md`);
        continue;
      }
      articles.push({ file: abs, id: `${data.edition.id}/${slug}`, data, yaml, slug, folder: rel[1]!, bodyLine: fm.bodyLine, body: fm.body });
    } else {
      const yaml = parseYamlSource(text, 1);
      if (where === 'edition') {
        if (!ISO_DAY.test(base) || !isRealDate(base)) add(abs, 1, 1, '(file)', `an edition file is named after its date, YYYY-MM-DD.yaml, e.g. 2022-09-01.yaml; "${name}" is not a real date`);
        const data = checkYaml(abs, yaml, EditionSchema, add);
        if (!data) continue;
        if (data.date !== base) add(abs, ...pos(yaml, ['date']), 'date', `${data.date} does not match the file name: ${name} must hold date ${base} (or rename the file to ${data.date}.yaml)`);
        editions.push({ file: abs, id: base, data, yaml });
      } else {
        if (!KEBAB.test(base)) add(abs, 1, 1, '(file)', `a person's file name is their id in ASCII kebab-case, e.g. ${toSlug(base)}.yaml`);
        if (checkYaml(abs, yaml, PersonSchema, add)) people.add(base);
      }
    }
  }

  // Checks across files: what each file names must exist, and every URL must have one owner.
  const editionById = new Map(editions.map((e) => [e.id, e]));
  const knownPaths = new Set<string>([...articles.map((a) => articlePath(a.data.edition.id, a.slug)), ...articleFilePaths]);
  for (const e of editions) {
    knownPaths.add(editionPath(e.id));
    for (const p of e.data.pages) knownPaths.add(pagePath(e.id, p.id));
  }
  const claimed = new Map<string, (typeof articles)[number]>();
  for (const a of articles) {
    const { data, yaml, file } = a;
    const date = data.edition.id;
    const permalink = articlePath(date, a.slug);
    const slugAt = slugPosition(a);
    const first = claimed.get(permalink);
    if (first) {
      add(file, ...slugAt, 'slug', `permalink ${permalink} is also claimed by ${shown(first.file)}; give one of them another slug`);
      add(first.file, ...slugPosition(first), 'slug', `permalink ${permalink} is also claimed by ${shown(file)}; give one of them another slug`);
    } else claimed.set(permalink, a);
    if ((RESERVED_SLUGS as readonly string[]).includes(a.slug)) add(file, ...slugAt, 'slug', `"${a.slug}" is reserved for the edition's page URLs; choose another slug`);
    if (a.folder !== date) add(file, ...pos(yaml, ['edition']), 'edition', `the article is in folder articles/${a.folder}/ but names edition ${date}; move it to articles/${date}/ or correct the edition`);

    const edition = editionById.get(date);
    if (!edition) {
      const hint = isRealDate(date) ? suggestClosest(date, [...editionById.keys()]) : undefined;
      add(file, ...pos(yaml, ['edition']), 'edition', isRealDate(date) ? `no edition ${date}: expected a file content/editions/${date}.yaml${hint ? ` (did you mean \`${hint}\`?)` : ''}` : `${date} is not a real date; expected the date of an edition, YYYY-MM-DD`);
    } else {
      const pageIds = edition.data.pages.map((p) => p.id);
      if (!pageIds.includes(data.page)) {
        const hint = suggestClosest(data.page, pageIds);
        add(file, ...pos(yaml, ['page']), 'page', `edition ${date} has no page "${data.page}"; its pages: ${pageIds.join(', ')}${hint ? ` (did you mean \`${hint}\`?)` : ''}`);
      }
      const later = datelineAfter(data.dateline, date);
      if (later) add(file, ...pos(yaml, ['dateline']), 'dateline', `the dateline says ${later}, after the edition's date ${date}; an article cannot be dated after the edition that printed it`);
    }
    const paragraphs = data.people.length ? countParagraphs(a.body) : 0;
    data.people.forEach((p, i) => {
      if (!people.has(p.person.id)) add(file, ...pos(yaml, ['people', i, 'person']), `people[${i}].person`, `no person "${p.person.id}": expected a file content/people/${p.person.id}.yaml${hintFrom(p.person.id, people)}`);
      if (paragraphNumber(p.paragraph) > paragraphs) add(file, ...pos(yaml, ['people', i, 'paragraph']), `people[${i}].paragraph`, `${p.paragraph} does not exist: the article's text has paragraphs p-1 to p-${paragraphs}`);
    });
    data.photos.forEach((p, i) => {
      if (p.src && !existsSync(path.join(publicDir, p.src))) add(file, ...pos(yaml, ['photos', i, 'src']), `photos[${i}].src`, `image file not found: expected ${shown(path.join(publicDir, p.src))}`);
    });
    for (const link of internalLinks(a.body, permalink)) {
      if (!knownPaths.has(link.target)) {
        add(file, a.bodyLine + link.line - 1, link.column, '(body)', `link to ${link.href} points nowhere: no edition, page or article has the address ${link.target}${hintFrom(link.target, knownPaths)}`);
      }
    }
  }
  return { issues: sortIssues(issues), fileCount: files.length };
}

/** Where an article's slug is written: its `slug` field, or else its file name (line 1). */
function slugPosition(a: { data: { slug?: string | undefined }; yaml: YamlSource }): [number, number] {
  return a.data.slug ? pos(a.yaml, ['slug']) : [1, 1];
}

function hintFrom(word: string, candidates: Iterable<string>): string {
  const hint = suggestClosest(word, [...candidates]);
  return hint ? ` (did you mean \`${hint}\`?)` : '';
}

function pos(yaml: YamlSource, p: PropertyKey[]): [number, number] {
  const { line, column } = yaml.positionOf(p);
  return [line, column];
}

/** Which kind of content a path inside content/ holds, or undefined when it belongs nowhere. */
function placeOf(rel: string[]): 'edition' | 'article' | 'person' | undefined {
  if (rel.length === 2 && rel[0] === 'editions' && rel[1]!.endsWith('.yaml')) return 'edition';
  if (rel.length === 2 && rel[0] === 'people' && rel[1]!.endsWith('.yaml')) return 'person';
  if (rel.length === 3 && rel[0] === 'articles' && rel[2]!.endsWith('.md')) return 'article';
  return undefined;
}

type Add = (abs: string, line: number, column: number, field: string, message: string) => void;

/** The file's text, or undefined after reporting that it is not UTF-8. A leading BOM is dropped. */
function readUtf8(abs: string, add: Add): string | undefined {
  const bytes = readFileSync(abs);
  // isUtf8 is a native scan, much faster than a fatal TextDecoder on 10,000 files.
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  const loose = new TextDecoder('utf-8').decode(bytes);
  const before = loose.slice(0, Math.max(loose.indexOf('\uFFFD'), 0)).split('\n');
  add(abs, before.length, before[before.length - 1]!.length + 1, '(file)', 'the file is not UTF-8 text (GBK or another encoding?); save it as UTF-8');
  return undefined;
}

/** Splits Markdown into its frontmatter and body, keeping the body's first line number. */
export function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const m = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return undefined;
  const yaml = m[1] ?? '';
  return { yaml, body: text.slice(m[0].length), bodyLine: m[0].split('\n').length + (m[0].endsWith('\n') ? 0 : 1) };
}

/** Parses `yaml` with `schema`, reporting syntax errors and every schema issue at its position. */
function checkYaml<S extends z.ZodType>(abs: string, yaml: YamlSource, schema: S, add: Add): z.output<S> | undefined {
  if (yaml.errors.length) {
    for (const e of yaml.errors) add(abs, e.line, e.column, '(yaml)', `YAML syntax: ${e.message}`);
    return undefined;
  }
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const { line, column } = yaml.positionOf([]);
    add(abs, line, column, '(file)', `expected the fields as a mapping (one \`field: value\` per line), got ${value == null ? 'nothing' : Array.isArray(value) ? 'a list' : 'a single value'}`);
    return undefined;
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  // One message per field: an empty headline fails both its own check and the article's refinement.
  const reported = new Set<string>();
  for (const issue of result.error.issues) {
    for (const d of describeIssue(issue, (p) => keysAt(schema, p))) {
      const field = fieldName(d.path);
      if (reported.has(field)) continue;
      reported.add(field);
      const { line, column } = yaml.positionOf(d.path, d.at);
      add(abs, line, column, field, d.message);
    }
  }
  return undefined;
}

/**
 * The date a dateline such as `新华社北京8月30日电` gives, when it is after the edition's date.
 * Datelines print no year: the edition's year is assumed, or the year before when that would put
 * the dateline more than half a year after the edition (a December dateline in a January edition).
 */
export function datelineAfter(dateline: string | undefined, edition: string): string | undefined {
  const m = dateline && /(\d{1,2})月(\d{1,2})日/.exec(dateline.normalize('NFKC'));
  if (!m) return undefined;
  const year = Number(edition.slice(0, 4));
  const iso = `${year}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  if (!isRealDate(iso)) return undefined;
  const days = (Date.parse(iso) - Date.parse(edition)) / 86_400_000;
  return days > 0 && days <= 183 ? `${Number(m[1])}月${Number(m[2])}日` : undefined;
}

/** Links in a Markdown body that point into the archive (`/YYYY/MM/DD/…`, or relative to the article). */
export function internalLinks(body: string, from: string): { href: string; target: string; line: number; column: number }[] {
  const out: { href: string; target: string; line: number; column: number }[] = [];
  const re = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|href\s*=\s*["']([^"']+)["']/g;
  for (const m of body.matchAll(re)) {
    const href = (m[1] ?? m[2])!;
    if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(href)) continue; // other sites, mail, in-page anchors
    let target: string;
    try {
      target = decodeURI(new URL(href, `http://archive.invalid${from}`).pathname);
    } catch {
      continue;
    }
    if (!/^\/\d{4}\/\d{2}\/\d{2}(\/|$)/.test(target)) continue; // search, tags …: not archive entries
    if (!target.endsWith('/')) target += '/';
    const before = body.slice(0, m.index + m[0].indexOf(href)).split('\n');
    out.push({ href, target, line: before.length, column: before[before.length - 1]!.length + 1 });
  }
  return out;
}
