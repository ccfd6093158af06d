/**
 * The Content-Security-Policy every page carries (as a <meta> tag, since the site is static and
 * its host's headers are not ours). It allows exactly what the build ships and nothing else:
 * Astro adds `script-src` and `style-src` with the hashes of the inline scripts and styles it
 * emits; these add the rest. A rule not listed here falls back to `default-src 'none'`.
 */
export const CSP_DIRECTIVES = [
  "default-src 'none'",
  // Photos and the search index's files (Pagefind fetches them) come from the site itself.
  "img-src 'self'",
  "connect-src 'self'",
  // Pagefind searches in a Web Worker (pagefind-worker.js) when it can.
  "worker-src 'self'",
  // No <base> may redirect relative URLs; forms (the search box) submit only to the site.
  "base-uri 'none'",
  "form-action 'self'",
] as const;

/**
 * `script-src` sources besides Astro's hashes: the bundled scripts under /_astro/ and Pagefind's,
 * and 'wasm-unsafe-eval', which lets Pagefind compile its WebAssembly (and permits no JS eval).
 * Pagefind's worker has no page policy; the page compiles WebAssembly itself when a worker
 * cannot start, and tests/e2e/csp.test.ts shows search fails there without it.
 */
export const CSP_SCRIPT_RESOURCES = ["'self'", "'wasm-unsafe-eval'"];
