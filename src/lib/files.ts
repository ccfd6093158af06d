import { existsSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** The files under `dir`, at any depth, as paths relative to it with `/` between folders, sorted; none when `dir` does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
