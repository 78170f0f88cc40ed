// Date lines of a dump: with or without year, with upvotes, and days that do not exist.
import { describe, expect, it } from 'vitest';
import { daysInMonth, formatDay, isoDate, parseDateLine } from '../../src/lib/ingest/dates.ts';

describe('parseDateLine', () => {
  it.each([
    ['Apr 11, 2025', { month: 4, day: 11, year: 2025, upvotes: 0, hasUpvotes: false }],
    ['Apr 11', { month: 4, day: 11, upvotes: 0, hasUpvotes: false }],
    ['Sep 23 4', { month: 9, day: 23, upvotes: 4, hasUpvotes: true }],
    ['Mar 8, 2024 2', { month: 3, day: 8, year: 2024, upvotes: 2, hasUpvotes: true }],
    ['Dec 1, 2023 1,234', { month: 12, day: 1, year: 2023, upvotes: 1234, hasUpvotes: true }],
    ['Jan 2 1.2k', { month: 1, day: 2, upvotes: 1200, hasUpvotes: true }],
    ['September 3, 2024', { month: 9, day: 3, year: 2024, upvotes: 0, hasUpvotes: false }],
    ['Sept 3', { month: 9, day: 3, upvotes: 0, hasUpvotes: false }],
    ['  Feb 29  ', { month: 2, day: 29, upvotes: 0, hasUpvotes: false }],
  ])('reads "%s"', (line, expected) => {
    expect(parseDateLine(line)).toEqual(expected);
  });

  it.each([
    'Feb 30, 2024',
    'Feb 29, 2023',
    'Apr 31',
    'Foo 3',
    'Apr',
    '11 Apr 2025',
    'Apr 0',
    'Apr 11, 25',
    'Ap 11',
    '·',
    '',
  ])('refuses "%s"', (line) => {
    expect(parseDateLine(line)).toBeUndefined();
  });
});

describe('isoDate and friends', () => {
  it('writes YYYY-MM-DD', () => expect(isoDate(2025, 4, 1)).toBe('2025-04-01'));
  it('refuses Feb 29 of a common year', () => expect(isoDate(2025, 2, 29)).toBeUndefined());
  it('knows leap years', () =>
    expect([daysInMonth(2, 2024), daysInMonth(2, 1900), daysInMonth(2, 2000), daysInMonth(2)]).toEqual([
      29, 28, 29, 29,
    ]));
  it('formats a day as a dump writes it', () =>
    expect([formatDay({ month: 1, day: 7 }), formatDay({ month: 9, day: 3, year: 2024 })]).toEqual([
      'Jan 7',
      'Sep 3, 2024',
    ]));
});
