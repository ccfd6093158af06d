import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const root = process.env.CONTENT_ROOT;
if (!root) throw new Error('CONTENT_ROOT must name the generated archive (scripts/bench/build.ts --stock)');

// The articles as they are, with the one field the page shows checked (photos have none).
const articles = defineCollection({
  loader: glob({ pattern: '**/*.md', base: `${root}/articles` }),
  schema: z.object({ headline: z.string().optional() }),
});

export const collections = { articles };
