/**
 * The one place for the site's identity and address. Everything that prints the site name,
 * builds an absolute URL or names the newspaper reads it from here.
 */
export const SITE = {
  /** The site's name, shown in the header, titles and feeds. */
  name: '报海存真 · 中文报纸数字档案',
  /** A one-line description for search engines and feeds. */
  description: '忠实于印刷版面的中文报纸数字档案：按日期、版面浏览，全文检索。',
  /** The absolute origin the site is deployed at (no trailing slash). Override with SITE_URL. */
  url: (process.env.SITE_URL ?? 'https://archive.example.org').replace(/\/$/, ''),
  /** The path prefix the site is served under, '/' unless deployed to a sub-path. Override with BASE_PATH. */
  base: process.env.BASE_PATH ?? '/',
  /** The language of the archive. */
  lang: 'zh-CN',
  /** The newspaper this archive reproduces. */
  newspaper: {
    /** The name as printed. The source edition does not print its masthead, so none is given. */
    name: '报名不详',
    /** Why the name is not given; shown wherever the name is. */
    nameNote: '原版文本未载报名，档案不作推测。',
  },
} as const;
