import { z } from 'astro/zod';

/** An editorial note (编者注) shown to readers, e.g. to explain an inferred date or a gap in the source. */
export const NoteSchema = z
  .object({
    /** What kind of note: `editorial` for 编者注, `correction` for 更正, `source` for notes on the source text. */
    kind: z.enum(['editorial', 'correction', 'source']).default('editorial'),
    /** The note's text, in Chinese, shown as written. */
    text: z.string().trim().min(1, '不能为空 (must not be empty)'),
  })
  .strict();

export type Note = z.infer<typeof NoteSchema>;
