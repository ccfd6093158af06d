import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkPunctuation from './src/plugins/remark-cjk-punctuation';
import rehypeAnchors from './src/plugins/rehype-anchors';
import rehypeEditorNotes from './src/plugins/rehype-editor-notes';
import searchIndex from './src/integrations/search-index';
import { SITE } from './src/site.config';

export default defineConfig({
  site: SITE.url,
  base: SITE.base,
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkCjkFriendly, remarkCjkPunctuation],
      rehypePlugins: [rehypeEditorNotes, rehypeAnchors],
      // Smart quotes would turn the source's straight quotes into Western curly ones.
      smartypants: false,
    }),
  },
  integrations: [searchIndex()],
});
