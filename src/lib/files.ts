import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The files under `dir`, at any depth, as paths relative to it with `/` between folders, sorted;
 * none when `dir` does not exist. One `readdir` per folder, whose entries carry their type:
 * Node's recursive `readdirSync` stats every entry as well, which made listing the 10,505 files
 * of a 10,000-article archive 5 times slower (111–187 ms against 21–26 ms).
 */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const visit = (abs: string, rel: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(path.join(abs, entry.name), `${rel}${entry.name}/`);
      else if (entry.isFile()) files.push(`${rel}${entry.name}`);
    }
  };
  visit(dir, '');
  return files.sort();
}
