/** One step of a breadcrumb trail, with an absolute URL except for the current page. */
export interface TrailStep {
  name: string;
  url?: string | undefined;
}

/** schema.org BreadcrumbList for a trail (the last step, the current page, may have no URL). */
export function breadcrumbListLd(trail: readonly TrailStep[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((s, i) => ({ '@type': 'ListItem', position: i + 1, name: s.name, ...(s.url ? { item: s.url } : {}) })),
  };
}

/** What the NewsArticle description of an article is built from. */
export interface NewsArticleInput {
  url: string;
  headline: string;
  /** Kicker and subheadline, as printed. */
  alternativeHeadline?: string | undefined;
  /** ISO day of the edition. */
  date: string;
  authors: readonly string[];
  /** The page (版) name or label, as shown to readers. */
  section: string;
  /** The page number, when printed. */
  pageNumber?: number | undefined;
  description: string;
  publisher: { name: string; url: string };
  /** The newspaper (its name as the config gives it) and the edition's URL. */
  newspaper: string;
  editionUrl: string;
  language: string;
}

/**
 * schema.org NewsArticle, part of the edition's PublicationIssue (and the page when its number is
 * known). Only values the source gives are emitted: no invented page numbers.
 */
export function newsArticleLd(a: NewsArticleInput) {
  const issue = {
    '@type': 'PublicationIssue',
    '@id': a.editionUrl,
    url: a.editionUrl,
    datePublished: a.date,
    isPartOf: { '@type': 'Periodical', name: a.newspaper },
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    url: a.url,
    headline: a.headline,
    ...(a.alternativeHeadline ? { alternativeHeadline: a.alternativeHeadline } : {}),
    datePublished: a.date,
    author: a.authors.map((name) => ({ '@type': 'Person', name })),
    publisher: { '@type': 'Organization', name: a.publisher.name, url: a.publisher.url },
    articleSection: a.section,
    inLanguage: a.language,
    description: a.description,
    ...(a.pageNumber ? { pageStart: a.pageNumber } : {}),
    isPartOf: issue,
  };
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so text can never close the script. */
export function toJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
