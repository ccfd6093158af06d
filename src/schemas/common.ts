import { z } from 'astro/zod';

/** True when `y-m-d` names a day that exists in the Gregorian calendar (rejects 2022-02-30). */
export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * A calendar day written `YYYY-MM-DD`, normalised to that string.
 * YAML parsers turn unquoted dates into Date objects, so both forms are accepted.
 */
export const IsoDateSchema = z
  .union([z.string(), z.date()], { error: 'expected a date written YYYY-MM-DD, e.g. 2022-09-01' })
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
  .refine(isRealDate, { message: 'expected a real date written YYYY-MM-DD, e.g. 2022-09-01' });

/** A URL path segment: lowercase ASCII words joined by hyphens, e.g. `dangjian-yinling`. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an ASCII kebab-case slug such as dangjian-yinling (a–z, 0–9, hyphens)');

/** Non-empty Chinese or mixed text, trimmed. */
export const TextSchema = z.string().trim().min(1, '不能为空 (must not be empty)');

/** YAML reads an unquoted `2022-09-01` as a Date; ids and references use the written form. */
export function dateToIso(v: unknown): unknown {
  return v instanceof Date ? v.toISOString().slice(0, 10) : v;
}
