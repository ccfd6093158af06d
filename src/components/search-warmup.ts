/**
 * The header's search box on every page but the search page: when a reader puts the cursor in it,
 * the files the search page will need are fetched into the browser's HTTP cache while they type
 * (with an input method, Chinese takes seconds). Pressing Enter then opens a search page whose
 * Pagefind library, pf_meta, wasm and script are already here, so a phone on a slow network waits
 * only for the page itself and the query's own index chunk and results.
 *
 * Which files those are is read from the search page: its module preloads, preloads and scripts
 * (the index's addresses change with every build, and only the search page is rewritten with
 * them: src/integrations/search-index.ts, `addPreloads`). Nothing is fetched until the box has
 * the focus, so reading a page still fetches no search file; a reader who has asked the browser
 * to save data gets nothing ahead. A cached file is used only as long as the host's headers allow
 * (GitHub Pages: ten minutes), so at worst this fetches what the search would have fetched.
 */

/** The addresses a page of `html`, served from `base`, loads for itself: same-origin, each once. */
export function pageFiles(html: string, base: string): string[] {
  const page = new DOMParser().parseFromString(html, 'text/html');
  const origin = new URL(base).origin;
  const found = new Set<string>();
  for (const el of page.querySelectorAll('link[rel=modulepreload][href], link[rel=preload][href], link[rel=stylesheet][href], script[src]')) {
    const url = new URL(el.getAttribute(el.localName === 'script' ? 'src' : 'href')!, base);
    if (url.origin === origin) found.add(url.href);
  }
  return [...found];
}

/** Fetches `url` to the end (a response is cached once its body is in), low in the browser's queue. */
const get = (url: string): Promise<Response> => fetch(url, { priority: 'low' });

async function warm(address: string): Promise<void> {
  try {
    const page = await get(address);
    if (!page.ok) return;
    await Promise.allSettled(pageFiles(await page.text(), page.url).map(async (url) => (await get(url)).arrayBuffer()));
  } catch {
    // Nothing is lost: the search page fetches whatever is not cached.
  }
}

/** Fetches the search page's files the first time `input` (in the form that opens the search page) gets the focus. */
export function warmSearchOnFocus(input: HTMLInputElement): void {
  const form = input.form;
  if (!form) return;
  input.addEventListener(
    'focus',
    () => {
      const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
      if (!connection?.saveData) void warm(form.action);
    },
    { once: true },
  );
}
