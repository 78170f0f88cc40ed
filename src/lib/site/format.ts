/**
 * How dates, counts and bylines read on the site. Dates are calendar days
 * (YYYY-MM-DD) and are formatted in UTC so no time zone shifts them.
 */
const dayFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' });

/** '2025-04-11' -> 'Apr 11, 2025'. */
export function formatDate(isoDay: string): string {
  return dayFormat.format(new Date(`${isoDay}T00:00:00Z`));
}

/** '2025-04' -> 'April 2025'. */
export function formatMonth(isoMonth: string): string {
  return monthFormat.format(new Date(`${isoMonth}-01T00:00:00Z`));
}

const shortMonthFormat = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' });

/** '2024-12' -> 'Dec'. */
export function formatShortMonth(isoMonth: string): string {
  return shortMonthFormat.format(new Date(`${isoMonth}-01T00:00:00Z`));
}

/** 1 -> '1 paper', 3 -> '3 papers'. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How many names a short byline shows before "et al.". */
export const NAMES_SHOWN = 3;

/** 'A', 'A and B', 'A, B and C', 'A, B, C et al.': at most `shown` names. */
export function shortNames(names: readonly string[], shown = NAMES_SHOWN): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= shown) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, shown).join(', ')} et al.`;
}

/**
 * The byline a listing shows: the first authors' names when known (two in a list, where space is short),
 * with the organization in brackets; else the organization, else the number of authors, else nothing.
 */
export function byline(paper: { authors?: number; authorNames?: readonly string[]; organization?: string }): string {
  if (paper.authorNames && paper.authorNames.length > 0) {
    const names = shortNames(paper.authorNames, 2);
    return paper.organization ? `${names} (${paper.organization})` : names;
  }
  if (paper.organization) return paper.organization;
  if (paper.authors !== undefined && paper.authors > 0) return plural(paper.authors, 'author');
  return '';
}

/** 'to-read' -> 'To read'. */
export function statusLabel(status: string): string {
  const words = status.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
