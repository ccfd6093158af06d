import path from 'node:path';

/**
 * The folder the archive's content is read from: `content/` in the project, or the folder named
 * by the CONTENT_ROOT environment variable (the benchmark builds generated archives this way).
 */
export function contentRoot(cwd: string = process.cwd()): string {
  return path.resolve(cwd, process.env.CONTENT_ROOT ?? 'content');
}
