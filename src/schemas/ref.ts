import { z } from 'astro/zod';

/** Builds the schema of a reference to another collection's entry. */
export type RefFactory = (collection: 'editions' | 'people') => z.ZodType<unknown>;

/** References as plain ids, for validating content outside Astro (the existence check is separate). */
export const plainRef: RefFactory = () =>
  z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected the id of an existing entry (ASCII kebab-case)');
