import { describe, expect, it } from 'vitest';
import { daysInMonth, groupByYearMonth, monthGrid, neighbours } from '~/lib/calendar';

describe('groupByYearMonth', () => {
  it('groups days into years and months, ascending, whatever the input order', () => {
    expect(groupByYearMonth(['2023-01-02', '2022-09-01', '2022-09-03', '2022-10-01'])).toEqual([
      { year: '2022', count: 3, months: [{ month: '09', days: ['2022-09-01', '2022-09-03'] }, { month: '10', days: ['2022-10-01'] }] },
      { year: '2023', count: 1, months: [{ month: '01', days: ['2023-01-02'] }] },
    ]);
  });
  it('is empty for an empty archive', () => expect(groupByYearMonth([])).toEqual([]));
});

describe('daysInMonth', () => {
  it.each([
    [2022, 9, 30],
    [2022, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2022, 12, 31],
  ])('%i-%i has %i days', (y, m, n) => expect(daysInMonth(y, m)).toBe(n));
});

describe('monthGrid', () => {
  it.each([
    // September 2022 begins on a Thursday: three blanks before the 1st in a Monday-first week.
    [2022, 9, [null, null, null, 1, 2, 3, 4], 5],
    // August 2022 begins on a Monday.
    [2022, 8, [1, 2, 3, 4, 5, 6, 7], 5],
    // May 2022 begins on a Sunday: six blanks.
    [2022, 5, [null, null, null, null, null, null, 1], 6],
    // February 2021: 28 days from a Monday, exactly four weeks.
    [2021, 2, [1, 2, 3, 4, 5, 6, 7], 4],
  ])('%i-%i starts %j and has %i weeks', (y, m, first, weeks) => {
    const grid = monthGrid(y, m);
    expect(grid[0]).toEqual(first);
    expect(grid).toHaveLength(weeks);
    expect(grid.every((w) => w.length === 7)).toBe(true);
    expect(grid.flat().filter((d) => d !== null)).toEqual(Array.from({ length: daysInMonth(y, m) }, (_, i) => i + 1));
  });
});

describe('neighbours', () => {
  const list = ['a', 'b', 'c'];
  it.each([
    ['a', undefined, 'b'],
    ['b', 'a', 'c'],
    ['c', 'b', undefined],
    ['x', undefined, undefined],
  ])('%s sits between %s and %s', (item, prev, next) => expect(neighbours(list, item)).toEqual({ prev, next }));
});
