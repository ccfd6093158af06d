/**
 * Astro lists in every page's Content-Security-Policy the hash of every inline style and script
 * of the whole site (its build manifest collects them site-wide): 21 style hashes on an article
 * that has one `<style>`, about 1 kB gzipped of every page, and a policy that allows more than the
 * page holds. `pruneCspHashes` keeps, in `script-src` and `style-src`, only the hashes of the
 * inline elements the page actually has; every other source stays as it was. It runs on each
 * rendered page (src/middleware.ts); tests/e2e/csp.test.ts loads every page of the build and
 * fails on any violation.
 *
 * It works on the page's UTF-8 bytes, as Astro hands them over and writes them: decoding and
 * encoding a whole page again cost more than the rest of the work (BENCHMARKS.md). Tags are
 * matched as Astro writes them, in lower case.
 */
import { createHash } from 'node:crypto';

const META_OPEN = Buffer.from('<meta http-equiv="content-security-policy" content="');
const QUOTE = 0x22;
const GT = 0x3e;
/** Script types that are data, not code: CSP does not apply to them. */
const DATA_SCRIPT = /\btype\s*=\s*["']?application\/(?:ld\+)?json\b/i;
const HASHED = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)'$/;
const ELEMENTS = [
  { kind: 'script', open: Buffer.from('<script'), close: Buffer.from('</script>') },
  { kind: 'style', open: Buffer.from('<style'), close: Buffer.from('</style>') },
] as const;

/** Whether the byte after a tag name ends it (`<style>`, `<script type=…>`, not `<styled>`). */
const endsName = (b: number | undefined) => b === GT || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x2f;

/** The hashes (`sha256-…`) of the page's inline scripts and styles, per directive, for the given algorithms. */
function inlineHashes(page: Buffer, algorithms: Set<string>): { script: Set<string>; style: Set<string> } {
  const out = { script: new Set<string>(), style: new Set<string>() };
  for (const { kind, open, close } of ELEMENTS) {
    for (let at = page.indexOf(open); at >= 0; at = page.indexOf(open, at + 1)) {
      if (!endsName(page[at + open.length])) continue;
      const bodyStart = page.indexOf(GT, at) + 1;
      const bodyEnd = page.indexOf(close, bodyStart);
      if (bodyStart <= 0 || bodyEnd < 0) break;
      const attributes = page.toString('utf8', at + open.length, bodyStart - 1);
      at = bodyEnd;
      if (kind === 'script' && (/\bsrc\s*=/i.test(attributes) || DATA_SCRIPT.test(attributes))) continue;
      const body = page.subarray(bodyStart, bodyEnd);
      for (const algorithm of algorithms) out[kind].add(`${algorithm}-${createHash(algorithm).update(body).digest('base64')}`);
    }
  }
  return out;
}

/** The page's bytes with its CSP's script and style hashes cut down to those of its own inline elements. */
export function pruneCspHashesInBytes(page: Buffer): Buffer {
  const metaAt = page.indexOf(META_OPEN);
  if (metaAt < 0) return page;
  const contentStart = metaAt + META_OPEN.length;
  const contentEnd = page.indexOf(QUOTE, contentStart);
  if (contentEnd < 0) return page;
  const directives = page.toString('utf8', contentStart, contentEnd).split(';');
  const algorithms = new Set<string>();
  for (const d of directives) {
    for (const source of d.trim().split(/\s+/)) {
      const m = HASHED.exec(source);
      if (m) algorithms.add(m[1]!);
    }
  }
  if (!algorithms.size) return page;
  const present = inlineHashes(page, algorithms);
  const pruned = directives.map((d) => {
    const [name, ...sources] = d.trim().split(/\s+/);
    const kind = name === 'script-src' ? 'script' : name === 'style-src' ? 'style' : undefined;
    if (!kind) return d;
    const kept = sources.filter((s) => {
      const m = HASHED.exec(s);
      return !m || present[kind].has(`${m[1]}-${m[2]}`);
    });
    return `${d.startsWith(' ') ? ' ' : ''}${[name, ...kept].join(' ')}`;
  });
  return Buffer.concat([page.subarray(0, contentStart), Buffer.from(pruned.join(';')), page.subarray(contentEnd)]);
}

/** `pruneCspHashesInBytes` for a page as a string. */
export function pruneCspHashes(html: string): string {
  return pruneCspHashesInBytes(Buffer.from(html)).toString('utf8');
}
