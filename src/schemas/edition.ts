import { z } from 'astro/zod';
import { IsoDateSchema, SlugSchema, TextSchema } from './common';
import { NoteSchema } from './note';

/** One printed page (版) of an edition. */
export const PageSchema = z
  .object({
    /** The ASCII part of the page's URL, unique within the edition, e.g. `a01` or `jingkaiqu`. */
    id: SlugSchema,
    /** The page number (版次) as printed; omit when the source does not give it. */
    number: z.number().int().positive().optional(),
    /** The page's name (版名) as printed, e.g. `要闻`; omit when the source does not give it. */
    name: TextSchema.optional(),
    /** The banner slogan printed across the page, exactly as printed. */
    banner: TextSchema.optional(),
  })
  .strict();

export type Page = z.infer<typeof PageSchema>;

/** One day's edition (出版日期) of the newspaper: content/editions/YYYY-MM-DD.yaml. */
export const EditionSchema = z
  .object({
    /** The publication date, YYYY-MM-DD. It must match the file name. */
    date: IsoDateSchema,
    /**
     * Set when the date is not printed in the source but inferred: say from what, in Chinese.
     * Readers see it next to the date.
     */
    dateInferred: TextSchema.optional(),
    /** The issue number (期号/总第…期) as printed, when known. */
    issue: TextSchema.optional(),
    /** The pages of this edition in printed order. */
    pages: z.array(PageSchema).min(1, 'an edition needs at least one page'),
    /** Notes on the edition as a whole (how its text was transcribed …). */
    notes: z.array(NoteSchema).default([]),
  })
  .strict()
  .superRefine((e, ctx) => {
    const seen = new Set<string>();
    e.pages.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['pages', i, 'id'], message: `page id "${p.id}" is used twice in this edition` });
      seen.add(p.id);
    });
  });

export type EditionData = z.infer<typeof EditionSchema>;
