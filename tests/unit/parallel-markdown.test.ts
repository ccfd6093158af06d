/**
 * The Markdown renderer on worker threads (src/plugins/parallel-markdown.ts), with real workers:
 * the same HTML and metadata as the main thread's renderer, unchanged frontmatter fields handed
 * back as the objects that were sent, errors passed on, and the main thread taking over when a
 * worker cannot start or a text cannot be sent.
 */
import { unified, type MarkdownRenderer } from '@astrojs/markdown-remark';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { markdownOptions } from '~/plugins/markdown';
import { parallelMarkdown, sameObjects, type ParallelOptions } from '~/plugins/parallel-markdown';
import { failingOn } from './fixtures/failing-markdown-worker';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHARED = { syntaxHighlight: false as const };
const WORKER = new URL('../src/plugins/markdown-worker.ts', `file://${ROOT}/src/`);
const HOOKS = new URL(`file://${ROOT}/scripts/support/ts-imports.ts`);

function parallel(options: Partial<ParallelOptions> = {}): Promise<MarkdownRenderer> {
  return parallelMarkdown(unified(markdownOptions), { module: WORKER, hooks: HOOKS, startAfter: 0, idleMs: 200, ...options }).createRenderer(SHARED);
}

/** The seed edition's articles, their bodies without the frontmatter, and a few odd texts. */
function texts(): string[] {
  const dir = path.join(ROOT, 'content', 'articles');
  const bodies = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
  return [...bodies, '', '# 只有标题', '正文<span>内联</span>,**强调**。\n\n> 引文\n\n| 表 | 格 |\n|---|---|\n| 1 | 2 |'];
}

afterEach(() => vi.restoreAllMocks());

describe('parallelMarkdown', () => {
  it('renders every text as the main thread does, HTML and metadata', async () => {
    // A worker that fails says so: none may have, or the main thread rendered these.
    const warn = vi.spyOn(console, 'warn');
    const local = await unified(markdownOptions).createRenderer(SHARED);
    const workers = await parallel({ workers: 2, queue: 2 });
    const all = texts();
    expect(all.length).toBeGreaterThan(10);
    const frontmatter = () => ({ title: '标题', bylines: [{ name: '王晨' }], date: new Date('2022-09-01') });
    const [expected, actual] = await Promise.all([Promise.all(all.map((t) => local.render(t, { frontmatter: frontmatter() }))), Promise.all(all.map((t) => workers.render(t, { frontmatter: frontmatter() })))]);
    expect(actual).toEqual(expected);
    expect(warn).not.toHaveBeenCalled();
  });

  it('hands back unchanged frontmatter fields as the objects it was given', async () => {
    const workers = await parallel({ workers: 1 });
    const frontmatter = { bylines: [{ name: '王晨' }], tags: ['党建'] };
    const { metadata } = await workers.render('第一段。', { frontmatter });
    // The pipeline adds the outline to a copy of the frontmatter, as it does on the main thread.
    expect(metadata.frontmatter).not.toBe(frontmatter);
    expect(metadata.frontmatter.outline).toEqual({ paragraphs: 1, sections: [] });
    expect(metadata.frontmatter.bylines).toBe(frontmatter.bylines);
    expect(metadata.frontmatter.tags).toBe(frontmatter.tags);
  });

  it('passes a worker’s error on, as the main thread would throw it', async () => {
    const workers = await parallel({ workers: 1, module: new URL('./fixtures/failing-markdown-worker.ts', import.meta.url) });
    const local = failingOn(await unified(markdownOptions).createRenderer(SHARED));
    await expect(local.render('FAIL here')).rejects.toThrow('a plugin failed on “FAIL here”');
    await expect(workers.render('FAIL here')).rejects.toThrow('a plugin failed on “FAIL here”');
    expect((await workers.render('然后正常。')).code).toBe('<p id="p-1">然后正常。</p>');
  });

  it('renders on the main thread when a worker cannot start, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const workers = await parallel({ workers: 2, module: new URL('./fixtures/no-such-worker.ts', import.meta.url) });
    const out = await Promise.all(['一。', '二。', '三。', '四。', '五。'].map((t) => workers.render(t)));
    expect(out.map((r) => r.code)).toEqual(['<p id="p-1">一。</p>', '<p id="p-1">二。</p>', '<p id="p-1">三。</p>', '<p id="p-1">四。</p>', '<p id="p-1">五。</p>']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Markdown worker stopped/);
  });

  it('renders a text whose frontmatter cannot be sent on the main thread', async () => {
    const workers = await parallel({ workers: 1 });
    const frontmatter = { title: '标题', format: () => 'x' };
    const { code, metadata } = await workers.render('正文。', { frontmatter });
    expect(code).toBe('<p id="p-1">正文。</p>');
    expect(metadata.frontmatter.format).toBe(frontmatter.format);
  });
});

describe('sameObjects', () => {
  it('puts back the sent object for each field that is deeply equal, and keeps the rest', () => {
    const sent = { a: { x: [1, 2] }, b: [3], c: 'same', d: { y: 1 } };
    const returned = { a: { x: [1, 2] }, b: [4], c: 'same', d: { y: 2 }, e: { new: true } };
    const out = sameObjects(sent, structuredClone(returned));
    expect(out.a).toBe(sent.a);
    expect(out.b).toEqual([4]);
    expect(out.d).toEqual({ y: 2 });
    expect(out.e).toEqual({ new: true });
    expect(Object.keys(out)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
