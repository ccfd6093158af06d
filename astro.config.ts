import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { markdownOptions } from './src/plugins/markdown';
import { parallelMarkdown } from './src/plugins/parallel-markdown';
import contentCheck from './src/integrations/content-check';
import searchIndex from './src/integrations/search-index';
import atomicOutput from './src/integrations/atomic-output';
import { SITE } from './src/site.config';
import { CSP_DIRECTIVES, CSP_SCRIPT_RESOURCES } from './src/csp';

/** Lets worker threads import the project's TypeScript; named here, where the path is known. */
const TS_HOOKS = new URL('./scripts/support/ts-imports.ts', import.meta.url);

/** The modules of the search page's script (src/pages/search/index.astro), bundled as one chunk. */
const SEARCH_PAGE_MODULES = /\/src\/(?:pages\/search\/index\.astro\?astro&type=script|components\/archive-search\.ts|lib\/(?:search-text|bundle-names|simplifier)\.ts)/;

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  output: 'static',
  trailingSlash: 'always',
  // Four pages in flight: while one page's files are written, the next renders. Rendering alone
  // left the thread idle a fifth of the time, waiting on the disk; cold builds of 10,000 articles
  // generated their pages in 33.8 and 46.1 s against 50.2 and 83 s one at a time (BENCHMARKS.md).
  build: { format: 'directory', concurrency: 4 },
  // The content data store lives here; the build benchmark gives each generated archive its own.
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
  // A page whose getStaticPaths() cacheKey (src/lib/cache-key.ts), route code, config and lockfile
  // are as in the previous build is copied from <cacheDir>/dist/ instead of rendered again.
  experimental: {
    incrementalBuild: true,
    // The content store in parts of at most 20 MiB, written one entry at a time. The single-file
    // store is one string: at 100,000 articles it passes V8's string limit (BENCHMARKS.md,
    // "100,000 articles"). Astro's part writer is patched (patches/astro+*.patch) to count bytes
    // without a TextEncoder call per character, which cost 1 µs a character.
    collectionStorage: 'chunked',
  },
  // Rendered on worker threads too (a cold sync of 10,000 articles is mostly rendering), each
  // with the same unified() processor built from the same options (src/plugins/markdown-worker.ts).
  markdown: {
    processor: parallelMarkdown(unified(markdownOptions), {
      module: new URL('./src/plugins/markdown-worker.ts', import.meta.url),
      hooks: TS_HOOKS,
    }),
  },
  // Astro writes the CSP <meta> into every page, with hashes of the inline styles it emits.
  security: { csp: { directives: [...CSP_DIRECTIVES], scriptDirective: { resources: CSP_SCRIPT_RESOURCES } } },
  // contentCheck first: it refuses broken content before anything else runs. atomicOutput
  // last: it publishes the finished site, sitemap and search index included, in one swap.
  // The sitemap leaves out the 404 page: it is not a place to send search engines.
  // The search page's script in one file: its modules would otherwise be split into chunks shared
  // with the article page's highlighter, each one more request before the first search.
  vite: {
    environments: {
      client: {
        build: {
          rollupOptions: {
            output: {
              codeSplitting: {
                // Vite's preload helper is left to Rolldown: only the article pages' script uses it
                // (archive-search.ts brings its own), so it goes into that script's file.
                groups: [{ name: (id: string) => (SEARCH_PAGE_MODULES.test(id) ? 'search' : null) }],
              },
            },
          },
        },
      },
    },
  },
  integrations: [contentCheck(), sitemap({ filter: (page) => !/\/404\/?$/.test(new URL(page).pathname) }), searchIndex({ modules: { module: new URL('./src/integrations/search-page-worker.ts', import.meta.url), hooks: TS_HOOKS } }), atomicOutput()],
});
