/**
 * `npm run new` end to end: scripted with flags and answered as in a terminal, it writes articles
 * that pass the check, refuses to overwrite, and the new articles build and appear on their
 * edition's page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBuild } from '../support/astro-build';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'new-article-'));
const content = path.join(scratch, 'content');
const outDir = path.join(scratch, 'site');
const env = { ...process.env, CONTENT_ROOT: content, GITHUB_ACTIONS: '' };

function npmNew(args: string[], input?: string) {
  const r = spawnSync('npm', ['run', '--silent', 'new', '--', ...args], { env, input: input ?? '', encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const scripted = ['--edition', '2022-09-01', '--page', 'jingkaiqu', '--kind', 'brief', '--headline', '六安开发区举办消防演练', '--byline', '王晨', '--source', '本报讯', '--tags', '消防,演练'];
let first: ReturnType<typeof npmNew>;
let again: ReturnType<typeof npmNew>;
let asked: ReturnType<typeof npmNew>;
let built: { code: number | null; output: string };

beforeAll(async () => {
  cpSync('content', content, { recursive: true });
  first = npmNew(scripted);
  again = npmNew(scripted);
  // The answers a terminal user would type: page, a mistyped kind, the kind, headline, no byline, source, no tags.
  asked = npmNew(['--interactive', '--edition', '2022-09-01'], 'jingkaiqu\nbrif\nnews\n开发区新建口袋公园\n\n本报讯\n\n');
  built = await startBuild(outDir, { CONTENT_ROOT: content, ASTRO_CACHE_DIR: path.join(scratch, 'cache') }).done;
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run new', () => {
  const file = path.join(content, 'articles/2022-09-01/lu-an-kai-fa-qu-ju-ban-xiao-fang-yan-lian.md');

  it('writes the article with a pinyin slug and valid frontmatter, placed last on its page', () => {
    expect(first.status, first.out).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^---\nedition: 2022-09-01\npage: jingkaiqu\norder: 9\nkind: brief\nheadline: 六安开发区举办消防演练\n/);
    expect(text).toContain('bylines:\n  - name: 王晨');
  });

  it('refuses to overwrite an existing file', () => {
    expect(again.status).toBe(1);
    expect(again.out).toContain('already exists');
  });

  it('asks its questions in a terminal and asks again after a wrong answer', () => {
    expect(asked.status, asked.out).toBe(0);
    expect(asked.out).toContain('choose one of');
    expect(readFileSync(path.join(content, 'articles/2022-09-01/kai-fa-qu-xin-jian-kou-dai-gong-yuan.md'), 'utf8')).toContain('kind: news');
  });

  it('refuses, naming the flag, when a scripted run lacks a value', () => {
    const r = npmNew(['--edition', '2022-09-01', '--page', 'jingkaiqu', '--kind', 'brief']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('--headline');
  });

  it('refuses a page the edition does not have', () => {
    const r = npmNew(['--edition', '2022-09-01', '--page', 'a09', '--kind', 'brief', '--headline', '标题']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('jingkaiqu');
  });

  it('scaffolds an edition and adds a page to it, keeping the file valid and refusing a repeat', () => {
    expect(npmNew(['edition', '--date', '2022-09-02', '--page', 'a01']).status).toBe(0);
    expect(npmNew(['page', '--edition', '2022-09-02', '--page', 'a02', '--page-number', '2', '--page-name', '要闻']).status).toBe(0);
    expect(readFileSync(path.join(content, 'editions/2022-09-02.yaml'), 'utf8')).toMatch(/pages:\n  - id: a01\n  - id: a02\n    number: 2\n    name: 要闻\n/);
    expect(npmNew(['page', '--edition', '2022-09-02', '--page', 'a02']).out).toContain('already exists');
    const check = spawnSync('npm', ['run', '--silent', 'check'], { env, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it('the new articles build and appear on their edition page', () => {
    expect(built.code, built.output.slice(-3000)).toBe(0);
    const editionPage = readFileSync(path.join(outDir, '2022/09/01/index.html'), 'utf8');
    expect(editionPage).toContain('六安开发区举办消防演练');
    expect(editionPage).toContain('/2022/09/01/lu-an-kai-fa-qu-ju-ban-xiao-fang-yan-lian/');
    expect(editionPage).toContain('开发区新建口袋公园');
    expect(existsSync(path.join(outDir, '2022/09/01/lu-an-kai-fa-qu-ju-ban-xiao-fang-yan-lian/index.html'))).toBe(true);
  });
});
