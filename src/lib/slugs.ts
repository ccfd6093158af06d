import { pinyin } from 'pinyin-pro';

/**
 * An ASCII kebab-case slug for Chinese text, from its pinyin without tones:
 * `专精特新` → `zhuan-jing-te-xin`, `联东U谷` → `lian-dong-u-gu`. Never empty.
 */
export function toSlug(text: string): string {
  const syllables = pinyin(text.normalize('NFKC'), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const slug = syllables
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'x';
}

/**
 * Gives each text a distinct slug, numbering repeats in order: 一 `yi`, 衣 `yi-2`. A slug in
 * `reserved` (a URL segment the site uses itself) is numbered as if taken: `initial-2`.
 */
export function uniqueSlugs(texts: readonly string[], reserved: readonly string[] = []): Map<string, string> {
  const used = new Map<string, number>(reserved.map((r) => [r, 1]));
  const out = new Map<string, string>();
  for (const text of [...new Set(texts)].sort()) {
    const base = toSlug(text);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.set(text, n === 1 ? base : `${base}-${n}`);
  }
  return out;
}
