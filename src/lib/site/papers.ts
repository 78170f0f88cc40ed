/**
 * The site's view of the reading list, as plain data: papers with their
 * resolved themes, and the lists pages show (by theme, by month, recent, most
 * upvoted, reading progress, previous/next). Pure functions over arrays, so
 * they are tested without Astro; src/content.ts feeds them the collection.
 */
import { STATUSES, type PaperData, type Status } from '../../schemas/paper.ts';
import type { Taxonomy, Theme } from '../../schemas/themes.ts';
import { paperThemes, type PaperThemes } from './paper-themes.ts';

export interface SitePaper {
  id: string;
  /** The whole frontmatter, reader keys included. */
  data: PaperData;
  title: string;
  abstract: string;
  /** YYYY-MM-DD. */
  date: string;
  /** YYYY-MM. */
  month: string;
  year: string;
  upvotes: number;
  status: Status;
  tags: string[];
  authors?: number;
  /** Author names, when known. */
  authorNames?: string[];
  /** arXiv id, when known (from a source, enrich, or written by the reader). */
  arxiv?: string;
  organization?: string;
  /** Resolved themes (primary first) and why. */
  themes: PaperThemes;
  /** The file, relative to the content root, for messages. */
  file: string;
}

export interface PaperSource {
  id: string;
  data: PaperData;
  /** Path relative to the content root's papers folder, e.g. kv-cache/foo.mdx. */
  pathInPapers: string;
}

export function toSitePaper(taxonomy: Taxonomy, source: PaperSource): SitePaper {
  const { id, data, pathInPapers } = source;
  const segments = pathInPapers.split(/[\\/]/);
  const folder = segments.length === 2 ? segments[0] : undefined;
  const file = `papers/${segments.join('/')}`;
  return {
    id,
    data,
    title: data.title,
    abstract: data.abstract ?? '',
    date: data.date,
    month: data.date.slice(0, 7),
    year: data.date.slice(0, 4),
    upvotes: data.upvotes,
    status: data.status,
    tags: data.tags,
    authors: data.authorNames?.length ?? data.authors,
    ...(data.authorNames ? { authorNames: data.authorNames } : {}),
    ...(data.arxiv ? { arxiv: data.arxiv } : {}),
    organization: data.organization,
    themes: paperThemes(taxonomy, data, folder, file),
    file,
  };
}

// Collators made once: `localeCompare` with a locale builds one per call, which
// dominated sorting lists of thousands of papers. Same order (ECMA-402 defines
// localeCompare through a Collator with the same locale and options).
const titleOrder = new Intl.Collator('en').compare;
const titleBaseOrder = new Intl.Collator('en', { sensitivity: 'base' }).compare;

/** Newest first; same day: most upvoted first; then by title, so the order never depends on file order. */
export function byDate(a: SitePaper, b: SitePaper): number {
  return b.date.localeCompare(a.date) || b.upvotes - a.upvotes || titleOrder(a.title, b.title);
}

export function byUpvotes(a: SitePaper, b: SitePaper): number {
  return b.upvotes - a.upvotes || byDate(a, b);
}

export function byTitle(a: SitePaper, b: SitePaper): number {
  return titleBaseOrder(a.title, b.title) || byDate(a, b);
}

/** When the paper entered the list: the reader's `added` day when set, else its date. */
export function addedOn(paper: SitePaper): string {
  return paper.data.added ?? paper.date;
}

export interface ThemeSummary {
  theme: Theme;
  /** Every paper with this theme, primary or secondary, newest first. */
  papers: SitePaper[];
  /** How many of them have it as their primary theme. */
  primaryCount: number;
  /** Papers whose primary theme this is, newest first: the order of previous/next. */
  primaryPapers: SitePaper[];
}

/** One summary per theme of the taxonomy, in the taxonomy's order (themes.yaml decides). */
export function summarizeThemes(taxonomy: Taxonomy, papers: SitePaper[]): ThemeSummary[] {
  const sorted = [...papers].sort(byDate);
  // One pass over the papers (not one per theme): each paper lists each of its themes once.
  const members = new Map(taxonomy.themes.map((theme) => [theme.id, [] as SitePaper[]]));
  const primaries = new Map(taxonomy.themes.map((theme) => [theme.id, [] as SitePaper[]]));
  for (const paper of sorted) {
    for (const id of new Set(paper.themes.themes)) members.get(id)?.push(paper);
    if (paper.themes.themes.includes(paper.themes.primary)) primaries.get(paper.themes.primary)?.push(paper);
  }
  return taxonomy.themes.map((theme) => {
    const primaryPapers = primaries.get(theme.id)!;
    return { theme, papers: members.get(theme.id)!, primaryCount: primaryPapers.length, primaryPapers };
  });
}

export interface MonthGroup {
  /** YYYY-MM. */
  month: string;
  papers: SitePaper[];
}

/** Papers by month of their date, newest month first. */
export function groupByMonth(papers: SitePaper[]): MonthGroup[] {
  const groups = new Map<string, SitePaper[]>();
  for (const paper of [...papers].sort(byDate)) {
    const list = groups.get(paper.month) ?? [];
    list.push(paper);
    groups.set(paper.month, list);
  }
  return [...groups].map(([month, list]) => ({ month, papers: list }));
}

export interface YearGroup {
  year: string;
  /** Its months, newest first. */
  months: MonthGroup[];
}

/** Month groups by year, newest year first: the index at the top of the all-papers page. */
export function groupByYear(months: MonthGroup[]): YearGroup[] {
  const years = new Map<string, MonthGroup[]>();
  for (const group of months) {
    const year = group.month.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), group]);
  }
  return [...years].map(([year, list]) => ({ year, months: list }));
}

export function recentlyAdded(papers: SitePaper[], count: number): SitePaper[] {
  return [...papers].sort((a, b) => addedOn(b).localeCompare(addedOn(a)) || byDate(a, b)).slice(0, count);
}

export function mostUpvoted(papers: SitePaper[], count: number): SitePaper[] {
  return [...papers].sort(byUpvotes).slice(0, count);
}

export interface ReadingProgress {
  total: number;
  counts: Record<Status, number>;
  /** Share read, 0 to 1. */
  readShare: number;
}

export function readingProgress(papers: SitePaper[]): ReadingProgress {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
  for (const paper of papers) counts[paper.status] += 1;
  return { total: papers.length, counts, readShare: papers.length === 0 ? 0 : counts.read / papers.length };
}

export interface Neighbours {
  previous?: SitePaper;
  next?: SitePaper;
}

// Position of each id in a list, built once per list: every paper page asks for
// its neighbours, and a search through the list each time made that O(n²).
// Lists handed here are not changed afterwards (they come ready-made from src/content.ts).
const positions = new WeakMap<readonly SitePaper[], Map<string, number>>();

/** The papers before and after one in a list (its primary theme's, newest first). */
export function neighbours(list: SitePaper[], id: string): Neighbours {
  let index = positions.get(list);
  if (!index) {
    index = new Map();
    for (const [at, paper] of list.entries()) if (!index.has(paper.id)) index.set(paper.id, at);
    positions.set(list, index);
  }
  const at = index.get(id);
  if (at === undefined) return {};
  return { previous: list[at - 1], next: list[at + 1] };
}
