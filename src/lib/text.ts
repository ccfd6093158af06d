/** Turns Markdown into plain text for excerpts: drops headings' marks, emphasis, links and notes. */
export function markdownToPlain(md: string): string {
  return md
    .replace(/^>.*$/gm, '')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '')
    .replace(/<[^>]+>/g, '')
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
