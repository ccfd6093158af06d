/**
 * The header's search box on every page but the search page: when a reader puts the cursor in it,
 * the files the search page will need are fetched into the browser's HTTP cache while they type
 * (with an input method, Chinese takes seconds), and the search page for what they have typed
 * once they pause. Pressing Enter then opens a search page that is already here, with its
 * Pagefind library, pf_meta, wasm and script, so a phone on a slow network waits only for the
 * query's own index chunk and results.
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

/** How long the box's text must stay unchanged before the search page for it is fetched: a pause, not every keystroke. */
const SETTLED_MS = 200;

/**
 * Fetches the search page's files the first time `input` (in the form that opens the search
 * page) gets the focus; and, whenever its text settles, the search page at the very address the
 * form will open for it (all search pages are the same HTML, but a cache holds each address
 * apart), so that pressing Enter waits for the query's own index chunk and results alone.
 */
export function warmSearchOnFocus(input: HTMLInputElement): void {
  const form = input.form;
  if (!form) return;
  const saveData = (): boolean => Boolean((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData);
  input.addEventListener(
    'focus',
    () => {
      if (!saveData()) void warm(form.action);
    },
    { once: true },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fetched = '';
  const settle = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!input.value.trim() || saveData()) return;
      // The address a GET form opens: its action with the form's data as the query.
      const data = new URLSearchParams();
      for (const [name, value] of new FormData(form)) if (typeof value === 'string') data.append(name, value);
      const url = new URL(form.action);
      url.search = data.toString();
      if (url.href === fetched) return;
      fetched = url.href;
      void get(url.href).then((r) => r.arrayBuffer(), () => {});
    }, SETTLED_MS);
  };
  // An input method's text counts once it is chosen, not while the reader spells it.
  input.addEventListener('input', (e) => (e as InputEvent).isComposing || settle());
  input.addEventListener('compositionend', settle);
}
