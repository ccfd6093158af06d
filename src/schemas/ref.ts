import { z } from 'astro/zod';

/** What a reference resolves to: the id of an entry in a collection. */
export interface EntryRef {
  id: string;
  collection: string;
}

/** Builds the schema of a reference to another collection's entry. */
export type RefFactory = (collection: 'editions' | 'people') => z.ZodType<EntryRef>;

/** References as plain ids, for validating content outside Astro (whether the entry exists is checked separately). */
export const plainRef: RefFactory = (collection) =>
  z
    .string({ error: 'expected the id of an existing entry' })
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected the id of an existing entry (ASCII kebab-case)')
    .transform((id) => ({ id, collection }));
