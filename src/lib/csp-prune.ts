/**
 * Astro lists in every page's Content-Security-Policy the hash of every inline style and script
 * of the whole site (its build manifest collects them site-wide): 21 style hashes on an article
 * that has one `<style>`, about 1 kB gzipped of every page, and a policy that allows more than the
 * page holds. `pruneCspHashes` keeps, in `script-src` and `style-src`, only the hashes of the
 * inline elements the page actually has; every other source stays as it was. It runs on each
 * rendered page (src/middleware.ts); tests/e2e/csp.test.ts loads every page of the build and
 * fails on any violation.
 */
import { createHash } from 'node:crypto';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"\s*\/?>/i;
/** Inline elements a hash may allow: a `<script>` without `src` that the browser would run, and `<style>`. */
const INLINE = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/gi;
/** Script types that are data, not code: CSP does not apply to them. */
const DATA_SCRIPT = /\btype\s*=\s*["']?application\/(?:ld\+)?json\b/i;
const HASHED = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)'$/;

/** The hashes (`sha256-…`) of the page's inline scripts and styles, per directive, for the given algorithms. */
function inlineHashes(html: string, algorithms: Set<string>): { script: Set<string>; style: Set<string> } {
  const out = { script: new Set<string>(), style: new Set<string>() };
  for (const [, tag, attributes, body] of html.matchAll(INLINE)) {
    const kind = tag!.toLowerCase() as 'script' | 'style';
    if (kind === 'script' && (/\bsrc\s*=/i.test(attributes!) || DATA_SCRIPT.test(attributes!))) continue;
    for (const algorithm of algorithms) out[kind].add(`${algorithm}-${createHash(algorithm).update(body!, 'utf8').digest('base64')}`);
  }
  return out;
}

/** `html` with its CSP's script and style hashes cut down to those of the page's own inline elements. */
export function pruneCspHashes(html: string): string {
  const meta = META.exec(html);
  if (!meta) return html;
  const directives = meta[1]!.split(';');
  const algorithms = new Set<string>();
  for (const d of directives) for (const source of d.trim().split(/\s+/)) {
    const m = HASHED.exec(source);
    if (m) algorithms.add(m[1]!);
  }
  if (!algorithms.size) return html;
  const present = inlineHashes(html, algorithms);
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
  const tag = meta[0].replace(meta[1]!, () => pruned.join(';'));
  return html.slice(0, meta.index) + tag + html.slice(meta.index + meta[0].length);
}
