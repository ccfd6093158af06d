/** The Nu Html Checker (npm vnu-jar, run with the machine's Java) finds no errors in any built page. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DIST } from './support/browser';
import { builtPages } from './support/site-files';

/** The checker's jar as the npm package ships it (its JS wrapper would download a Java of its own; the machine has one). */
const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

describe('HTML validity (Nu Html Checker)', () => {
  it('reports zero errors on every built page', { timeout: 180_000 }, async () => {
    const files = builtPages().map((f) => path.join(DIST, f));
    let stderr = '';
    try {
      // vnu exits non-zero when it finds errors; its JSON report is on stderr either way.
      ({ stderr } = await promisify(execFile)('java', ['-Xss8m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024 }));
    } catch (e) {
      const err = e as { code?: string | number; stderr?: string };
      if (err.code === 'ENOENT') throw new Error('java not found: install Debian’s default-jre-headless (see .ci/run)');
      stderr = err.stderr ?? '';
    }
    const { messages } = JSON.parse(stderr) as { messages: VnuMessage[] };
    const errors = messages.filter((m) => m.type !== 'info').map((m) => `${path.relative(DIST, new URL(m.url ?? 'file:///').pathname)}:${m.lastLine ?? '?'}: ${m.message}`);
    console.info(`vnu: ${files.length} pages checked, ${errors.length} errors`);
    expect(errors).toEqual([]);
  });
});
