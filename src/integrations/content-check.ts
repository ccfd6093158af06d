import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentRoot } from '../lib/content-root';
import { filesUnder } from '../lib/files';
import { formatReport, validateContent } from '../lib/validate';
import type { FileFacts } from '../lib/validate/validate-content';

/**
 * Runs the content validator (the same one as `npm run check`) before Astro reads any content.
 * Astro's own YAML reader forgives what must be refused (it turns an unquoted 2022-02-30 into
 * 2 March), and its errors stop at the first file; this reports every problem at once.
 * A build with content errors prints the report and exits 1 before anything is written;
 * the dev server only logs the report, so an editor can fix files while it runs.
 *
 * A build remembers, in `<cacheDir>/content-check.json`, the key of the last content that passed
 * (`contentCheckKey`), and does not validate the same content again: at 10,000 articles the
 * check takes 2–3 s, hashing its inputs a fraction of that. Content with problems is never
 * remembered, so it is reported on every build until it is fixed.
 *
 * When the content has changed, the build checks again only the files that changed: it keeps, in
 * `<cacheDir>/content-check-facts.json`, what the checks across files need of every file that
 * passed its own checks (`FileFacts`, by the file's path and bytes), for as long as the
 * validator's code is the same. The checks across files run on every file, every time.
 */
export default function contentCheck(): AstroIntegration {
  return {
    name: 'archive:content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const started = performance.now();
        const root = contentRoot();
        const publicDir = fileURLToPath(config.publicDir);
        const memo = path.join(fileURLToPath(config.cacheDir), 'content-check.json');
        const code = command === 'build' ? codeHash(fileURLToPath(config.srcDir)) : undefined;
        // The files read for the key, so that a check after an edit need not read them again.
        const bytes = new Map<string, Buffer>();
        const key = code && contentCheckKey({ root, publicDir, code, bytes });
        if (key && readJson<{ key?: string }>(memo)?.key === key) {
          logger.info(`content unchanged since its last check passed (${Math.round(performance.now() - started)} ms)`);
          return;
        }
        // The facts of files checked by the same code before: only new and changed files are parsed.
        const factsMemo = path.join(path.dirname(memo), 'content-check-facts.json');
        const kept = code ? readJson<{ code?: string; facts?: [string, FileFacts][] }>(factsMemo) : undefined;
        const known = code ? new Map(kept?.code === code ? kept.facts : []) : undefined;
        const { issues, fileCount, facts } = validateContent({ root, publicDir, known, read: (abs) => bytes.get(abs) ?? readFileSync(abs) });
        bytes.clear();
        if (code && facts) writeJson(factsMemo, { code, facts: [...facts] });
        const parsed = known && facts ? ` (${[...facts.keys()].filter((k) => !known.has(k)).length} parsed, the others unchanged)` : '';
        if (!issues.length) {
          if (key) writeJson(memo, { key });
          logger.info(`${fileCount} content files valid in ${Math.round(performance.now() - started)} ms${parsed}`);
          return;
        }
        const report = formatReport(issues, fileCount);
        if (command !== 'build') {
          logger.error(`\n${report}`);
          return;
        }
        // A thrown error would bury the report under Astro's stack trace; editors need only the report.
        process.stderr.write(`\n${report}\n`);
        process.exit(1);
      },
    },
  };
}

/**
 * The validator's code, everything it imports included: the src/ folder (`code`), of which
 * src/lib/ and src/schemas/ are hashed.
 */
export function codeHash(code: string): string {
  const hash = createHash('sha256').update('content-check code 1\n');
  for (const dir of ['lib', 'schemas']) {
    for (const rel of filesUnder(path.join(code, dir))) hash.update(`${dir}/${rel}\0`).update(readFileSync(path.join(code, dir, rel))).update('\0');
  }
  return hash.digest('hex');
}

/**
 * What the validator's verdict depends on: the bytes of every content file, which files public/
 * holds (photos must exist there), and the validator's code (`codeHash`). `bytes`, when given,
 * receives each content file's bytes by absolute path.
 */
export function contentCheckKey({ root, publicDir, code, bytes }: { root: string; publicDir: string; code: string; bytes?: Map<string, Buffer> }): string {
  const hash = createHash('sha256').update(`content-check 1\n${root}\n`);
  for (const rel of filesUnder(root)) {
    const file = path.join(root, rel);
    const read = readFileSync(file);
    bytes?.set(file, read);
    hash.update(`${rel}\0`).update(read).update('\0');
  }
  hash.update('public\n');
  for (const rel of filesUnder(publicDir)) hash.update(`${rel}\0`);
  return hash.update(`code ${code}`).digest('hex');
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}
