import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

/**
 * Writes files synchronously, making each one's folder the first time it is seen: thousands of
 * small files (a search bundle's) cost a thread far less this way than as promises.
 */
export function fileWriter(): (file: string, bytes: Uint8Array) => void {
  const made = new Set<string>();
  return (file, bytes) => {
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(file, bytes);
  };
}
