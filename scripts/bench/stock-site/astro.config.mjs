// The stock reference of `npm run bench -- --stock`: Astro as it comes, static output, its own
// remark/rehype Markdown pipeline, and nothing of ours. The benchmark installs it in a folder of
// its own (unpatched Astro) and builds the same generated archive (CONTENT_ROOT).
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
});
