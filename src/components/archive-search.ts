/**
 * <archive-search>: the search page's client. It loads Pagefind's browser library only when
 * a search runs, keeps the query and filters in the URL (so a search can be shared), and
 * renders results as DOM nodes — never as HTML strings from the URL or the index.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
interface PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  search(q: string, o?: { filters?: Record<string, string[]> }): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] }>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

const PAGE_SIZE = 20;
/** How many of Pagefind's results are checked for the exact query before giving up. */
const VERIFY_LIMIT = 100;

export class ArchiveSearch extends HTMLElement {
  #pagefind?: Promise<PagefindApi>;
  #seq = 0;

  connectedCallback(): void {
    const form = this.querySelector('form')!;
    const input = this.querySelector<HTMLInputElement>('input[name=q]')!;
    const params = new URL(location.href).searchParams;
    input.value = params.get('q') ?? '';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#updateUrl();
      void this.run();
    });
    form.addEventListener('change', (e) => {
      if ((e.target as HTMLElement).matches('[data-filter]')) {
        this.#updateUrl();
        void this.run();
      }
    });
    if (input.value.trim()) void this.run();
    else input.focus();
  }

  #load(): Promise<PagefindApi> {
    this.#pagefind ??= (async () => {
      const url = `${this.dataset.bundle}pagefind.js`;
      const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
      await api.options({ excerptLength: 40 });
      return api;
    })();
    return this.#pagefind;
  }

  #selectedFilters(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const box of this.querySelectorAll<HTMLInputElement>('[data-filter]:checked')) {
      (out[box.dataset.filter!] ??= []).push(box.value);
    }
    return out;
  }

  #updateUrl(): void {
    const url = new URL(location.href);
    url.search = '';
    const q = this.querySelector<HTMLInputElement>('input[name=q]')!.value.trim();
    if (q) url.searchParams.set('q', q);
    for (const [name, values] of Object.entries(this.#selectedFilters())) for (const v of values) url.searchParams.append(`f.${name}`, v);
    history.replaceState(null, '', url);
  }

  async run(): Promise<void> {
    const seq = ++this.#seq;
    const q = this.querySelector<HTMLInputElement>('input[name=q]')!.value.trim();
    const status = this.querySelector<HTMLElement>('[data-status]')!;
    const list = this.querySelector<HTMLOListElement>('[data-results]')!;
    if (!q) {
      status.textContent = '请输入要搜索的词语。';
      list.replaceChildren();
      return;
    }
    status.textContent = '正在搜索…';
    let api: PagefindApi;
    try {
      api = await this.#load();
    } catch {
      status.textContent = '搜索索引未能加载。请稍后重试，或按日期浏览往期。';
      return;
    }
    await this.#renderFilters(api);
    const terms = queryTerms(q);
    const search = await api.search(q, { filters: this.#selectedFilters() });
    // Pagefind matches Chinese word by word, so a result may hold the query's characters only
    // scattered. Keep the results whose text holds every term as written.
    const data: PagefindResultData[] = [];
    for (let i = 0; i < search.results.length && data.length < PAGE_SIZE && i < VERIFY_LIMIT; i += PAGE_SIZE) {
      const batch = await Promise.all(search.results.slice(i, i + PAGE_SIZE).map((r) => r.data()));
      data.push(...batch.filter((d) => terms.every((t) => compact(d.content).includes(t))));
    }
    if (seq !== this.#seq) return;
    list.replaceChildren(...data.slice(0, PAGE_SIZE).map((d) => this.#resultItem(d, terms)));
    status.textContent = data.length
      ? `“${q}”找到 ${data.length} 篇。`
      : `没有找到包含“${q}”的文章。请检查错别字，或换一个更短的词，例如只搜人名或地名。`;
  }

  async #renderFilters(api: PagefindApi): Promise<void> {
    const box = this.querySelector<HTMLElement>('[data-filters]')!;
    if (box.childElementCount) return;
    const filters = await api.filters();
    const wanted = new URL(location.href).searchParams;
    for (const [name, values] of Object.entries(filters)) {
      const group = el('div', 'group');
      group.append(el('span', 'group-name', name));
      for (const [value, count] of Object.entries(values)) {
        const label = el('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.value = value;
        input.dataset.filter = name;
        input.checked = wanted.getAll(`f.${name}`).includes(value);
        label.append(input, ` ${value}（${count}）`);
        group.append(label);
      }
      box.append(group);
    }
    box.closest('fieldset')!.hidden = false;
  }

  #resultItem(d: PagefindResultData, terms: string[]): HTMLLIElement {
    const li = el('li');
    const a = el('a', 'r-title');
    a.href = d.url;
    a.textContent = d.meta.title ?? d.url;
    const meta = el('p', 'r-meta', [d.meta.edition, d.meta.page, d.filters['体裁']?.[0]].filter(Boolean).join(' · '));
    const excerpt = el('p', 'r-excerpt');
    excerpt.append(...excerptNodes(d.content, terms));
    li.append(a, meta, excerpt);
    return li;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** The query's terms, split on white space, without spaces or case. */
function queryTerms(q: string): string[] {
  return q.normalize('NFKC').toLowerCase().split(/\s+/u).filter(Boolean);
}

/** Text as the terms are compared with it: NFKC, lower case, no white space. */
function compact(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** An excerpt around the first hit, as text nodes with every term wrapped in <mark>. */
function excerptNodes(content: string, terms: string[]): Node[] {
  const text = content.normalize('NFKC').replace(/\s+/gu, '');
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0));
  const start = Math.max(0, (Number.isFinite(first) ? first : 0) - 30);
  const window = text.slice(start, start + 100);
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  const nodes: Node[] = start > 0 ? [document.createTextNode('…')] : [];
  for (const part of window.split(pattern)) {
    if (!part) continue;
    if (terms.includes(part.toLowerCase())) {
      const mark = document.createElement('mark');
      mark.textContent = part;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(part));
  }
  if (start + 100 < text.length) nodes.push(document.createTextNode('…'));
  return nodes;
}
