import type { UnifiedProcessorOptions } from '@astrojs/markdown-remark';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkPunctuation from './remark-cjk-punctuation';
import rehypeAnchors from './rehype-anchors';
import rehypeEditorNotes from './rehype-editor-notes';
import rehypeSafeHtml from './rehype-safe-html';

/**
 * The article Markdown pipeline, in one place so that astro.config.ts and the unit tests
 * run exactly the same plugins in the same order.
 */
export const markdownOptions = {
  remarkPlugins: [remarkCjkFriendly, remarkCjkPunctuation],
  // The HTML policy first: Astro parses editors' raw HTML only after every plugin, so the policy
  // parses it itself and the plugins after it only ever see a sanitized tree.
  // Notes before anchors: anchors number the top-level paragraphs, and a note's paragraphs are not the source's.
  rehypePlugins: [rehypeSafeHtml, rehypeEditorNotes, rehypeAnchors],
  // Smart quotes would turn the source's straight quotes into Western curly ones.
  smartypants: false,
} satisfies UnifiedProcessorOptions;
