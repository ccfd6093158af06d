import type { UnifiedProcessorOptions } from '@astrojs/markdown-remark';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkPunctuation from './remark-cjk-punctuation';
import rehypeAnchors from './rehype-anchors';
import rehypeEditorNotes from './rehype-editor-notes';

/**
 * The article Markdown pipeline, in one place so that astro.config.ts and the unit tests
 * run exactly the same plugins in the same order.
 */
export const markdownOptions = {
  remarkPlugins: [remarkCjkFriendly, remarkCjkPunctuation],
  // Notes first: anchors number the top-level paragraphs, and a note's paragraphs are not the source's.
  rehypePlugins: [rehypeEditorNotes, rehypeAnchors],
  // Smart quotes would turn the source's straight quotes into Western curly ones.
  smartypants: false,
} satisfies UnifiedProcessorOptions;
