import { splitIsoDate } from './dates';

/** The days of one month that have an edition. */
export interface MonthEntry {
  /** `09` */
  month: string;
  /** ISO days `YYYY-MM-DD`, ascending. */
  days: string[];
}

/** The months of one year that have an edition. */
export interface YearEntry {
  /** `2022` */
  year: string;
  months: MonthEntry[];
  /** How many editions the year has. */
  count: number;
}

/** Groups ISO days into years → months → days, all ascending; the archive index is built from it. */
export function groupByYearMonth(dates: readonly string[]): YearEntry[] {
  const years = new Map<string, Map<string, string[]>>();
  for (const iso of [...dates].sort()) {
    const { year, month } = splitIsoDate(iso);
    const months = years.get(year) ?? years.set(year, new Map()).get(year)!;
    (months.get(month) ?? months.set(month, []).get(month)!).push(iso);
  }
  return [...years].map(([year, months]) => ({
    year,
    months: [...months].map(([month, days]) => ({ month, days })),
    count: [...months.values()].reduce((n, d) => n + d.length, 0),
  }));
}

/** How many days month `month` (1–12) of `year` has. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The weeks of a month as rows of seven cells, Monday first (as Chinese wall calendars print
 * 一 … 日); a cell is the day of the month, or null before the 1st and after the last day.
 */
export function monthGrid(year: number, month: number): (number | null)[][] {
  const offset = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(offset).fill(null), ...Array.from({ length: daysInMonth(year, month) }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** The neighbours of `item` in `list`: the one before and the one after, when there are. */
export function neighbours<T>(list: readonly T[], item: T): { prev: T | undefined; next: T | undefined } {
  const i = list.indexOf(item);
  return i < 0 ? { prev: undefined, next: undefined } : { prev: list[i - 1], next: list[i + 1] };
}
