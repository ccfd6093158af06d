/**
 * The content validator: reads content/ (or CONTENT_ROOT) with its own YAML parser so that every
 * problem is reported at once, with its file, line, column and field, before Astro reads anything.
 * Pure Node: no astro:content, so `npm run check`, the build integration and the tests share it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { z } from 'astro/zod';
import { makeArticleSchema } from '../../schemas/article';
import { EditionSchema } from '../../schemas/edition';
import { PersonSchema } from '../../schemas/person';
import { plainRef } from '../../schemas/ref';
import { isRealDate } from '../../schemas/common';
import { filesUnder } from '../files';
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
  /**
   * The facts of files that passed their own checks in an earlier run of the same validator code,
   * by `factsKey`: a file whose key is found is not parsed again (the build keeps them between
   * builds, src/integrations/content-check.ts). The checks across files always run.
   */
  known?: ReadonlyMap<string, FileFacts>;
  /** A file's bytes by absolute path, when the caller has read them already (the build, for its key). */
  read?: (abs: string) => Buffer;
}

export interface ValidationResult {
  issues: ContentIssue[];
  /** How many files were read. */
  fileCount: number;
  /** The facts of every file that passed its own checks, by `factsKey`, when `known` was given. */
  facts?: Map<string, FileFacts>;
}

/**
 * What the checks across files need to know of a file that passed its own checks: plain data.
 * Positions are not kept: finding them means parsing the YAML a second, slower way
 * (`parseYamlSource`), so only a file with a problem across files is read again for them.
 */
export type FileFacts =
  | {
      kind: 'article';
      /** The edition's date, as the article names it. */
      date: string;
      slug: string;
      /** Whether the slug is the `slug` field's (or else the file name's). */
      slugField: boolean;
      page: string;
      /** The dateline's date when it is after the edition's (`datelineAfter`). */
      datelineLater?: string;
      /** Top-level paragraphs of the text, counted only when people are referenced by paragraph. */
      paragraphs: number;
      people: { id: string; paragraph: string }[];
      photos: { index: number; src: string }[];
      /** Links into the archive, at their line and column in the file. */
      links: { href: string; target: string; line: number; column: number }[];
    }
  | { kind: 'edition'; pages: string[] }
  | { kind: 'person' };

/** The key of a file's facts: its path in the content folder and its bytes. */
export function factsKey(rel: string, bytes: Uint8Array): string {
  return createHash('sha1').update(rel).update('\0').update(bytes).digest('base64url');
}

/** Validates the whole content folder and returns every issue found, sorted by file and line. */
export function validateContent({ root, publicDir, cwd = process.cwd(), known, read = (abs) => readFileSync(abs) }: ValidateOptions): ValidationResult {
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
  const files = filesUnder(root).map((rel) => path.join(root, rel));

  const facts = known ? new Map<string, FileFacts>() : undefined;
  const editions = new Map<string, string[]>();
  const articles: (Extract<FileFacts, { kind: 'article' }> & { file: string; folder: string })[] = [];
  const people = new Set<string>();
  // Addresses of every article file, valid or not, so that one broken file does not also make
  // every link to it look dead.
  const articleFilePaths = new Set<string>();

  for (const abs of files) {
    const relPath = path.relative(root, abs).split(path.sep);
    const name = relPath[relPath.length - 1]!;
    if (name.startsWith('.')) continue; // .gitkeep, .DS_Store: not content
    const ext = path.extname(name);
    const base = name.slice(0, -ext.length || undefined);
    const where = placeOf(relPath);
    if (!where) {
      add(abs, 1, 1, '(file)', `file outside the expected folders: content/ holds editions/YYYY-MM-DD.yaml, articles/YYYY-MM-DD/<slug>.md and people/<id>.yaml${/\.(md|markdown|mdx)$/i.test(name) ? '; move this article to articles/<edition date>/' : /\.(jpe?g|png|gif|webp|svg)$/i.test(name) ? '; images go under public/images/' : ''}`);
      continue;
    }
    if (where === 'article') articleFilePaths.add(articlePath(relPath[1]!, base));
    const bytes = read(abs);
    const key = facts && factsKey(relPath.join('/'), bytes);
    let found = key === undefined ? undefined : known!.get(key);
    let clean = true;
    if (!found) {
      const before = issues.length;
      found = checkFile(abs, where, base, bytes, add);
      clean = issues.length === before;
    }
    if (!found) continue;
    // A file with issues of its own is not remembered, so that they are reported again next time.
    if (key !== undefined && clean) facts!.set(key, found);
    if (found.kind === 'article') articles.push({ ...found, file: abs, folder: relPath[1]! });
    else if (found.kind === 'edition') editions.set(base, found.pages);
    else people.add(base);
  }

  // Checks across files: what each file names must exist, and every URL must have one owner.
  const knownPaths = new Set<string>([...articles.map((a) => articlePath(a.date, a.slug)), ...articleFilePaths]);
  for (const [id, pages] of editions) {
    knownPaths.add(editionPath(id));
    for (const p of pages) knownPaths.add(pagePath(id, p));
  }
  // Where a field of an article is written, for the few with a problem across files.
  const sources = new Map<string, YamlSource>();
  const at = (a: (typeof articles)[number], field: PropertyKey[]): [number, number] => {
    if (field[0] === 'slug' && !a.slugField) return [1, 1];
    let yaml = sources.get(a.file);
    // The file passed its own checks: it reads as UTF-8 and has frontmatter, as then.
    if (!yaml) sources.set(a.file, (yaml = parseYamlSource(splitFrontmatter(readUtf8(a.file, read(a.file), add)!)!.yaml, 2)));
    return pos(yaml, field);
  };
  const claimed = new Map<string, (typeof articles)[number]>();
  for (const a of articles) {
    const { file, date } = a;
    const permalink = articlePath(date, a.slug);
    const first = claimed.get(permalink);
    if (first) {
      add(file, ...at(a, ['slug']), 'slug', `permalink ${permalink} is also claimed by ${shown(first.file)}; give one of them another slug`);
      add(first.file, ...at(first, ['slug']), 'slug', `permalink ${permalink} is also claimed by ${shown(file)}; give one of them another slug`);
    } else claimed.set(permalink, a);
    if ((RESERVED_SLUGS as readonly string[]).includes(a.slug)) add(file, ...at(a, ['slug']), 'slug', `"${a.slug}" is reserved for the edition's page URLs; choose another slug`);
    if (a.folder !== date) add(file, ...at(a, ['edition']), 'edition', `the article is in folder articles/${a.folder}/ but names edition ${date}; move it to articles/${date}/ or correct the edition`);

    const pageIds = editions.get(date);
    if (!pageIds) {
      const hint = isRealDate(date) ? suggestClosest(date, [...editions.keys()]) : undefined;
      add(file, ...at(a, ['edition']), 'edition', isRealDate(date) ? `no edition ${date}: expected a file content/editions/${date}.yaml${hint ? ` (did you mean \`${hint}\`?)` : ''}` : `${date} is not a real date; expected the date of an edition, YYYY-MM-DD`);
    } else {
      if (!pageIds.includes(a.page)) {
        const hint = suggestClosest(a.page, pageIds);
        add(file, ...at(a, ['page']), 'page', `edition ${date} has no page "${a.page}"; its pages: ${pageIds.join(', ')}${hint ? ` (did you mean \`${hint}\`?)` : ''}`);
      }
      if (a.datelineLater) add(file, ...at(a, ['dateline']), 'dateline', `the dateline says ${a.datelineLater}, after the edition's date ${date}; an article cannot be dated after the edition that printed it`);
    }
    a.people.forEach((p, i) => {
      if (!people.has(p.id)) add(file, ...at(a, ['people', i, 'person']), `people[${i}].person`, `no person "${p.id}": expected a file content/people/${p.id}.yaml${hintFrom(p.id, people)}`);
      if (paragraphNumber(p.paragraph) > a.paragraphs) add(file, ...at(a, ['people', i, 'paragraph']), `people[${i}].paragraph`, `${p.paragraph} does not exist: the article's text has paragraphs p-1 to p-${a.paragraphs}`);
    });
    a.photos.forEach((p) => {
      if (!existsSync(path.join(publicDir, p.src))) add(file, ...at(a, ['photos', p.index, 'src']), `photos[${p.index}].src`, `image file not found: expected ${shown(path.join(publicDir, p.src))}`);
    });
    for (const link of a.links) {
      if (!knownPaths.has(link.target)) {
        add(file, link.line, link.column, '(body)', `link to ${link.href} points nowhere: no edition, page or article has the address ${link.target}${hintFrom(link.target, knownPaths)}`);
      }
    }
  }
  return { issues: sortIssues(issues), fileCount: files.length, ...(facts ? { facts } : {}) };
}

/**
 * A file's own checks: it is UTF-8, parses, fits its schema, and is named as its kind must be.
 * Returns what the checks across files need, or undefined when the file cannot be used at all.
 */
function checkFile(abs: string, where: 'edition' | 'article' | 'person', base: string, bytes: Buffer, add: Add): FileFacts | undefined {
  const name = path.basename(abs);
  const text = readUtf8(abs, bytes, add);
  if (text === undefined) return undefined;
  if (where === 'article') {
    const fm = splitFrontmatter(text);
    if (!fm) {
      add(abs, 1, 1, '(file)', 'expected the file to start with frontmatter: a line `---`, the fields, and another line `---`');
      return undefined;
    }
    const yaml = parseYamlSource(fm.yaml, 2);
    const data = checkYaml(abs, yaml, ArticleSchema, add);
    if (!data) return undefined;
    const slug = data.slug ?? base;
    if (!data.slug && !KEBAB.test(base)) {
      add(abs, 1, 1, 'slug', `the file name "${name}" is not an ASCII kebab-case slug (a–z, 0–9, hyphens); rename it, e.g. ${toSlug(base)}.md`);
      return undefined;
    }
    const date = data.edition.id;
    const later = datelineAfter(data.dateline, date);
    return {
      kind: 'article',
      date,
      slug,
      slugField: !!data.slug,
      page: data.page,
      ...(later ? { datelineLater: later } : {}),
      paragraphs: data.people.length ? countParagraphs(fm.body) : 0,
      people: data.people.map((p) => ({ id: p.person.id, paragraph: p.paragraph })),
      photos: data.photos.flatMap((p, i) => (p.src ? [{ index: i, src: p.src }] : [])),
      links: internalLinks(fm.body, articlePath(date, slug)).map((l) => ({ ...l, line: fm.bodyLine + l.line - 1 })),
    };
  }
  const yaml = parseYamlSource(text, 1);
  if (where === 'edition') {
    if (!ISO_DAY.test(base) || !isRealDate(base)) add(abs, 1, 1, '(file)', `an edition file is named after its date, YYYY-MM-DD.yaml, e.g. 2022-09-01.yaml; "${name}" is not a real date`);
    const data = checkYaml(abs, yaml, EditionSchema, add);
    if (!data) return undefined;
    if (data.date !== base) add(abs, ...pos(yaml, ['date']), 'date', `${data.date} does not match the file name: ${name} must hold date ${base} (or rename the file to ${data.date}.yaml)`);
    return { kind: 'edition', pages: data.pages.map((p) => p.id) };
  }
  if (!KEBAB.test(base)) add(abs, 1, 1, '(file)', `a person's file name is their id in ASCII kebab-case, e.g. ${toSlug(base)}.yaml`);
  return checkYaml(abs, yaml, PersonSchema, add) ? { kind: 'person' } : undefined;
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
function readUtf8(abs: string, bytes: Buffer, add: Add): string | undefined {
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
