import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileWriter, filesUnder } from '~/lib/files';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'files-under-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('filesUnder', () => {
  it('lists the files at every depth, relative, with / between folders, sorted', () => {
    for (const rel of ['b.md', 'a/z.md', 'a/b/c/deep.md', 'a-b.md', 'A.md', 'empty/']) {
      const abs = path.join(root, rel);
      if (rel.endsWith('/')) mkdirSync(abs, { recursive: true });
      else {
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, rel);
      }
    }
    expect(filesUnder(root)).toEqual(['A.md', 'a/b/c/deep.md', 'a/z.md', 'a-b.md', 'b.md'].sort());
  });

  it('leaves out symbolic links, to files or folders, as a recursive readdir does', () => {
    mkdirSync(path.join(root, 'real'));
    writeFileSync(path.join(root, 'real/file.md'), 'x');
    symlinkSync(path.join(root, 'real'), path.join(root, 'linked-folder'));
    symlinkSync(path.join(root, 'real/file.md'), path.join(root, 'linked-file.md'));
    expect(filesUnder(root)).toEqual(['real/file.md']);
  });

  it('gives nothing for a folder that does not exist', () => {
    expect(filesUnder(path.join(root, 'missing'))).toEqual([]);
  });
});

describe('fileWriter', () => {
  it('writes files into folders it makes as needed, and writes over a file again', () => {
    const write = fileWriter();
    write(path.join(root, 'a', 'b', '1.bin'), new Uint8Array([1]));
    write(path.join(root, 'a', 'b', '2.bin'), new Uint8Array([2]));
    write(path.join(root, 'c', '3.bin'), new Uint8Array([3]));
    write(path.join(root, 'a', 'b', '1.bin'), new Uint8Array([4, 5]));
    expect(filesUnder(root)).toEqual(['a/b/1.bin', 'a/b/2.bin', 'c/3.bin']);
    expect([...readFileSync(path.join(root, 'a', 'b', '1.bin'))]).toEqual([4, 5]);
  });
});
