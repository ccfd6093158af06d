import type { APIRoute } from 'astro';
import { feedMeta, latestFeedItems } from '~/data/feed';
import { renderRss } from '~/lib/feeds';

/** RSS 2.0 feed of the latest articles. */
export const GET: APIRoute = async () =>
  new Response(renderRss(feedMeta('/rss.xml'), await latestFeedItems()), { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
