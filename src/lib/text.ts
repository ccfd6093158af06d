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

/** The elements whose text `htmlToPlain` leaves out: each one's opening and closing tags. */
const LEFT_OUT = ['blockquote', 'figure'].map((name) => [new RegExp(`<${name}\\b`, 'g'), new RegExp(`</${name}>`, 'g')] as const);

/**
 * `clip(htmlToPlain(html), max)`, reading only as much of the HTML as it takes: an article's
 * excerpt is its first 90 characters, and the archive makes one for each of its articles on every
 * build (10,000 generated articles: 0.36–0.64 s from whole articles, 0.15–0.17 s this way). The
 * HTML is cut at `first` characters, then at four times as many, never inside a tag or an entity,
 * nor inside a blockquote or figure (whose text is left out; the renderer always closes them).
 * The result is taken once the cut holds more than `max` characters of text, so that the first
 * `max` are those of the whole.
 */
export function plainExcerpt(html: string, max: number, first = 512): string {
  for (let size = first; size < html.length; size *= 4) {
    let cut = html.slice(0, size);
    const tag = cut.lastIndexOf('<');
    if (tag > cut.lastIndexOf('>')) cut = cut.slice(0, tag);
    const entity = cut.lastIndexOf('&');
    if (entity > cut.lastIndexOf(';')) cut = cut.slice(0, entity);
    if (LEFT_OUT.some(([opening, closing]) => (cut.match(opening)?.length ?? 0) !== (cut.match(closing)?.length ?? 0))) continue;
    const plain = htmlToPlain(cut);
    let chars = 0;
    for (const _ of plain) if (++chars > max) return clip(plain, max);
  }
  return clip(htmlToPlain(html), max);
}

/** The first sentence of Chinese text, up to and including its 。！？ (or the whole text). */
export function firstSentence(text: string): string {
  const m = /^.*?[。！？!?]/su.exec(text);
  return (m ? m[0] : text).trim();
}
