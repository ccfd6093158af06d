/** The latest articles as feed items, shared by the RSS and Atom routes. */
import { loadArchive } from './archive';
import { toFullwidthPunctuation } from '../lib/cjk-punctuation';
import { withBase } from '../lib/paths';
import type { FeedItem, FeedMeta } from '../lib/feeds';
import { SITE } from '../site.config';

/** How many of the newest articles the feeds carry; readers' apps keep their own history. */
export const FEED_SIZE = 50;

const absolute = (path: string) => new URL(withBase(path, import.meta.env.BASE_URL), SITE.url).href;

/** The feed's description and addresses, for the feed at site path `self`. */
export function feedMeta(self: string): FeedMeta {
  return { title: SITE.name, description: SITE.description, home: absolute('/'), self: absolute(self), language: SITE.lang };
}

/** The newest FEED_SIZE published articles, newest first. */
export async function latestFeedItems(): Promise<FeedItem[]> {
  const { articles } = await loadArchive();
  return articles
    .slice(-FEED_SIZE)
    .toReversed()
    .map((a) => ({
      title: toFullwidthPunctuation(a.title),
      url: absolute(a.path),
      date: a.date,
      authors: a.entry.data.bylines.map((b) => b.name),
      summary: a.entry.data.summary ? toFullwidthPunctuation(a.entry.data.summary) : a.excerpt,
      categories: a.entry.data.tags,
    }));
}
