import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import { markdownOptions } from './src/plugins/markdown';
import contentCheck from './src/integrations/content-check';
import searchIndex from './src/integrations/search-index';
import { SITE } from './src/site.config';

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  markdown: {
    processor: unified(markdownOptions),
  },
  // contentCheck first: it refuses broken content before anything else runs.
  integrations: [contentCheck(), searchIndex()],
});
