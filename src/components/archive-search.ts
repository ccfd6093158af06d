/**
 * <archive-search>: the search page's client. It loads Pagefind's browser library only when a
 * search runs, rewrites the query into exact-phrase searches over the index's bigram tokens
 * (src/lib/search-text.ts), checks each shown result's text holds every term, ranks them, and renders them as DOM
 * nodes, never as HTML strings from the URL or the index. Query, filters and sort live in the URL.
 */
import { chunkHolding, compactMetaBounds, ENTRY_ELEMENT, type EntryExtras, pageNumber, partSearches, prefixChunksFile, readSplitIndex, sequenceFile, sequenceName, type SplitIndex } from '../lib/bundle-names';
import { simplifier } from '../lib/simplifier';
import { countTerms, foldText, indexText, markTerms, prepareQuery, type PreparedQuery } from '../lib/search-text';

interface PagefindResultData {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
interface PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(q: string, o?: { filters?: Record<string, string[]> }): Promise<{ results: PagefindResult[] }>;
  preload(q: string): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  /** The index's entry file once Pagefind has read it (src/integrations/pagefind-library.ts); `{}` if it could not. */
  archiveEntry(): Promise<EntryExtras>;
  /** Starts loading the index chunks these searches will need, once pf_meta is in (src/integrations/pagefind-library.ts). */
  archivePrefetch(searches: string[]): void;
}

/** A result that passed verification, with what ranks it. */
interface Hit {
  data: PagefindResultData;
  text: string;
  hits: number;
  inTitle: boolean;
  score: number;
  order: number;
}

/**
 * A search in parts still under way (`#search`). Each run of the query is searched whole or in
 * parts (a power of two of them, each a range of pages); `slices` is the most parts of any run,
 * and slice k of the pages is part floor(k × parts / slices) of each run. `waiting`: the slices
 * left, in the order of the results. A run's search that covers several slices is made once
 * (`searched`). `turn` lets one slice be searched at a time. The pages found so far are the
 * element's results.
 */
interface Parts {
  api: PagefindApi;
  options: { filters: Record<string, string[]> };
  runs: string[][];
  slices: number;
  waiting: number[];
  direction: 1 | -1;
  searched: Map<string, Promise<PagefindResult[]>>;
  turn: Promise<boolean>;
}

/**
 * How `query` is searched: each run whole or in parts (`partSearches`). A search in parts has
 * `waiting`, the slices in the order of the results: each part holds a range of pages,
 * consecutive in page number, and the pages of quoted searches tie in score, so the slice at the
 * order's end (the newest, or the oldest when `direction` is 1) holds the first results. A
 * one-letter run is a prefix search, scored otherwise: such a query is searched whole.
 */
function plan(query: PreparedQuery, split: SplitIndex | undefined, direction: 1 | -1 | undefined): Pick<Parts, 'runs' | 'slices'> & { waiting?: number[] } {
  const runs = query.searches.map((q) => partSearches(q, split));
  const slices = Math.max(...runs.map((r) => r.length));
  if (slices < 2 || !query.searches.every((q) => q.startsWith('"'))) return { runs, slices };
  const order = Array.from({ length: slices }, (_, k) => k);
  return { runs, slices, waiting: direction === 1 ? order : order.toReversed() };
}

/** The searches of slice `slice` of a search in parts: part floor(slice × parts / slices) of each run. */
function sliceSearches(runs: readonly string[][], slices: number, slice: number): string[] {
  return runs.map((searches) => searches[Math.floor((slice * searches.length) / slices)]!);
}

/** The searches whose index chunks a search for `query` needs first: of a search in parts, only the slice searched first. */
function firstSearches(query: PreparedQuery, split: SplitIndex | undefined, direction: 1 | -1 | undefined): string[] {
  const { runs, slices, waiting } = plan(query, split, direction);
  return waiting ? sliceSearches(runs, slices, waiting[0]!) : runs.flat();
}

/** What `ArchiveSearch.ahead` reads from the search page and its pf_meta, once. */
interface AheadIndex {
  bundle: URL;
  folder: string;
  bounds: string[];
  split: SplitIndex | undefined;
}

/**
 * The bundle's address, chunk folder, chunk bounds and split words, from a search page (`page`,
 * fetched from `base`): its preloaded pf_meta (compact) and the entry file it carries. Null when
 * it has not both, or the browser cannot un-gzip natively.
 */
async function aheadIndex(page: Document, base: string): Promise<AheadIndex | null> {
  const bundle = page.querySelector('archive-search')?.getAttribute('data-bundle');
  const meta = page.querySelector('link[rel=preload][href$=".pf_meta"]')?.getAttribute('href');
  const entry = page.getElementById(ENTRY_ELEMENT)?.textContent;
  if (!bundle || !meta || !entry || typeof DecompressionStream === 'undefined') return null;
  const response = await fetch(new URL(meta, base), { priority: 'low' });
  if (!response.ok || !response.body) return null;
  const bounds = compactMetaBounds(new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()));
  const { folder, split_words } = JSON.parse(entry) as EntryExtras;
  return bounds && { bundle: new URL(bundle, base), folder: folder ?? '', bounds, split: readSplitIndex(split_words) };
}

/**
 * Resolves once the browser has painted what the page shows now: after its next frame. A page
 * not on screen paints no frames, so it goes on after a moment at most.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

const PAGE_SIZE = 20;
/**
 * The first results are fetched in a small batch so they show quickly (each costs one fragment
 * request); the rest of the page follows. Results are exact already (quoted runs), so the text
 * check only matters for a term with punctuation inside, whose runs are searched separately.
 */
const FIRST_BATCH = 2;
/** Date orders. The bundle's pages are numbered in date order (src/integrations/search-index.ts), so these sort by page number. */
const SORTS: Record<string, 1 | -1> = { newest: -1, oldest: 1 };
const HAN = /\p{Script=Han}/u;
/**
 * Put on the page's address when it loads itself again because its index failed, and taken off
 * once loaded: it tries only once. A copy of the page older than the deploy that replaced the
 * index (from the browser's or a CDN's cache) names index files that are gone; the address with
 * this parameter is new to every cache, so it brings the current page.
 */
const RELOADED = 'reloaded';

export class ArchiveSearch extends HTMLElement {
  static #aheadIndex?: Promise<AheadIndex | null>;
  static #aheadChunks = new Set<string>();

  /**
   * For the header's search box on the site's other pages (src/components/search-warmup.ts),
   * which imports this module from the search page it fetched ahead (`page`, from `base`): fetches
   * into the browser's cache the index chunks a search for `q` needs first, chosen as `#prefetch`
   * has the library choose them, at the addresses the library loads them from, so the search page
   * opened for `q` finds them there. Only ever ahead of time: what it misses, the search fetches.
   * With an empty `q` it only reads what it needs (pf_meta's bounds), for a later call to use.
   */
  static async ahead(q: string, page: Document, base: string): Promise<void> {
    const index = await (ArchiveSearch.#aheadIndex ??= aheadIndex(page, base).catch(() => null));
    if (!index) return;
    const words = firstSearches(prepareQuery(q), index.split, undefined).flatMap((search) => search.replaceAll('"', '').split(' '));
    const loads: Promise<unknown>[] = [];
    for (const word of words) {
      const chunk = word ? chunkHolding(word, index.bounds) : -1;
      const url = chunk < 0 ? '' : new URL(`index/${sequenceFile(index.folder, sequenceName(chunk))}.pf_index`, index.bundle).href;
      if (!url || ArchiveSearch.#aheadChunks.has(url)) continue;
      ArchiveSearch.#aheadChunks.add(url);
      loads.push(fetch(url, { priority: 'low' }).then((r) => r.arrayBuffer()));
    }
    await Promise.allSettled(loads);
  }

  #configured?: Promise<PagefindApi>;
  #pagefind?: Promise<PagefindApi>;
  #prefixChunks?: Promise<Record<string, string[]>>;
  #split?: Promise<SplitIndex | undefined>;
  #toSimplified?: Promise<(text: string) => string>;
  #seq = 0;
  #results: PagefindResult[] = [];
  /** The slices of a search in parts not yet searched (`#search`), with what searching them needs. */
  #parts?: Parts | undefined;
  #checked = 0;
  #hits: Hit[] = [];
  #query: PreparedQuery = { terms: [], searches: [], exact: false };
  /** The `RELOADED` marker this page was loaded with; null when it was not loaded again. */
  #reloadMark: string | null = null;

  get #input(): HTMLInputElement {
    return this.querySelector<HTMLInputElement>('input[name=q]')!;
  }

  connectedCallback(): void {
    const form = this.querySelector('form')!;
    const url = new URL(location.href);
    const params = url.searchParams;
    this.#reloadMark = params.get(RELOADED);
    if (this.#reloadMark !== null) {
      params.delete(RELOADED);
      history.replaceState(null, '', url);
    }
    this.#input.value = params.get('q') ?? '';
    const sort = this.querySelector<HTMLSelectElement>('select[name=sort]')!;
    sort.value = SORTS[params.get('sort') ?? ''] ? params.get('sort')! : 'relevance';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#updateUrl();
      void this.run();
    });
    form.addEventListener('change', (e) => {
      if ((e.target as HTMLElement).matches('[data-filter], select[name=sort]')) {
        this.#updateUrl();
        void this.run();
      }
    });
    // Filter values come from the index: fetched when the reader opens the filters, not before.
    const details = this.querySelector<HTMLDetailsElement>('details.filters')!;
    details.hidden = false;
    details.addEventListener('toggle', () => {
      if (details.open) void this.#load().then((api) => this.#renderFilters(api));
    });
    if ([...params.keys()].some((k) => k.startsWith('f.'))) details.open = true;
    this.querySelector('[data-more]')!.addEventListener('click', () => void this.#more(this.#seq));
    if (this.#input.value.trim()) void this.run();
    else {
      this.#input.focus();
      // The page preloads the index's library, pf_meta and wasm (src/integrations/search-index.ts):
      // start Pagefind on them now, so the first query a reader types answers at once.
      void this.#load();
    }
  }

  /** Pagefind's library, imported and given its options; not yet started. */
  #library(): Promise<PagefindApi> {
    this.#configured ??= (async () => {
      // The page's inline script does the import (src/pages/search/index.astro says why).
      const library = (window as Window & { archivePagefind?: (fresh?: string) => Promise<PagefindApi> }).archivePagefind;
      if (!library) throw new Error('the search page has no loader for Pagefind');
      // Loaded again after a failure: the library too, past any cached copy older than the index.
      const api = await library(this.#reloadMark || undefined);
      // The worker costs a 43 kB request before the first result; our queries are a few tokens.
      // The cache tag (set by the build) fixes the entry file's URL, which the page preloads.
      const { cacheTag } = this.dataset;
      // termSimilarity 0: a one-letter search (a prefix search) counts every word holding the
      // letter alike. Pagefind favours the shortest words, which in our index are merely letters
      // at the end of a run, and the parts of split words would rank apart from whole words.
      await api.options({ noWorker: true, excerptLength: 0, ranking: { termSimilarity: 0 }, ...(cacheTag ? { metaCacheTag: cacheTag } : {}) });
      return api;
    })();
    return this.#configured;
  }

  /** Pagefind, started: it fetches the index's entry file first, which `#search` waits for. */
  #load(): Promise<PagefindApi> {
    this.#pagefind ??= this.#library().then(async (api) => {
      await api.init();
      return api;
    });
    return this.#pagefind;
  }

  /**
   * Has the library fetch the index chunks `query` will need as soon as pf_meta is in, while the
   * wasm may still be starting (src/integrations/pagefind-library.ts): Pagefind itself asks its
   * wasm first. The search finds them loading or loaded. Called before Pagefind is started, for a
   * query in the address; harmless once it has (the same loads, a moment sooner).
   */
  #prefetch(query: PreparedQuery): void {
    this.#library()
      .then(async (api) => {
        // The entry file (read first) names the split words, whose parts are what gets searched;
        // of a search in parts, only the slice searched first (the others' chunks come later).
        api.archivePrefetch(firstSearches(query, await this.#splitIndex(api), this.#direction()));
      })
      // Only ever an early start: a failure is the search's to report.
      .catch(() => {});
  }

  #selectedFilters(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const params = new URL(location.href).searchParams;
    for (const [key, value] of params) if (key.startsWith('f.')) (out[key.slice(2)] ??= []).push(value);
    return out;
  }

  #updateUrl(): void {
    const url = new URL(location.href);
    const previous = this.#selectedFilters();
    url.search = '';
    const q = this.#input.value.trim();
    if (q) url.searchParams.set('q', q);
    const sort = this.querySelector<HTMLSelectElement>('select[name=sort]')!.value;
    if (SORTS[sort]) url.searchParams.set('sort', sort);
    const boxes = this.querySelectorAll<HTMLInputElement>('[data-filter]');
    const filters: Record<string, string[]> = boxes.length ? {} : previous;
    for (const box of boxes) if (box.checked) (filters[box.dataset.filter!] ??= []).push(box.value);
    for (const [name, values] of Object.entries(filters)) for (const v of values) url.searchParams.append(`f.${name}`, v);
    history.replaceState(null, '', url);
  }

  /**
   * Runs the query in the input. `data-state` on the element tells tests and benchmarks where it
   * is: `searching`, `shown` (first results on screen, more being checked), `done`.
   */
  async run(): Promise<void> {
    const seq = ++this.#seq;
    this.dataset.state = 'searching';
    const q = this.#input.value.trim();
    const list = this.querySelector<HTMLOListElement>('[data-results]')!;
    this.#setMore(false);
    list.replaceChildren();
    const query = prepareQuery(q);
    if (!query.searches.length) {
      this.#status(q ? `“${q}”里没有可搜索的文字。请输入汉字、字母或数字。` : '请输入要搜索的词语。');
      this.dataset.state = 'done';
      return;
    }
    this.#status('正在搜索…');
    try {
      await this.#answer(seq, q, query);
    } catch {
      this.#failed(seq);
    }
  }

  /**
   * The index did not load, or a file of it failed: a page older than the index it names (its
   * files replaced by a deploy), or a dropped connection. Once, online, the page loads itself
   * again at a new address (`RELOADED`); then it says so, rather than search forever.
   */
  #failed(seq: number): void {
    if (seq !== this.#seq) return;
    if (this.#reloadMark === null && navigator.onLine) {
      const url = new URL(location.href);
      url.searchParams.set(RELOADED, Date.now().toString(36));
      location.replace(url);
      return;
    }
    this.#status('搜索索引未能加载。请刷新页面重试，或按日期浏览往期。');
    this.dataset.state = 'done';
  }

  /** Searches for `query` (the input's `q`, prepared) and shows the results; throws when the index fails. */
  async #answer(seq: number, q: string, query: PreparedQuery): Promise<void> {
    this.#prefetch(query);
    const api = await this.#load();
    let note = '';
    await this.#search(api, query);
    await this.#fill(seq, FIRST_BATCH);
    if (seq !== this.#seq) return;
    if (!this.#hits.length && HAN.test(q)) {
      // Loaded only now: a query that found nothing may be in traditional characters.
      this.#toSimplified ??= fetch(this.dataset.simplified!).then(async (r) => {
        if (!r.ok) throw new Error(`${r.status} ${r.url}`);
        return simplifier(await r.text());
      });
      // Without the table (offline, say) the query stays as typed; a later one tries again.
      const simplified = await this.#toSimplified.then(
        (convert) => convert(q),
        () => ((this.#toSimplified = undefined), q),
      );
      if (simplified !== q) {
        query = prepareQuery(simplified);
        await this.#search(api, query);
        await this.#fill(seq, FIRST_BATCH);
        if (seq !== this.#seq) return;
        note = `（已按简体“${simplified}”搜索）`;
      }
    }
    this.#render(seq, note, q);
    if (this.#hits.length < PAGE_SIZE && (this.#checked < this.#results.length || this.#parts)) {
      this.dataset.state = 'shown';
      // The rest of the page costs a fragment request each (1–4 ms of this thread apiece): the
      // first results are painted before they start, not after.
      await afterPaint();
      await this.#fill(seq, PAGE_SIZE);
      this.#render(seq, note, q);
    }
    if (this.#parts && seq === this.#seq) {
      // The slices the first page did not need: they say how many pages were found, and whether
      // there are more. Their index chunks are fetched together, not one slice after another.
      const { api, runs, slices, waiting } = this.#parts;
      api.archivePrefetch(waiting.flatMap((slice) => sliceSearches(runs, slices, slice)));
      this.dataset.state = 'shown';
      while (seq === this.#seq && (await this.#nextSlice())) {}
      // The results shown stay as they are (a reader may be on one of them): only the count and the button change.
      this.#render(seq, note, q, false);
    }
    if (seq === this.#seq) this.dataset.state = 'done';
  }

  /**
   * Runs one Pagefind search per run of the query (src/lib/search-text.ts) and keeps the pages
   * every one found. Quoted runs match only where their tokens stand in a row, so results hold
   * the exact strings. Pagefind 1.6 scores every page a quoted search finds alike (1), so the
   * summed scores tie and the newer page comes first: relevance orders as the date does, and the
   * text check and `compareRelevance` rank what is shown.
   */
  async #search(api: PagefindApi, query: PreparedQuery): Promise<void> {
    const direction = this.#direction();
    const options = { filters: this.#selectedFilters() };
    await this.#loadPrefixChunks(api, query.searches.filter((q) => !q.startsWith('"')));
    // A very common word is split into parts by page range in the index: its search is one per
    // part, and the parts' results (disjoint pages) together are the word's.
    const { runs, slices, waiting } = plan(query, await this.#splitIndex(api), direction);
    this.#query = query;
    this.#results = [];
    this.#parts = undefined;
    this.#checked = 0;
    this.#hits = [];
    delete this.dataset.found;
    if (waiting) {
      // In parts, each slice searched when the results before it are used up (`#fill`).
      this.#parts = { api, options, runs, slices, waiting, direction: direction ?? -1, searched: new Map(), turn: Promise.resolve(true) };
      return;
    }
    const found = await Promise.all(
      runs.map(async (parts) => {
        const searched = await Promise.all(parts.map((part) => api.search(part, options)));
        return { results: searched.flatMap((p) => p.results) };
      }),
    );
    // A common word finds thousands of pages: the summed scores and page numbers sit in arrays
    // beside the results, and the sort compares indexes into them.
    let results = found[0]!.results;
    let scores = results.map((r) => r.score);
    if (found.length > 1) {
      const sums = new Map(results.map((r) => [r.id, r.score]));
      for (const { results: others } of found.slice(1)) {
        const here = new Map(others.map((r) => [r.id, r.score]));
        for (const [id, s] of sums) {
          if (here.has(id)) sums.set(id, s + here.get(id)!);
          else sums.delete(id);
        }
      }
      results = results.filter((r) => sums.has(r.id));
      scores = results.map((r) => sums.get(r.id)!);
    }
    // By relevance: the summed score, and the newer page first among equals; by date: the page number.
    const numbers = results.map((r) => pageNumber(r.id));
    const newer = (a: number, b: number): number => numbers[b]! - numbers[a]! || 0;
    const order = Array.from(results.keys());
    order.sort(direction ? (a, b) => direction * -newer(a, b) : (a, b) => scores[b]! - scores[a]! || newer(a, b));
    this.#results = order.map((i) => results[i]!);
    // How many pages the index found, before any text check: for tests and benchmarks.
    this.dataset.found = String(results.length);
  }

  /**
   * Searches the next slice of a search in parts and adds its pages, in order, after the results
   * so far: false when none is left (or the search is no longer the current one).
   */
  #nextSlice(): Promise<boolean> {
    const parts = this.#parts;
    if (!parts) return Promise.resolve(false);
    parts.turn = parts.turn.then(async () => {
      const slice = parts.waiting.shift();
      if (slice === undefined || parts !== this.#parts) return false;
      const lists = await Promise.all(
        sliceSearches(parts.runs, parts.slices, slice).map((search) => {
          let results = parts.searched.get(search);
          if (!results) parts.searched.set(search, (results = parts.api.search(search, parts.options).then((r) => r.results)));
          return results;
        }),
      );
      if (parts !== this.#parts) return false;
      // The pages every run found (the most finely split run's part keeps them to this slice).
      let results = lists[0]!;
      for (const other of lists.slice(1)) {
        const ids = new Set(other.map((r) => r.id));
        results = results.filter((r) => ids.has(r.id));
      }
      const numbers = new Map(results.map((r) => [r, pageNumber(r.id)]));
      this.#results.push(...results.toSorted((a, b) => parts.direction * (numbers.get(a)! - numbers.get(b)!)));
      if (!parts.waiting.length) {
        this.#parts = undefined;
        // Every slice's pages are in the results now (a new search starts them afresh).
        this.dataset.found = String(this.#results.length);
      }
      return true;
    });
    return parts.turn;
  }

  /** The chosen date order (`SORTS`); undefined for relevance. */
  #direction(): 1 | -1 | undefined {
    return SORTS[this.querySelector<HTMLSelectElement>('select[name=sort]')!.value];
  }

  /** The index's split words, from its entry file, which Pagefind reads before anything else of the index. */
  #splitIndex(api: PagefindApi): Promise<SplitIndex | undefined> {
    this.#split ??= api.archiveEntry().then((entry) => readSplitIndex(entry.split_words));
    return this.#split;
  }

  /**
   * A one-letter search is a prefix search, and Pagefind loads only the first index chunk holding
   * the prefix; for a letter whose words fill several chunks it would miss most pages. The build
   * lists those chunks' lower bounds (`prefix-chunks.<tag>.json`, fetched only for such queries):
   * preloading them first loads every chunk the search needs.
   */
  async #loadPrefixChunks(api: PagefindApi, letters: string[]): Promise<void> {
    const { bundle, cacheTag } = this.dataset;
    if (!letters.length || !cacheTag) return;
    this.#prefixChunks ??= fetch(`${bundle}${prefixChunksFile(cacheTag)}`)
      .then((r) => (r.ok ? (r.json() as Promise<Record<string, string[]>>) : {}))
      .catch(() => ({}));
    const bounds = await this.#prefixChunks;
    await Promise.all(letters.flatMap((code) => (bounds[code] ?? []).map((word) => api.preload(word))));
  }

  /** Verifies candidates in Pagefind's order until `want` results hold every term. */
  async #fill(seq: number, want: number): Promise<void> {
    const { terms } = this.#query;
    while (this.#hits.length < want && seq === this.#seq) {
      if (this.#checked >= this.#results.length) {
        if (await this.#nextSlice()) continue;
        break;
      }
      const batch = this.#results.slice(this.#checked, this.#checked + Math.max(want - this.#hits.length, 1));
      const datas = await Promise.all(batch.map((r) => r.data()));
      datas.forEach((data, i) => {
        // The text as the index sees it: white space around punctuation dropped, as in the tokens.
        const text = indexText(data.meta.text ?? '');
        const folded = foldText(text);
        const counts = countTerms(folded, terms);
        if (counts.some((n) => n === 0)) return;
        const title = foldText(data.meta.title ?? '');
        this.#hits.push({ data, text, hits: counts.reduce((a, b) => a + b, 0), inTitle: terms.every((t) => title.includes(t)), score: batch[i]!.score, order: this.#checked + i });
      });
      this.#checked += batch.length;
    }
  }

  async #more(seq: number): Promise<void> {
    try {
      await this.#fill(seq, this.#hits.length + PAGE_SIZE);
    } catch {
      this.#failed(seq);
      return;
    }
    this.#render(seq, '', this.#input.value.trim());
  }

  #render(seq: number, note: string, q: string, list = true): void {
    if (seq !== this.#seq) return;
    const byRelevance = !this.#direction();
    const hits = byRelevance ? this.#hits.toSorted(compareRelevance) : this.#hits;
    if (list) this.querySelector<HTMLOListElement>('[data-results]')!.replaceChildren(...hits.map((h) => this.#resultItem(h)));
    const more = this.#checked < this.#results.length || this.#parts !== undefined;
    this.#setMore(more);
    // Once every page the index found is known (`data-found`), an exact query's count is theirs;
    // otherwise the count is of the results checked so far.
    const total = this.#query.exact && this.dataset.found !== undefined ? Number(this.dataset.found) : undefined;
    if (hits.length) this.#status(`“${q}”找到 ${total ?? (more ? `至少 ${hits.length}` : hits.length)} 篇${note}。`);
    else this.#status(`没有找到包含“${q}”的文章${note}。${suggestion(q)}`);
  }

  #status(text: string): void {
    this.querySelector<HTMLElement>('[data-status]')!.textContent = text;
  }

  #setMore(shown: boolean): void {
    this.querySelector<HTMLButtonElement>('[data-more]')!.hidden = !shown;
  }

  async #renderFilters(api: PagefindApi): Promise<void> {
    const box = this.querySelector<HTMLElement>('[data-filters]')!;
    if (box.childElementCount) return;
    const filters = await api.filters();
    const wanted = this.#selectedFilters();
    for (const [name, values] of Object.entries(filters)) {
      const group = el('fieldset', 'group');
      group.append(el('legend', 'group-name', name));
      const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b, 'zh-CN', { numeric: true }));
      for (const [value, count] of entries) {
        const label = el('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.value = value;
        input.dataset.filter = name;
        input.checked = wanted[name]?.includes(value) ?? false;
        label.append(input, ` ${value}（${count}）`);
        group.append(label);
      }
      box.append(group);
    }
  }

  #resultItem(h: Hit): HTMLLIElement {
    const { data } = h;
    const li = el('li');
    const a = el('a', 'r-title');
    const url = new URL(data.url, location.href);
    for (const t of this.#query.terms) url.searchParams.append('hl', t);
    a.href = url.pathname + url.search;
    a.textContent = data.meta.title ?? data.url;
    const where = [data.meta.edition, data.meta.page, data.filters['体裁']?.[0]].filter(Boolean).join(' · ');
    const excerpt = el('p', 'r-excerpt');
    excerpt.append(...excerptNodes(h.text, this.#query.terms));
    li.append(a, el('p', 'r-meta', where), excerpt);
    return li;
  }
}

/** Title matches first, then more occurrences, then Pagefind's score, then its order. */
function compareRelevance(a: Hit, b: Hit): number {
  return Number(b.inTitle) - Number(a.inTitle) || b.hits - a.hits || b.score - a.score || a.order - b.order;
}

/** What to try when nothing was found: a shorter query, or fewer words. */
function suggestion(q: string): string {
  const words = q.split(/\s+/u).filter(Boolean);
  if (words.length > 1) return `请减少词语，例如只搜“${words[0]}”。`;
  const chars = Array.from(q);
  if (chars.length > 2) return `请检查错别字，或换一个更短的词，例如“${chars.slice(0, 2).join('')}”。`;
  return '请检查错别字，或按日期浏览往期。';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** About 100 characters around the first hit, as text nodes with every term wrapped in <mark>. */
function excerptNodes(text: string, terms: string[]): Node[] {
  const chars = Array.from(text.replace(/\s+/gu, ' '));
  const marked = markTerms(chars.join(''), terms);
  const start = Math.max(0, marked.indexOf(true) - 30);
  const end = Math.min(chars.length, start + 100);
  const nodes: Node[] = start > 0 ? [document.createTextNode('…')] : [];
  for (let i = start; i < end; ) {
    let j = i;
    while (j < end && marked[j] === marked[i]) j++;
    const part = chars.slice(i, j).join('');
    nodes.push(marked[i] ? el('mark', undefined, part) : document.createTextNode(part));
    i = j;
  }
  if (end < chars.length) nodes.push(document.createTextNode('…'));
  return nodes;
}
