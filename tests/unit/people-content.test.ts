/**
 * The people directory against the real content: every fact comes from the feature's text, and
 * every paragraph anchor points at the paragraph that names the person. Runs the site's own
 * Markdown pipeline (src/plugins/markdown.ts), so the anchors are the ones readers get.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { unified } from '@astrojs/markdown-remark';
import { markdownOptions } from '~/plugins/markdown';
import { PersonSchema, type PersonData } from '~/schemas/person';
import type { Outline } from '~/lib/outline';

const FEATURE = 'content/articles/2022-09-01/renmin-manyi-de-shidai-dajuan.md';
const SEED = 'tests/fixtures/seed-2022-09-01.txt';
/** Compares Chinese text across ASCII and full-width punctuation. */
const norm = (t: string) => t.normalize('NFKC').replace(/<[^>]+>/g, '');

const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(FEATURE, 'utf8')) ?? [];
const refs = (parseYaml(frontmatter) as { people: { person: string; paragraph: string }[] }).people;
const people = new Map<string, PersonData>(
  readdirSync('content/people').map((f) => [f.replace(/\.yaml$/, ''), PersonSchema.parse(parseYaml(readFileSync(`content/people/${f}`, 'utf8')))]),
);
/** The seed text with its column breaks (line breaks inside words) removed, as the transcription joined them. */
const seed = norm(readFileSync(SEED, 'utf8')).replace(/\s+/g, '');
let paragraphs: Map<string, string>;
let outline: Outline;

beforeAll(async () => {
  const renderer = await unified(markdownOptions).createRenderer({});
  const { code, metadata } = await renderer.render(body);
  paragraphs = new Map([...code.matchAll(/<p id="(p-\d+)">([\s\S]*?)<\/p>/g)].map((m) => [m[1]!, norm(m[2]!)]));
  outline = metadata.frontmatter.outline as Outline;
});

describe('the Xinhua feature’s people', () => {
  it('references every person file, each once', () => {
    expect(refs.map((r) => r.person).toSorted()).toEqual([...people.keys()].toSorted());
  });

  it('reports the same paragraph count as the anchors it writes', () => {
    expect(outline.paragraphs).toBe(paragraphs.size);
    expect(outline.sections.map((s) => s.title)).toEqual(['危难关头勇担当', '扎根奉献践初心', '改革创新显身手', '廉洁奉公做表率']);
  });

  it.each(refs.map((r) => [r.person, r.paragraph] as const))('%s: paragraph %s names them', (id, anchor) => {
    const text = paragraphs.get(anchor);
    expect(text, `${anchor} exists`).toBeDefined();
    expect(text).toContain(norm(people.get(id)!.name));
  });

  it.each([...people].map(([id, p]) => [id, p] as const))('%s: name, position, organisation and summary are quoted from the source', (_, p) => {
    for (const field of ['name', 'position', 'organisation', 'summary'] as const) {
      const value = p[field];
      if (value) expect(seed, `${field} “${value}”`).toContain(norm(value).replace(/\s+/g, ''));
    }
  });

  it.each([...people].filter(([, p]) => p.region).map(([id, p]) => [id, p] as const))('%s: the region is printed in the source, or marked inferred', (_, p) => {
    const printed = norm(`${p.organisation ?? ''}${p.name}`).startsWith(p.region!);
    expect(printed || Boolean(p.regionInferred), `${p.name} ${p.region}`).toBe(true);
  });

  it('does not name the collective whose name the source lost', () => {
    const dadui = [...people.values()].find((p) => p.nameMissing);
    expect(dadui?.name).toBe('大队');
    expect(dadui?.region).toBeUndefined();
  });
});
