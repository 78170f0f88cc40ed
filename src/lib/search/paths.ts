/**
 * Where the search pieces live in the output (paths relative to the site
 * root). The client script finds the site root from its own URL, so none of
 * these is ever root-absolute. What is searchable (fields, filters, sorts) is
 * defined in ./fields.ts.
 */
export const SEARCH_PATHS = {
  /** The one classic script behind every search box (bundled from src/lib/search/client/). */
  script: 'search/search.js',
  /** The search records, written by the build from content and consumed (then removed) by the indexing stage. */
  records: 'search/records.json',
  /** Pagefind's bundle folder and its entry module (loaded by dynamic import on http(s)). */
  pagefindDir: 'pagefind',
  pagefindEntry: 'pagefind/pagefind.js',
  /** The same module as a classic script for file://, reading each bundle file from its `<file>.js` twin. */
  pagefindFileEntry: 'pagefind/pagefind.file.js',
  /**
   * The sort keys of every paper, keyed by Pagefind's page id: a classic script, fetched the first time a reader
   * sorts by something other than relevance (over http and from file:// alike). See ./sort-keys.ts.
   */
  sortKeys: 'pagefind/sort-keys.js',
} as const;

/** The global the file:// copy of Pagefind's module assigns. */
export const FILE_BUNDLE_GLOBAL = '__readingListPagefind';

/** The function each `<file>.js` twin calls with its own URL and its bytes as base64. */
export const FILE_BUNDLE_CALLBACK = '__readingListPagefindFile';

/** The function the sort-key script calls with its table. */
export const SORT_KEYS_CALLBACK = '__readingListSortKeys';

export { SEARCH_FILTERS, SEARCH_SORTS } from './fields.ts';
