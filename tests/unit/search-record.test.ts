import { describe, expect, it } from 'vitest';
import { readPageRecord } from '~/lib/search-record';

const PAGE = `<!doctype html><html lang="zh-CN"><head><title>x</title><script>var a = "<p>不是正文</p>";</script></head>
<body><header data-pagefind-ignore><a href="/">报海存真</a></header>
<main><article class="story" data-pagefind-body>
  <p class="story-meta"><span class="kind" data-pagefind-filter="体裁">简讯</span><time datetime="2022-09-01">2022年9月1日</time></p>
  <h1 data-pagefind-meta="title">六安开发区 “专精特新”企业达125家</h1>
  <div class="prose"><p>本报讯（汪婷婷）近日&amp;今日<a href="#p-1" class="anchor" data-pagefind-ignore="">#</a></p><p>联东U谷<br>第二行</p></div>
  <img src="a.jpg" alt="图" data-pagefind-meta="image:/a.jpg">
  <ul class="tags" data-pagefind-ignore><li>党建</li></ul>
  <span hidden data-pagefind-filter="人物">汪婷婷</span><span hidden data-pagefind-filter="人物">储勇</span>
  <span hidden data-pagefind-sort="date">2022-09-01</span>
  <script>document.title = "不是正文"</script>
</article></main><footer data-pagefind-ignore>页脚</footer></body></html>`;

describe('readPageRecord', () => {
  const record = readPageRecord(PAGE)!;

  it('reads the body text without ignored, hidden or script parts, breaking lines at blocks', () => {
    expect(record.text).toBe('简讯 2022年9月1日\n六安开发区 “专精特新”企业达125家\n本报讯（汪婷婷）近日&今日\n联东U谷\n第二行');
  });

  it('reads meta, filters and sort keys, in both of Pagefind’s forms', () => {
    expect(record.meta).toEqual({ title: '六安开发区 “专精特新”企业达125家', image: '/a.jpg' });
    expect(record.filters).toEqual({ 体裁: ['简讯'], 人物: ['汪婷婷', '储勇'] });
    expect(record.sort).toEqual({ date: '2022-09-01' });
  });

  it('skips pages without a search body', () => {
    expect(readPageRecord('<html><body><main><p>往期</p></main></body></html>')).toBeUndefined();
  });
});
