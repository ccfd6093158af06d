import { decodeHTML } from 'entities';

/** The visible text of an HTML fragment: scripts, styles and tags removed, entities decoded. */
export function htmlToText(html: string): string {
  return decodeHTML(
    html
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  );
}
