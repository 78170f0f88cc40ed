/**
 * What search knows about a paper, defined once. A paper becomes one search
 * record (`searchRecord`), built from the same content the pages render:
 * the frontmatter as the content layer loads it, and the notes' text from the
 * MDX syntax tree (src/lib/backlinks.ts parses every note once per build).
 * The record becomes the small HTML document Pagefind indexes
 * (`recordDocument`): Pagefind's attributes are derived here and nowhere
 * else, and no built page is read back. The file:// search runs the very same
 * Pagefind bundle (src/lib/search/file-bundle.ts), so both modes give the
 * same results in the same order.
 *
 * Searchable text, in this order: abstract, notes, then title, authors,
 * organization and arXiv id. The excerpt shown under a result comes from the
 * first part only (`bodyWords` words: abstract and notes), so a result reads
 * as the paper, never as its title again or as the site's own labels.
 */

/** The filters, in display order. */
export const SEARCH_FILTERS = ['theme', 'status', 'year', 'tag', 'organization'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

/**
 * The sorts (both newest/highest first). Their keys are not in Pagefind's index (Pagefind loads every sort key
 * with its metadata, before any search): they go to a file of their own, fetched when a reader picks a sort
 * (./sort-keys.ts).
 */
export const SEARCH_SORTS = ['date', 'upvotes'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Metadata a result shows. `body` is the number of words of abstract and notes at the start of the text. */
export const SEARCH_META = ['title', 'date', 'upvotes', 'byline', 'body'] as const;

/** How much a title word weighs against a body word (Pagefind's weights run 0 to 10; body text is 1). */
export const TITLE_WEIGHT = 10;

export interface SearchInput {
  /** The page, relative to the site root: 'papers/<id>.html'. */
  url: string;
  /** Title as plain text (LaTeX read as words). */
  title: string;
  /** Abstract as plain text. */
  abstract: string;
  /** The notes as plain text (math once, as TeX). */
  notes: string;
  date: string;
  upvotes: number;
  /** First authors, organization or number of authors, as the site shows it. */
  byline: string;
  authorNames: readonly string[];
  organization?: string;
  arxiv?: string;
  /** Theme titles, primary first. */
  themes: readonly string[];
  status: string;
  tags: readonly string[];
}

export interface SearchRecord {
  url: string;
  /** Abstract then notes. */
  body: string;
  /** Title, weighted. */
  title: string;
  /** Authors, organization, arXiv id. */
  names: string;
  meta: Record<(typeof SEARCH_META)[number], string>;
  filters: Record<SearchFilter, string[]>;
  /** Compared as they are: dates as text (YYYY-MM-DD), upvotes as numbers. */
  sort: { date: string; upvotes: number };
}

/** Words as Pagefind splits its text (runs of white space). */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function searchRecord(input: SearchInput): SearchRecord {
  const body = oneLine([input.abstract, input.notes].filter((part) => part.trim() !== '').join(' '));
  const title = oneLine(input.title);
  const names = oneLine([...input.authorNames, input.organization ?? '', input.arxiv ?? ''].join(' '));
  return {
    url: input.url,
    body,
    title,
    names,
    meta: {
      title,
      date: input.date,
      upvotes: String(input.upvotes),
      byline: input.byline,
      body: String(wordCount(body)),
    },
    filters: {
      theme: [...input.themes],
      status: [input.status],
      year: [input.date.slice(0, 4)],
      tag: [...input.tags],
      organization: input.organization ? [input.organization] : [],
    },
    sort: { date: input.date, upvotes: Math.max(0, Math.trunc(input.upvotes)) },
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function escape(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ESCAPES[char]!);
}

/**
 * The record as the HTML document Pagefind indexes: the text in its order, the
 * title weighted, and metadata and filters as Pagefind's attributes (the sort
 * keys are not Pagefind's: see ./sort-keys.ts).
 */
export function recordDocument(record: SearchRecord): string {
  const hidden = [
    ...Object.entries(record.filters).flatMap(([name, values]) =>
      values.map((value) => `<span data-pagefind-filter="${name}">${escape(value)}</span>`),
    ),
    ...Object.entries(record.meta).map(([name, value]) => `<span data-pagefind-meta="${name}">${escape(value)}</span>`),
  ];
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title></title></head><body>',
    '<main data-pagefind-body>',
    `<p>${escape(record.body)}</p>`,
    `<h1 data-pagefind-weight="${TITLE_WEIGHT}">${escape(record.title)}</h1>`,
    record.names ? `<p>${escape(record.names)}</p>` : '',
    `<div data-pagefind-ignore>${hidden.join('')}</div>`,
    '</main></body></html>',
  ].join('');
}
