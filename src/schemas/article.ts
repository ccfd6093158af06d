import { z } from 'astro/zod';
import { BylineSchema } from './byline';
import { NoteSchema } from './note';
import { PhotoSchema } from './photo';
import { TextSchema, SlugSchema, dateToIso } from './common';
import type { RefFactory } from './ref';

/** What kind of item an article is; the Chinese labels live in src/lib/labels.ts. */
export const ARTICLE_KINDS = ['feature', 'profile', 'brief', 'photo', 'news', 'commentary', 'interview'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

/** Where the item came from, as printed (本报讯, 新华社 …). */
export const ARTICLE_SOURCES = ['本报', '本报讯', '新华社', '人民日报', '其他'] as const;
export type ArticleSource = (typeof ARTICLE_SOURCES)[number];

/**
 * The frontmatter of one article. `ref` builds the references to other collections:
 * Astro's `reference()` inside the site, a plain id check in the standalone validator.
 */
export function makeArticleSchema(ref: RefFactory) {
  return z
    .object({
      /** The edition (出版日期) this article was printed in: the id of a file in content/editions/, e.g. `2022-09-01`. */
      edition: z.preprocess(dateToIso, ref('editions')),
      /** The id of the page (版) within the edition, as listed in the edition's `pages`. */
      page: SlugSchema,
      /** Position in the page's reading order, starting at 1. */
      order: z.number().int().positive(),
      /** The ASCII part of the article's URL, unique within its edition; defaults to the file name. */
      slug: SlugSchema.optional(),
      /** What kind of item this is: feature (通讯), profile (人物通讯), brief (简讯), photo (图片新闻) … */
      kind: z.enum(ARTICLE_KINDS),
      /** The kicker (引题) printed above the headline. */
      kicker: TextSchema.optional(),
      /** The headline (主题) as printed. Only photo news printed without a title may omit it. */
      headline: TextSchema.optional(),
      /** The subheadline (副题) printed below the headline, without its leading dash. */
      subheadline: TextSchema.optional(),
      /** Who wrote or photographed it, in printed order. */
      bylines: z.array(BylineSchema).default([]),
      /** The source line (本报讯, 新华社 …); omit when the page prints none. */
      source: z.enum(ARTICLE_SOURCES).optional(),
      /** The dateline (电头) as printed, e.g. `新华社北京8月30日电`. */
      dateline: TextSchema.optional(),
      /** Photographs printed with the article; a photo may be a caption without an image file. */
      photos: z.array(PhotoSchema).default([]),
      /** Editorial notes (编者注) shown with the article: inferred values, gaps in the source … */
      notes: z.array(NoteSchema).default([]),
      /** People in the directory that the article tells about, each with the paragraph that tells their story. */
      people: z
        .array(
          z
            .object({
              /** The id of a file in content/people/, e.g. `zhou-maijun`. */
              person: ref('people'),
              /** The anchor of the paragraph that tells their story, e.g. `p-5` (paragraphs are numbered from 1). */
              paragraph: z.string().regex(/^p-[1-9]\d*$/, 'expected a paragraph anchor such as p-5'),
            })
            .strict(),
        )
        .default([]),
      /** Subject tags in Chinese, e.g. `党建`. */
      tags: z.array(TextSchema).default([]),
      /** A one-sentence summary, used in listings and link previews. Quote the source; do not invent. */
      summary: TextSchema.optional(),
      /** Drafts are validated but not published. */
      draft: z.boolean().default(false),
    })
    .strict()
    .superRefine((a, ctx) => {
      if (!a.headline && a.kind !== 'photo') {
        ctx.addIssue({ code: 'custom', path: ['headline'], message: 'expected a headline (only photo news without a printed title may omit it)' });
      }
      if (a.kind === 'photo' && a.photos.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['photos'], message: 'photo news needs at least one photo with its caption' });
      }
    });
}

export type ArticleData = z.infer<ReturnType<typeof makeArticleSchema>>;
