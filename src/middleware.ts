/**
 * Runs on every page as it is rendered (at build time, for this static site): the page's
 * Content-Security-Policy keeps only the hashes of its own inline scripts and styles
 * (src/lib/csp-prune.ts says why). The page stays bytes throughout, as Astro writes it; feeds,
 * the sitemap and other non-HTML responses pass untouched.
 */
import { defineMiddleware } from 'astro:middleware';
import { pruneCspHashesInBytes } from './lib/csp-prune';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const page = pruneCspHashesInBytes(Buffer.from(await response.arrayBuffer()));
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(new Uint8Array(page.buffer, page.byteOffset, page.byteLength) as Uint8Array<ArrayBuffer>, { status: response.status, statusText: response.statusText, headers });
});
