import type { APIRoute } from 'astro';
import { withBase } from '~/lib/paths';
import { SITE } from '~/site.config';

/** Everything may be crawled except the search page's result URLs, which only repeat the articles. */
export const GET: APIRoute = () => {
  const base = import.meta.env.BASE_URL;
  const sitemap = new URL(withBase('/sitemap-index.xml', base), SITE.url).href;
  const body = ['User-agent: *', `Disallow: ${withBase('/search/', base)}?`, 'Allow: /', '', `Sitemap: ${sitemap}`, ''].join('\n');
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
