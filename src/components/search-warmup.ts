/**
 * The header's search box on every page but the search page. When a reader puts the cursor in it,
 * the files the search page will need are fetched into the browser's HTTP cache while they type
 * (with an input method, Chinese takes seconds); when they pause, the search page at the address
 * Enter will open, and the index chunks its search needs first. Pressing Enter then opens a search
 * page that is already here, with its Pagefind library, pf_meta, wasm, script and chunks, so a
 * phone on a slow network waits only for the results' fragments.
 *
 * Which files those are is read from the search page: its module preloads, preloads and scripts
 * (the index's addresses change with every build, and only the search page is rewritten with
 * them: src/integrations/search-index.ts, `addPreloads`). The chunks are chosen by the search
 * page's own module, imported from the cache (`ArchiveSearch.ahead`). Nothing is fetched until
 * the box has the focus, so reading a page still fetches no search file; a reader who has asked
 * the browser to save data gets nothing ahead. A cached file is used only as long as the host's
 * headers allow (GitHub Pages: ten minutes), so at worst this fetches what the search would have.
 */

/** The addresses `page` (served from `base`) loads for itself: same-origin, each once. */
function pageFiles(page: Document, base: string): string[] {
  const origin = new URL(base).origin;
  const found = new Set<string>();
  for (const el of page.querySelectorAll('link[rel=modulepreload][href], link[rel=preload][href], link[rel=stylesheet][href], script[src]')) {
    const url = new URL(el.getAttribute(el.localName === 'script' ? 'src' : 'href')!, base);
    if (url.origin === origin) found.add(url.href);
  }
  return [...found];
}

/** Fetches `url`, low in the browser's queue; its body must be read to the end to be cached. */
const get = (url: string): Promise<Response> => fetch(url, { priority: 'low' });

/** The search page's own module, which can fetch a query's index chunks ahead (`ArchiveSearch.ahead`, src/components/archive-search.ts). */
type SearchElement = CustomElementConstructor & { ahead?(q: string, page: Document, base: string): Promise<void> };

/** The search page (fetched and parsed) and its address, once its files are in the cache; null when it could not be. */
async function warm(address: string): Promise<{ page: Document; base: string } | null> {
  try {
    const response = await get(address);
    if (!response.ok) return null;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    await Promise.allSettled(pageFiles(page, response.url).map(async (url) => (await get(url)).arrayBuffer()));
    const ready = { page, base: response.url };
    // The module reads pf_meta's chunk bounds now, so that a settled query's chunks are fetched at once.
    await chunksAhead(ready, '').catch(() => {});
    return ready;
  } catch {
    // Nothing is lost: the search page fetches whatever is not cached.
    return null;
  }
}

/** Has the search page's module fetch the index chunks a search for `q` needs first. */
async function chunksAhead(searchPage: { page: Document; base: string }, q: string): Promise<void> {
  const script = searchPage.page.querySelector('script[type=module][src]')?.getAttribute('src');
  if (!script) return;
  await import(/* @vite-ignore */ new URL(script, searchPage.base).href);
  await (customElements.get('archive-search') as SearchElement | undefined)?.ahead?.(q, searchPage.page, searchPage.base);
}

/**
 * How long the box's text must stay unchanged before the search page for it is fetched: a pause,
 * not every keystroke. Text an input method commits is taken at once: the reader chose it. What
 * is fetched must have arrived before Enter to count (a fetch under way stops with the page), and
 * on a slow network that takes most of a second.
 */
const SETTLED_MS = 200;

/**
 * Fetches the search page's files the first time `input` (in the form that opens the search
 * page) gets the focus; and, whenever its text settles, the search page at the very address the
 * form will open for it (all search pages are the same HTML, but a cache holds each address
 * apart) and the index chunks its search needs first.
 */
export function searchAhead(input: HTMLInputElement): void {
  const form = input.form;
  if (!form) return;
  const saveData = (): boolean => Boolean((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData);
  let searchPage: Promise<{ page: Document; base: string } | null> = Promise.resolve(null);
  input.addEventListener(
    'focus',
    () => {
      if (!saveData()) searchPage = warm(form.action);
    },
    { once: true },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fetched = '';
  const settle = (after: number): void => {
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
      const q = input.value;
      void searchPage.then((ready) => ready && chunksAhead(ready, q)).catch(() => {});
    }, after);
  };
  // An input method's text counts once it is chosen, not while the reader spells it.
  input.addEventListener('input', (e) => (e as InputEvent).isComposing || settle(SETTLED_MS));
  input.addEventListener('compositionend', () => settle(0));
}
