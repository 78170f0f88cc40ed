/**
 * The two search engines behind one interface: Pagefind on http(s), the
 * fallback index on file:// (and wherever Pagefind fails to load). Result URLs
 * come back relative to the site root ('papers/x.html'); the UI prefixes the
 * way from the current page to the root, so every link is page-relative.
 */
import type { SearchSort } from '../fields.ts';
import { FILE_BUNDLE_GLOBAL, SEARCH_FILTERS, SEARCH_PATHS, SEARCH_SORTS, SORT_KEYS_CALLBACK } from '../paths.ts';
import type { SearchState } from '../query-state.ts';
import { parseQuery } from '../query-syntax.ts';
import { sortResults, type SortTable } from '../sort-keys.ts';
import { pagefindExcerptParts, type PagefindTextFragment } from './pagefind-excerpt.ts';

export type FilterCounts = Record<string, Record<string, number>>;

/** An excerpt as marked text parts (shown as text, never parsed as HTML). */
export type Excerpt = { parts: Array<{ text: string; mark: boolean }> };

export interface ResultData {
  /** Relative to the site root. */
  url: string;
  title: string;
  excerpt: Excerpt;
  date?: string;
  upvotes?: string;
  /** First authors, organization or number of authors. */
  byline?: string;
  filters: Record<string, string[]>;
}

export interface SearchOutcome {
  total: number;
  /** Results for the words alone, before filters. */
  unfilteredCount: number;
  /**
   * Facet counts: per group, the results under the other groups' selections. Asked for separately, since they
   * need every filter file of the index (fetched on the first call), which the results themselves do not.
   */
  counts(): Promise<FilterCounts>;
  /** Loads the display data of results [start, start + count). */
  load(start: number, count: number): Promise<ResultData[]>;
}

export interface Backend {
  mode: 'pagefind' | 'fallback';
  search(state: SearchState): Promise<SearchOutcome>;
  /** Every filter value with its number of papers (fetches every filter file, once). */
  allFilters(): Promise<FilterCounts>;
}

/* ----------------------------- Pagefind -------------------------------- */

interface PagefindFragment extends PagefindTextFragment {
  url: string;
  raw_url?: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindFragment>;
}
interface PagefindSearch {
  results: PagefindResult[];
  unfilteredResultCount: number;
  filters: FilterCounts;
  totalFilters: FilterCounts;
}
interface PagefindModule {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: Record<string, unknown>): Promise<PagefindSearch | null>;
  filters(): Promise<FilterCounts>;
}

function pagefindFilters(filters: Record<string, string[]>, except?: string): Record<string, { any: string[] }> {
  const out: Record<string, { any: string[] }> = {};
  for (const [group, values] of Object.entries(filters)) {
    if (group !== except && values.length > 0) out[group] = { any: values };
  }
  return out;
}

/** Every non-empty combination of the exclusions. */
function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

/** Pagefind result URLs are root-absolute from the indexed folder ('/papers/x.html'). */
function rootRelative(fragment: PagefindFragment): string {
  return (fragment.raw_url ?? fragment.url).replace(/^\/+/, '');
}

/** Words in a Pagefind excerpt. */
const EXCERPT_WORDS = 28;

export async function loadPagefind(siteRoot: URL): Promise<Backend> {
  // A dynamic import from a classic script resolves against the script's URL: pass an absolute one.
  const entry = new URL(SEARCH_PATHS.pagefindEntry, siteRoot).href;
  const pagefind = (await import(/* @vite-ignore */ entry)) as PagefindModule;
  return pagefindBackend(pagefind, siteRoot, 'pagefind');
}

/** The sort keys (src/lib/search/sort-keys.ts), from their classic script: the same over http and from file://. */
function loadSortTable(siteRoot: URL): Promise<SortTable> {
  return new Promise((resolve, reject) => {
    const global = window as unknown as Record<string, unknown>;
    global[SORT_KEYS_CALLBACK] = (table: SortTable) => {
      delete global[SORT_KEYS_CALLBACK];
      resolve(table);
    };
    loadClassicScript(new URL(SEARCH_PATHS.sortKeys, siteRoot).href).catch(reject);
  });
}

async function pagefindBackend(pagefind: PagefindModule, siteRoot: URL, mode: Backend['mode']): Promise<Backend> {
  await pagefind.options({
    basePath: new URL(`${SEARCH_PATHS.pagefindDir}/`, siteRoot).href,
    // Titles weigh most: title metadata matches add to the body score (Pagefind's default weight is 5).
    ranking: { metaWeights: { title: 10 } },
    excerptLength: EXCERPT_WORDS,
    // Pagefind runs on the page's thread, as it does from file://: its worker would be a second copy of the
    // engine's script to fetch (12 KB, a twentieth of a first search). Facet counts, the engine's heaviest work,
    // are counted only when the reader asks for the filters.
    noWorker: true,
  });
  await pagefind.init();

  // Each fetched once, when first needed: the filter files (facet counts) and the sort keys (another order).
  let filtersLoaded: Promise<FilterCounts> | null = null;
  const allFilters = () => {
    filtersLoaded ??= pagefind.filters().catch((error: unknown) => {
      filtersLoaded = null;
      throw error;
    });
    return filtersLoaded.then((totals) => structuredClone(totals));
  };
  let sortTable: Promise<SortTable> | null = null;
  const sortKeys = () => {
    sortTable ??= loadSortTable(siteRoot).catch((error: unknown) => {
      sortTable = null;
      throw error;
    });
    return sortTable;
  };

  type Filters = Record<string, { any: string[] }>;
  const run = async (term: string | null, filters: Filters) => {
    const result = await pagefind.search(term, { filters });
    if (!result) throw new Error('the search was superseded');
    return result;
  };

  return {
    mode,
    async search(state) {
      const { words, phrases, exclude } = parseQuery(state.q);
      // What Pagefind runs: one phrase alone is its exact search; otherwise every word, phrases' words included
      // (a superset), narrowed below to the pages holding each phrase exactly.
      const lone = words.length === 0 && phrases.length === 1;
      const plain = [...words, ...phrases].join(' ');
      const term = lone ? `"${phrases[0]}"` : plain === '' ? null : plain;
      const narrowing = lone ? [] : phrases.map((phrase) => `"${phrase}"`);
      const sort = (SEARCH_SORTS as readonly string[]).includes(state.sort) ? (state.sort as SearchSort) : undefined;
      // Pagefind's own counts hold when only whole words are left out: they are corrected by inclusion-exclusion
      // over the exclusions, each combination one more search (the words and them: Pagefind matches all words).
      // Otherwise (a phrase to narrow by or to leave out) the matching papers' own filters are counted.
      const pagefindCounts = narrowing.length === 0 && !lone && exclude.every((e) => !e.startsWith('"'));

      // Pages matching under these filters, in Pagefind's order (relevance).
      const matches = async (filters: Filters) => {
        const [main, ...others] = await Promise.all([
          run(term, filters),
          ...narrowing.map((phrase) => run(phrase, filters)),
          ...exclude.map((word) => run(word, filters)),
        ]);
        const within = others.slice(0, narrowing.length).map((r) => new Set(r.results.map((x) => x.id)));
        const out = new Set(others.slice(narrowing.length).flatMap((r) => r.results.map((x) => x.id)));
        const results = main!.results.filter((r) => !out.has(r.id) && within.every((ids) => ids.has(r.id)));
        return { main: main!, results };
      };
      // Run once every filter file is loaded: Pagefind counts only the filters whose files it holds.
      const counts = async (filters: Filters): Promise<FilterCounts> => {
        const { main, results } = await matches(filters);
        if (!pagefindCounts) {
          const out: FilterCounts = {};
          for (const fragment of await Promise.all(results.map((r) => r.data())))
            for (const [group, values] of Object.entries(fragment.filters ?? {}))
              for (const value of values) (out[group] ??= {})[value] = (out[group]?.[value] ?? 0) + 1;
          return out;
        }
        const out: FilterCounts = structuredClone(main.filters);
        const combinations = subsets(exclude);
        const found = await Promise.all(
          combinations.map((subset) => run([plain, ...subset].filter(Boolean).join(' '), filters)),
        );
        found.forEach((result, i) => {
          const sign = combinations[i]!.length % 2 === 1 ? -1 : 1;
          for (const [group, values] of Object.entries(result.filters))
            for (const [value, n] of Object.entries(values))
              (out[group] ??= {})[value] = (out[group]?.[value] ?? 0) + sign * n;
        });
        return out;
      };
      const filters = pagefindFilters(state.filters);
      const found = await matches(filters);
      // Another order than relevance: by the sort keys, equal keys in relevance order.
      const results = sort ? sortResults(found.results, await sortKeys(), sort) : found.results;
      // Counted here rather than taken from Pagefind, whose unfiltered count ignores quotes.
      const filtered = Object.keys(filters).length > 0;
      const unfilteredCount = filtered ? (await matches({})).results.length : results.length;
      let facetCounts: Promise<FilterCounts> | null = null;
      const facets = async () => {
        await allFilters();
        const filterCounts = await counts(filters);
        // A group with a selection is counted without its own selection (OR within a group).
        await Promise.all(
          SEARCH_FILTERS.filter((group) => (state.filters[group] ?? []).length > 0).map(async (group) => {
            filterCounts[group] = (await counts(pagefindFilters(state.filters, group)))[group] ?? {};
          }),
        );
        return filterCounts;
      };
      return {
        total: results.length,
        unfilteredCount,
        counts() {
          facetCounts ??= facets().catch((error: unknown) => {
            facetCounts = null;
            throw error;
          });
          return facetCounts.then((c) => structuredClone(c));
        },
        async load(start, count) {
          const fragments = await Promise.all(results.slice(start, start + count).map((r) => r.data()));
          return fragments.map((f) => ({
            url: rootRelative(f),
            title: f.meta.title ?? rootRelative(f),
            excerpt: {
              parts: pagefindExcerptParts(
                f,
                EXCERPT_WORDS,
                f.meta.body === undefined ? undefined : Number(f.meta.body),
              ),
            },
            date: f.meta.date,
            upvotes: f.meta.upvotes,
            byline: f.meta.byline,
            filters: f.filters ?? {},
          }));
        },
      };
    },
    allFilters,
  };
}

/* ------------------------------ file:// -------------------------------- */

declare global {
  interface Window {
    [FILE_BUNDLE_GLOBAL]?: PagefindModule;
  }
}

function loadClassicScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const el = document.createElement('script');
    el.src = src;
    el.onload = () => resolve();
    el.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(el);
  });
}

/** The same Pagefind, from disk: its module as a classic script, each file read from its `.js` twin. */
export async function loadFromDisk(siteRoot: URL): Promise<Backend> {
  if (!window[FILE_BUNDLE_GLOBAL]) await loadClassicScript(new URL(SEARCH_PATHS.pagefindFileEntry, siteRoot).href);
  const module = window[FILE_BUNDLE_GLOBAL];
  if (!module) throw new Error(`${SEARCH_PATHS.pagefindFileEntry} did not define the search engine`);
  return pagefindBackend(module, siteRoot, 'fallback');
}
