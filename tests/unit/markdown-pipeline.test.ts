import { describe, expect, it } from 'vitest';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { markdownOptions } from '~/plugins/markdown';

const processor = await createMarkdownProcessor({ ...markdownOptions, syntaxHighlight: false });

async function html(md: string): Promise<string> {
  return (await processor.render(md)).code;
}

describe('the article Markdown pipeline', () => {
  it.each([
    ['本报讯(王晨)六安经济技术开发区', '<p id="p-1">本报讯（王晨）六安经济技术开发区</p>'],
    ['研发投入上报数7.89亿元,较同期增长30%。', '<p id="p-1">研发投入上报数7.89亿元，较同期增长30%。</p>'],
    ['每组9-10个党组织,安排2-3个党建较强党组织', '<p id="p-1">每组9-10个党组织，安排2-3个党建较强党组织</p>'],
    ['以联东U谷(六安)智造产业园为中心', '<p id="p-1">以联东U谷（六安）智造产业园为中心</p>'],
    ['持续推进基层党组织ABC分类管理', '<p id="p-1">持续推进基层党组织ABC分类管理</p>'],
    ['**“强调”**后文', '<p id="p-1"><strong>“强调”</strong>后文</p>'],
    ['**强调。**后文', '<p id="p-1"><strong>强调。</strong>后文</p>'],
    ['前文**强调**,后文', '<p id="p-1">前文<strong>强调</strong>，后文</p>'],
    ['代码 `a,b` 保持', '<p id="p-1">代码 <code>a,b</code> 保持</p>'],
    ['“大家靠后,我先上!”', '<p id="p-1">“大家靠后，我先上！”</p>'],
  ])('%s', async (md, expected) => {
    expect(await html(md)).toBe(expected);
  });

  it('numbers top-level paragraphs and gives sub-headings ASCII anchors with a self-link', async () => {
    const out = await html('第一段。\n\n## 危难关头勇担当\n\n第二段。');
    expect(out).toContain('<p id="p-1">第一段。</p>');
    expect(out).toMatch(/<h2 id="s-1">危难关头勇担当<a href="#s-1" class="anchor" aria-label="本节链接" data-pagefind-ignore="">#<\/a><\/h2>/);
    expect(out).toContain('<p id="p-2">第二段。</p>');
  });

  it('turns a 编者注 blockquote into a visible note that is not counted as a source paragraph', async () => {
    const out = await html('凭的是诚\n\n> 编者注:原版此处文字缺失。\n\n亮评价分……');
    expect(out).toContain('<aside class="editor-note" role="note"><strong class="editor-note-label">编者注</strong>');
    expect(out).toContain('<p>原版此处文字缺失。</p>');
    expect(out).not.toContain('编者注：');
    expect(out).toContain('<p id="p-2">亮评价分……</p>');
  });

  it('leaves ordinary blockquotes alone', async () => {
    expect(await html('> 引文,照录')).toContain('<blockquote>');
  });
});
