/**
 * Where the search pieces live in the output (paths relative to the site
 * root) and which filters and sorts the paper pages carry. The client script
 * finds the site root from its own URL, so none of these is ever root-absolute.
 */
export const SEARCH_PATHS = {
  /** The one classic script behind every search box (bundled from src/lib/search/client/). */
  script: 'search/search.js',
  /** The file:// fallback index: a classic script setting window.__searchIndex. */
  fallbackIndex: 'search/fallback-index.js',
  /** Pagefind's bundle folder and its entry module (loaded by dynamic import on http(s) only). */
  pagefindDir: 'pagefind',
  pagefindEntry: 'pagefind/pagefind.js',
} as const;

/** The filters every paper page declares with data-pagefind-filter, in display order. */
export const SEARCH_FILTERS = ['theme', 'status', 'year', 'tag', 'organization'] as const;

/** The sorts every paper page declares with data-pagefind-sort (both sort newest/highest first). */
export const SEARCH_SORTS = ['date', 'upvotes'] as const;

/** The global the fallback index script assigns. */
export const FALLBACK_GLOBAL = '__searchIndex';
