import { describe, expect, it } from 'vitest';
import { escapeXml, renderAtom, renderRss, type FeedItem } from '~/lib/feeds';
import { breadcrumbListLd, toJsonLd } from '~/lib/structured-data';

const meta = { title: '档案 & 报', description: '描述', home: 'https://a.example/', self: 'https://a.example/rss.xml', language: 'zh-CN' };
const item: FeedItem = { title: '“专精特新”<企业>', url: 'https://a.example/2022/09/01/x/', date: '2022-09-01', authors: ['丁小溪', '张研'], summary: 'a & b', categories: ['党建'] };

describe('escapeXml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    [`"'`, '&quot;&apos;'],
    ['控制\u0001字符', '控制字符'],
    ['中文', '中文'],
  ])('%j → %j', (input, expected) => expect(escapeXml(input)).toBe(expected));
});

describe('renderRss', () => {
  const xml = renderRss(meta, [item]);
  it('writes RFC 822 dates, one dc:creator per author and escaped text', () => {
    expect(xml).toContain('<pubDate>Thu, 01 Sep 2022 00:00:00 GMT</pubDate>');
    expect(xml).toContain('<dc:creator>丁小溪</dc:creator>\n      <dc:creator>张研</dc:creator>');
    expect(xml).toContain('<title>“专精特新”&lt;企业&gt;</title>');
    expect(xml).toContain('<title>档案 &amp; 报</title>');
    expect(xml).toContain('<atom:link href="https://a.example/rss.xml" rel="self" type="application/rss+xml"/>');
  });
  it('dates an empty feed without failing', () => expect(renderRss(meta, [])).toContain('<lastBuildDate>Thu, 01 Jan 1970'));
});

describe('renderAtom', () => {
  const xml = renderAtom(meta, [item, { ...item, url: 'https://a.example/2023/01/02/y/', date: '2023-01-02', authors: [] }]);
  it('writes RFC 3339 dates, the newest as the feed’s updated time, and authors by name', () => {
    expect(xml).toContain('<updated>2023-01-02T00:00:00Z</updated>\n  <author>');
    expect(xml).toContain('<published>2022-09-01T00:00:00Z</published>');
    expect(xml).toContain('<author><name>丁小溪</name></author>');
    expect(xml).toContain('xml:lang="zh-CN"');
  });
});

describe('structured data', () => {
  it('numbers breadcrumb steps from 1 and leaves out a missing URL', () => {
    expect(breadcrumbListLd([{ name: '首页', url: 'https://a.example/' }, { name: '人物' }]).itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: '首页', item: 'https://a.example/' },
      { '@type': 'ListItem', position: 2, name: '人物' },
    ]);
  });
  it('escapes < so that text can never close the script element, and still parses back', () => {
    const json = toJsonLd({ headline: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ headline: '</script><script>alert(1)</script>' });
  });
});
