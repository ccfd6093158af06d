import { z } from 'astro/zod';

/** The roles a byline can carry, as printed in Chinese newspapers. */
export const BYLINE_ROLES = ['本报记者', '记者', '通讯员', '特约记者', '实习生', '新华社记者', '编辑'] as const;

/** One credited person: a writer, a correspondent or a photographer. */
export const BylineSchema = z
  .object({
    /** The person's name exactly as printed, e.g. `储勇`. */
    name: z.string().trim().min(1, '不能为空 (must not be empty)'),
    /** The role printed before the name (`本报记者`, `新华社记者` …); omit when the page prints none. */
    role: z.enum(BYLINE_ROLES).optional(),
    /** True when the credit is for a photograph (printed as `… 摄`). */
    photo: z.boolean().default(false),
  })
  .strict();

export type Byline = z.infer<typeof BylineSchema>;
