import { formatDateZh, splitIsoDate } from './dates';
import { editionPath, monthPath, yearPath } from './paths';

/** One step of a breadcrumb trail: a label and, except for the current page, a site path. */
export interface Crumb {
  label: string;
  href?: string | undefined;
}

/**
 * The trail from the archive index down to an edition, as readers browse the printed paper:
 * 往期 › 2022年 › 9月 › 2022年9月1日. With `here`, the edition is the current page (no link).
 */
export function editionTrail(date: string, here = false): Crumb[] {
  const { year, month } = splitIsoDate(date);
  return [
    { label: '往期', href: '/editions/' },
    { label: `${year}年`, href: yearPath(year) },
    { label: `${Number(month)}月`, href: monthPath(year, month) },
    { label: formatDateZh(date), href: here ? undefined : editionPath(date) },
  ];
}
