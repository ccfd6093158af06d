import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { generateArchive, loadVocabulary, type GeneratedArchive } from '../../scripts/bench/generate-archive';
import { makeArticleSchema } from '~/schemas/article';
import { EditionSchema } from '~/schemas/edition';
import { PersonSchema } from '~/schemas/person';
import { plainRef } from '~/schemas/ref';

const ArticleSchema = makeArticleSchema(plainRef);
// Generous timeouts: generating is quick alone, but this machine is shared and can be 10× slower under load.
const SLOW = 120_000;
let tmp: string;
let archive: GeneratedArchive;

/** The frontmatter and body of a Markdown file, parsed as Astro's glob loader does (js-yaml). */
function readMarkdown(file: string): { data: unknown; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fs.readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file}: no frontmatter`);
  return { data: yaml.load(m[1]!), body: m[2]! };
}

/** A digest of every file under `dir`, to compare two generated archives byte for byte. */
function digest(dir: string): string {
  const hash = crypto.createHash('sha256');
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) hash.update(f).update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-archive-test-'));
  archive = generateArchive({ articles: 150, outDir: path.join(tmp, 'a'), seed: 7 });
}, SLOW);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('generateArchive', () => {
  it('writes the requested number of articles, in editions spread over several years', () => {
    const articles = fs.readdirSync(path.join(archive.root, 'articles'), { recursive: true }) as string[];
    expect(articles.filter((f) => f.endsWith('.md'))).toHaveLength(150);
    const editions = fs.readdirSync(path.join(archive.root, 'editions')).sort();
    expect(editions).toHaveLength(archive.editions);
    const years = Number(editions.at(-1)!.slice(0, 4)) - Number(editions[0]!.slice(0, 4));
    expect(years).toBeGreaterThanOrEqual(2);
  });

  it('writes frontmatter that our schemas accept, with references that resolve', () => {
    const editions = new Map<string, { pages: { id: string }[] }>();
    for (const f of fs.readdirSync(path.join(archive.root, 'editions'))) {
      const data = EditionSchema.parse(yaml.load(fs.readFileSync(path.join(archive.root, 'editions', f), 'utf8')));
      expect(`${data.date}.yaml`).toBe(f);
      expect(data.pages.length).toBeGreaterThanOrEqual(1);
      editions.set(data.date, data);
    }
    const people = new Set(fs.readdirSync(path.join(archive.root, 'people')).map((f) => f.replace(/\.yaml$/, '')));
    for (const id of people) PersonSchema.parse(yaml.load(fs.readFileSync(path.join(archive.root, 'people', `${id}.yaml`), 'utf8')));

    const kinds = new Set<string>();
    for (const file of archive.articlePaths) {
      const a = ArticleSchema.parse(readMarkdown(path.join(archive.root, file)).data);
      const edition = editions.get(a.edition.id);
      expect(edition, file).toBeDefined();
      expect(edition!.pages.map((p) => p.id)).toContain(a.page);
      expect(file.startsWith(`articles/${a.edition.id}/`)).toBe(true);
      for (const p of a.people) expect(people.has(p.person.id)).toBe(true);
      kinds.add(a.kind);
    }
    expect(kinds.size).toBeGreaterThanOrEqual(6);
  }, SLOW);

  it('writes 800 to 2,500 characters of body per article, with headings, bylines and captions somewhere', () => {
    let headings = 0;
    let captions = 0;
    for (const file of archive.articlePaths) {
      const { data, body } = readMarkdown(path.join(archive.root, file));
      const text = body.replace(/^## .*$/gm, '').replace(/^> .*$/gm, '').replace(/\s/g, '');
      expect(text.length, file).toBeGreaterThanOrEqual(800);
      expect(text.length, file).toBeLessThanOrEqual(2500 + 400); // the last paragraph may run past the target
      headings += (body.match(/^## /gm) ?? []).length;
      const a = ArticleSchema.parse(data);
      expect(a.bylines.length).toBeGreaterThanOrEqual(1);
      captions += a.photos.length;
    }
    expect(headings).toBeGreaterThan(0);
    expect(captions).toBeGreaterThan(0);
  }, SLOW);

  it('is deterministic: the same seed gives the same bytes, another seed different ones', () => {
    const again = generateArchive({ articles: 150, outDir: path.join(tmp, 'b'), seed: 7 });
    expect(digest(again.root)).toBe(digest(archive.root));
    const other = generateArchive({ articles: 150, outDir: path.join(tmp, 'c'), seed: 8 });
    expect(digest(other.root)).not.toBe(digest(archive.root));
  }, SLOW);

  it('draws words with Zipf’s law from the frequency ranking: the top word is about ten times as common as the tenth', () => {
    const { words } = loadVocabulary();
    const text = archive.articlePaths
      .map((f) => readMarkdown(path.join(archive.root, f)).body)
      .join('');
    // Single-character top words such as 的 also occur inside other words; count the ranks' own characters.
    const count = (w: string) => text.split(w).length - 1;
    const ratio = count(words[0]!) / count(words[9]!);
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(25);
    expect(new Set(text).size).toBeGreaterThan(2_500); // a real vocabulary, not a few repeated sentences
  }, SLOW);

  it('draws bylines from a fixed roster with Zipf’s law: names sign again and again, each with one role', () => {
    const counts = new Map<string, number>();
    const roles = new Map<string, Set<string>>();
    let credits = 0;
    for (const file of archive.articlePaths) {
      for (const b of ArticleSchema.parse(readMarkdown(path.join(archive.root, file)).data).bylines) {
        credits++;
        counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
        if (b.role) (roles.get(b.name) ?? roles.set(b.name, new Set()).get(b.name)!).add(b.role);
      }
    }
    const sorted = [...counts.values()].sort((x, y) => y - x);
    // 150 articles, about 300 credits: well under one name per credit, and the rosters hold 370 names.
    expect(counts.size).toBeLessThan(credits / 2);
    expect(counts.size).toBeLessThanOrEqual(370);
    // The most prolific signs many times as often as the typical name.
    expect(sorted[0]!).toBeGreaterThanOrEqual(10 * sorted[Math.floor(sorted.length / 2)]!);
    for (const [name, r] of roles) expect(r.size, name).toBe(1);
  }, SLOW);

  it('generated again over its own archive, rewrites only what differs; with other options, starts afresh', () => {
    const again = generateArchive({ articles: 150, outDir: path.join(tmp, 'again'), seed: 7 });
    const edited = path.join(again.root, again.articlePaths[3]!);
    const untouched = path.join(again.root, again.articlePaths[4]!);
    const original = fs.readFileSync(edited, 'utf8');
    fs.appendFileSync(edited, '\n一段修改。\n');
    fs.rmSync(untouched);
    const other = path.join(again.root, again.articlePaths[5]!);
    fs.utimesSync(other, new Date(2000, 0, 1), new Date(2000, 0, 1));
    generateArchive({ articles: 150, outDir: path.join(tmp, 'again'), seed: 7 });
    // The edit undone and the missing file written, the rest not written at all.
    expect(fs.readFileSync(edited, 'utf8')).toBe(original);
    expect(digest(again.root)).toBe(digest(archive.root));
    expect(fs.statSync(other).mtime.getFullYear()).toBe(2000);
    const fewer = generateArchive({ articles: 100, outDir: path.join(tmp, 'again'), seed: 7 });
    expect(fs.readdirSync(path.join(fewer.root, 'articles'), { recursive: true }).filter((f) => String(f).endsWith('.md'))).toHaveLength(100);
  }, SLOW);

  it('refuses to empty a folder it did not write', () => {
    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'keep.txt'), 'x');
    expect(() => generateArchive({ articles: 1, outDir: foreign })).toThrow(/refusing/);
    expect(fs.existsSync(path.join(foreign, 'keep.txt'))).toBe(true);
  });
});
