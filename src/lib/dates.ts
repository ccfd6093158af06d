const zhDate = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const zhWeekday = new Intl.DateTimeFormat('zh-CN', { weekday: 'long', timeZone: 'UTC' });

/** The UTC midnight Date of an ISO day `YYYY-MM-DD`. */
export function parseIsoDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Each day formatted once: a build shows a few thousand days on hundreds of thousands of cards. */
const zhDates = new Map<string, string>();

/** Formats an ISO day in Chinese: `2022-09-01` → `2022年9月1日`. */
export function formatDateZh(iso: string): string {
  let formatted = zhDates.get(iso);
  if (formatted === undefined) zhDates.set(iso, (formatted = zhDate.format(parseIsoDate(iso))));
  return formatted;
}

/** The Chinese weekday of an ISO day: `2022-09-01` → `星期四`. */
export function formatWeekdayZh(iso: string): string {
  return zhWeekday.format(parseIsoDate(iso));
}

/** Splits an ISO day into its URL parts: `2022-09-01` → `{ year: '2022', month: '09', day: '01' }`. */
export function splitIsoDate(iso: string): { year: string; month: string; day: string } {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { year, month, day };
}
