import { T2S_PAIRS } from '~/lib/t2s-table';

/**
 * The traditional-to-simplified pairs as a static text file, which the search page fetches only
 * when a query in traditional characters finds nothing (src/lib/simplifier.ts reads it). Data
 * rather than a script chunk: a dynamically imported module would cost the search page Vite's
 * preload helper, a request of its own on every search.
 */
export function GET(): Response {
  return new Response(T2S_PAIRS, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
