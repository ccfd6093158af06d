import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteInBackground, removeLeftovers, stagingDir, swapInto } from '~/integrations/atomic-output';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'atomic-output-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding one file, `index.html`, with `text`. */
function site(dir: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), text);
}

describe('swapInto', () => {
  it.each([
    ['replaces an existing site', true],
    ['publishes the first site', false],
  ])('%s', (_name, hadSite) => {
    const target = path.join(root, 'dist');
    if (hadSite) site(target, 'old');
    site(stagingDir(target), 'new');
    swapInto(stagingDir(target), target, { background: false });
    expect(readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('deletes the previous site in the background, after the new one is in place', async () => {
    const target = path.join(root, 'dist');
    site(target, 'old');
    site(stagingDir(target), 'new');
    swapInto(stagingDir(target), target);
    expect(readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('new');
    const started = Date.now();
    while (readdirSync(root).length > 1 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(root)).toEqual(['dist']);
  });
});

describe('deleteInBackground', () => {
  it('deletes at the lowest CPU priority, out of the next build\'s way', async () => {
    const old = path.join(root, 'old');
    site(old, 'old');
    const pid = deleteInBackground(old);
    expect(pid).toBeTypeOf('number');
    // Node takes tens of milliseconds to start: the deleter is still running here.
    expect(os.getPriority(pid)).toBe(os.constants.priority.PRIORITY_LOW);
    const started = Date.now();
    while (existsSync(old) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(old)).toBe(false);
  });
});

describe('removeLeftovers', () => {
  it('removes what killed builds left, keeps a running build\'s folder and everything else', () => {
    const target = path.join(root, 'dist');
    // PID 2^22 + 1 is above Linux's pid_max, so no process has it.
    const dead = 4_194_305;
    site(stagingDir(target, dead), 'half');
    site(path.join(root, `.retired-dist-${dead}`), 'old');
    site(stagingDir(target, process.pid), 'running');
    site(path.join(root, '.staging-other-1'), 'another output folder');
    site(target, 'current');
    expect(removeLeftovers(target, { background: false }).sort()).toEqual([`.retired-dist-${dead}`, `.staging-dist-${dead}`]);
    expect(existsSync(stagingDir(target, process.pid))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['.staging-dist-' + process.pid, '.staging-other-1', 'dist']);
  });

  it('by default deletes them in the background, so the build does not wait for it', async () => {
    const target = path.join(root, 'dist');
    const dead = 4_194_305;
    site(stagingDir(target, dead), 'half');
    site(path.join(root, `.retired-dist-${dead}`), 'old');
    site(target, 'current');
    expect(removeLeftovers(target).sort()).toEqual([`.retired-dist-${dead}`, `.staging-dist-${dead}`]);
    const started = Date.now();
    while (readdirSync(root).length > 1 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(root)).toEqual(['dist']);
  });
});
