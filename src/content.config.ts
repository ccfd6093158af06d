import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { makeArticleSchema } from './schemas/article';
import type { RefFactory } from './schemas/ref';
import { EditionSchema } from './schemas/edition';
import { PersonSchema } from './schemas/person';
import { contentRoot } from './lib/content-root';
import { articleId, baseName } from './lib/ids';
import { dateToIso } from './schemas/common';

const root = contentRoot();

/** One YAML file per edition: content/editions/YYYY-MM-DD.yaml. */
const editions = defineCollection({
  loader: glob({ pattern: '*.yaml', base: `${root}/editions` }),
  schema: EditionSchema,
});

/** One Markdown file per article: content/articles/<edition>/<slug>.md. */
const articles = defineCollection({
  loader: glob({
    pattern: '**/*.md',
    base: `${root}/articles`,
    // The store keeps each article's rendered HTML; its Markdown too would make the store, which
    // Astro writes as one string, pass V8's string limit near 100,000 articles (BENCHMARKS.md).
    retainBody: false,
    generateId: ({ entry, data }) => articleId(String(dateToIso(data.edition)), String(data.slug ?? baseName(entry))),
  }),
  schema: makeArticleSchema(reference as unknown as RefFactory),
});

/** One YAML file per person or collective: content/people/<id>.yaml. */
const people = defineCollection({
  loader: glob({ pattern: '*.yaml', base: `${root}/people` }),
  schema: PersonSchema,
});

export const collections = { editions, articles, people };
