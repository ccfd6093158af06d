import type { APIRoute } from 'astro';
import { feedMeta, latestFeedItems } from '~/data/feed';
import { renderAtom } from '~/lib/feeds';

/** Atom 1.0 feed of the latest articles. */
export const GET: APIRoute = async () =>
  new Response(renderAtom(feedMeta('/atom.xml'), await latestFeedItems()), { headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
