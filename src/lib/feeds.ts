/** One article as a feed lists it. */
export interface FeedItem {
  title: string;
  /** Absolute URL of the article; also its permanent id. */
  url: string;
  /** The edition's date, ISO `YYYY-MM-DD` (newspapers publish by day, so the time is midnight UTC). */
  date: string;
  /** Bylines in printed order. */
  authors: readonly string[];
  summary: string;
  categories: readonly string[];
}

/** The feed as a whole. */
export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the site's home page. */
  home: string;
  /** Absolute URL of this feed. */
  self: string;
  language: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

const rfc822 = (iso: string) => new Date(`${iso}T00:00:00Z`).toUTCString();
const rfc3339 = (iso: string) => `${iso}T00:00:00Z`;
const newest = (items: readonly FeedItem[]) => items.reduce((d, i) => (i.date > d ? i.date : d), '1970-01-01');

/** An RSS 2.0 feed, authors as `dc:creator` (RSS's own `author` must be an e-mail address). */
export function renderRss(meta: FeedMeta, items: readonly FeedItem[]): string {
  const e = escapeXml;
  const entries = items.map((i) =>
    [
      '    <item>',
      `      <title>${e(i.title)}</title>`,
      `      <link>${e(i.url)}</link>`,
      `      <guid isPermaLink="true">${e(i.url)}</guid>`,
      `      <pubDate>${rfc822(i.date)}</pubDate>`,
      ...i.authors.map((a) => `      <dc:creator>${e(a)}</dc:creator>`),
      ...i.categories.map((c) => `      <category>${e(c)}</category>`),
      `      <description>${e(i.summary)}</description>`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${e(meta.title)}</title>`,
    `    <link>${e(meta.home)}</link>`,
    `    <description>${e(meta.description)}</description>`,
    `    <language>${e(meta.language)}</language>`,
    `    <lastBuildDate>${rfc822(newest(items))}</lastBuildDate>`,
    `    <atom:link href="${e(meta.self)}" rel="self" type="application/rss+xml"/>`,
    ...entries,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** An Atom 1.0 feed; entries without a byline take the feed's author, the archive itself. */
export function renderAtom(meta: FeedMeta, items: readonly FeedItem[]): string {
  const e = escapeXml;
  const entries = items.map((i) =>
    [
      '  <entry>',
      `    <title>${e(i.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${e(i.url)}"/>`,
      `    <id>${e(i.url)}</id>`,
      `    <published>${rfc3339(i.date)}</published>`,
      `    <updated>${rfc3339(i.date)}</updated>`,
      ...i.authors.map((a) => `    <author><name>${e(a)}</name></author>`),
      ...i.categories.map((c) => `    <category term="${e(c)}"/>`),
      `    <summary>${e(i.summary)}</summary>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${e(meta.language)}">`,
    `  <title>${e(meta.title)}</title>`,
    `  <subtitle>${e(meta.description)}</subtitle>`,
    `  <id>${e(meta.home)}</id>`,
    `  <link rel="alternate" type="text/html" href="${e(meta.home)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${e(meta.self)}"/>`,
    `  <updated>${rfc3339(newest(items))}</updated>`,
    `  <author><name>${e(meta.title)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
