/**
 * The date lines of a dump: "Apr 11, 2025", "Apr 11" (year left out: the
 * current year at capture), each optionally followed by an upvote count
 * ("Sep 23 4", "Mar 8, 2024 2", "Jan 2 1.2k"), and ISO dates built from them.
 */
import type { DumpDay } from './types.ts';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const DATE_LINE = /^(\p{L}{3,9})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?[kK]|\d+))?$/u;

export interface DateLine extends DumpDay {
  /** Upvotes after the date; 0 when none are shown. */
  upvotes: number;
  /** True when an upvote count followed the date. */
  hasUpvotes: boolean;
}

function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((name) => name.startsWith(lower) || (lower === 'sept' && name === 'september'));
  return index === -1 ? undefined : index + 1;
}

function parseUpvotes(text: string): number {
  if (/k$/i.test(text)) return Math.round(Number(text.slice(0, -1)) * 1000);
  return Number(text.replaceAll(',', ''));
}

/** Days in a month; February has 29 when the year is unknown. */
export function daysInMonth(month: number, year?: number): number {
  if (month === 2) return year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a dump's date line; undefined when the line is not a date or names a day that does not exist. */
export function parseDateLine(line: string): DateLine | undefined {
  const match = DATE_LINE.exec(line.trim());
  if (!match) return undefined;
  const month = monthNumber(match[1]!);
  const day = Number(match[2]);
  const year = match[3] === undefined ? undefined : Number(match[3]);
  if (month === undefined || day < 1 || day > daysInMonth(month, year)) return undefined;
  const upvotes = match[4] === undefined ? 0 : parseUpvotes(match[4]);
  return { month, day, ...(year === undefined ? {} : { year }), upvotes, hasUpvotes: match[4] !== undefined };
}

/** YYYY-MM-DD; undefined when the day does not exist in that year (Feb 29 of a common year). */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (day > daysInMonth(month, year)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "Jan 7" or "Jan 7, 2026", as a dump writes it (for messages). */
export function formatDay(day: DumpDay): string {
  const name = MONTHS[day.month - 1]!;
  const short = name.charAt(0).toUpperCase() + name.slice(1, 3);
  return day.year === undefined ? `${short} ${day.day}` : `${short} ${day.day}, ${day.year}`;
}
