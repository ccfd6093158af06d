import { z } from 'astro/zod';

/** A photograph printed with the article. The archive may hold only its caption. */
export const PhotoSchema = z
  .object({
    /** The caption exactly as printed. */
    caption: z.string().trim().min(1, '不能为空 (must not be empty)'),
    /** The credit line as printed, e.g. `新华社记者 徐昱 摄`. */
    credit: z.string().trim().min(1).optional(),
    /** Path of the image file under public/, when the archive has one (e.g. `/images/2022/09/01/farm.jpg`). */
    src: z
      .string()
      .regex(/^\/[A-Za-z0-9._/-]+$/, 'expected a path under public/ starting with / in ASCII, e.g. /images/a.jpg')
      .optional(),
    /** Text alternative describing the image for readers who cannot see it; required with `src`. */
    alt: z.string().trim().min(1).optional(),
  })
  .strict()
  .refine((p) => !p.src || p.alt, { message: '有图片文件时必须提供 alt (alt is required when src is given)', path: ['alt'] });

export type Photo = z.infer<typeof PhotoSchema>;
