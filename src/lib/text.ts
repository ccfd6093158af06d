import { decodeHTML } from 'entities';

/**
 * Turns an article's rendered HTML into plain text for excerpts: drops quoted notes (blockquotes)
 * and figures with their captions, keeps the text of headings, emphasis and links, decodes
 * entities. The excerpt comes from the rendered HTML rather than the Markdown so that the content
 * store need not keep every article's Markdown too (`retainBody: false`, src/content.config.ts).
 */
export function htmlToPlain(html: string): string {
  return decodeHTML(
    html
      .replace(/<(blockquote|figure)\b[^>]*>[\s\S]*?<\/\1>/g, '')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Clips text to at most `max` characters (code points), ending with `…` when clipped. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The first sentence of Chinese text, up to and including its 。！？ (or the whole text). */
export function firstSentence(text: string): string {
  const m = /^.*?[。！？!?]/su.exec(text);
  return (m ? m[0] : text).trim();
}
