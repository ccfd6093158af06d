/**
 * <archive-search>: the search page's client. It loads Pagefind's browser library only when
 * a search runs, keeps the query and filters in the URL (so a search can be shared), and
 * renders results as DOM nodes — never as HTML strings from the URL or the index.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
interface PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  search(q: string, o?: { filters?: Record<string, string[]> }): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] }>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

const PAGE_SIZE = 20;

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
    const search = await api.search(q, { filters: this.#selectedFilters() });
    const data = await Promise.all(search.results.slice(0, PAGE_SIZE).map((r) => r.data()));
    if (seq !== this.#seq) return;
    list.replaceChildren(...data.map((d) => this.#resultItem(d)));
    status.textContent = search.results.length
      ? `“${q}”共找到 ${search.results.length} 篇${search.results.length > PAGE_SIZE ? `，显示前 ${PAGE_SIZE} 篇` : ''}。`
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

  #resultItem(d: PagefindResultData): HTMLLIElement {
    const li = el('li');
    const a = el('a', 'r-title');
    a.href = d.url;
    a.textContent = d.meta.title ?? d.url;
    const meta = el('p', 'r-meta', [d.meta.edition, d.meta.page, d.filters['体裁']?.[0]].filter(Boolean).join(' · '));
    const excerpt = el('p', 'r-excerpt');
    excerpt.append(...excerptNodes(d.excerpt));
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

/** Pagefind's excerpt is escaped text with <mark> around hits; rebuild it as nodes, keeping only the marks. */
function excerptNodes(excerpt: string): Node[] {
  const parser = new DOMParser();
  return excerpt.split(/(<mark>.*?<\/mark>)/s).map((part) => {
    const hit = /^<mark>(.*)<\/mark>$/s.exec(part);
    const text = parser.parseFromString(hit ? hit[1]! : part, 'text/html').body.textContent ?? '';
    if (!hit) return document.createTextNode(text);
    const mark = document.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}
