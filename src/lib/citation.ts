/** What a newspaper citation needs. */
export interface NewspaperCitation {
  /** Authors in printed order (writers, not photographers). */
  authors: readonly string[];
  title: string;
  /** The newspaper's name, as the site config gives it. */
  newspaper: string;
  /** ISO day `YYYY-MM-DD`. */
  date: string;
  /** The page number (版次), when the source prints it. */
  page?: number | undefined;
}

/** GB/T 7714-2015 lists at most three authors, then `等`. */
const MAX_AUTHORS = 3;

/**
 * A reference to a newspaper article in GB/T 7714-2015 form (作者. 题名[N]. 报纸名, 出版日期(版次).):
 * `丁小溪, 董博婷, 张研. 书写人民满意的时代答卷[N]. 报名不详, 2022-09-01(版次不详).`
 * An unknown page number is written 版次不详 rather than guessed.
 */
export function formatGbt7714(c: NewspaperCitation): string {
  const names = c.authors.length > MAX_AUTHORS ? [...c.authors.slice(0, MAX_AUTHORS), '等'] : c.authors;
  const head = names.length ? `${names.join(', ')}. ` : '';
  return `${head}${c.title}[N]. ${c.newspaper}, ${c.date}(${c.page ?? '版次不详'}).`;
}
