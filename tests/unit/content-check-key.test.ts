/** The build skips the content check only for content, public files and code it has seen pass. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeHash, contentCheckKey } from '~/integrations/content-check';

let tmp: string;
const write = (rel: string, text: string) => {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const key = () => contentCheckKey({ root: path.join(tmp, 'content'), publicDir: path.join(tmp, 'public'), code: codeHash(path.join(tmp, 'src')) });

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'content-check-key-'));
  write('content/articles/a.md', '---\ntitle: 甲\n---\n正文');
  write('public/images/a.jpg', 'jpg');
  write('src/lib/validate/index.ts', 'export {};');
  write('src/schemas/article.ts', 'export {};');
  write('src/components/Card.astro', '<p />');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('contentCheckKey', () => {
  it('is the same for the same files, whatever their times (a fresh checkout)', () => {
    const before = key();
    utimesSync(path.join(tmp, 'content/articles/a.md'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(key()).toBe(before);
  });

  it.each([
    ['an edited article', () => write('content/articles/a.md', '---\ntitle: 乙\n---\n正文')],
    ['a new article', () => write('content/articles/b.md', '---\ntitle: 乙\n---\n')],
    ['a deleted article', () => rmSync(path.join(tmp, 'content/articles/a.md'))],
    ['a photo removed from public/', () => rmSync(path.join(tmp, 'public/images/a.jpg'))],
    ['a photo added to public/', () => write('public/images/b.jpg', 'jpg')],
    ["the validator's code", () => write('src/lib/validate/index.ts', 'export const x = 1;')],
    ['a schema', () => write('src/schemas/article.ts', 'export const y = 1;')],
  ])('changes with %s', (_what, change) => {
    const before = key();
    change();
    expect(key()).not.toBe(before);
  });

  it('does not change with code the validator does not use', () => {
    const before = key();
    write('src/components/Card.astro', '<p>改</p>');
    expect(key()).toBe(before);
  });
});
