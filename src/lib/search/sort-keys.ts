/**
 * The sort keys, out of Pagefind's index. Pagefind writes every
 * `data-pagefind-sort` key into its metadata file, which every search loads
 * first; most searches are by relevance and never use them. So the keys go to
 * a file of their own (SEARCH_PATHS.sortKeys), a classic script that works
 * over http and from file:// alike, fetched the first time a reader picks
 * another order:
 *
 *   __readingListSortKeys({"pages":["en_1a2b3c4",…],"date":["2024-04-22",…],"upvotes":[42,…]})
 *
 * `pages` are Pagefind's page ids (a result's `id`), and each sort's list holds
 * the key of the page at the same place. Results are ordered by the key, largest
 * first, and results with equal keys keep their relevance order. Pure: shared
 * by the build, the browser script and tests.
 */
import { SEARCH_SORTS, type SearchRecord, type SearchSort } from './fields.ts';
import { SORT_KEYS_CALLBACK } from './paths.ts';

export type SortKey = string | number;

export type SortTable = { pages: string[] } & Record<SearchSort, SortKey[]>;

/** The table for these records, given the page id Pagefind gave each record's URL ('/papers/x.html'). */
export function sortTable(records: readonly SearchRecord[], pageIds: ReadonlyMap<string, string>): SortTable {
  const table = { pages: [] as string[] } as SortTable;
  for (const sort of SEARCH_SORTS) table[sort] = [];
  for (const record of records) {
    const id = pageIds.get(`/${record.url}`);
    if (id === undefined) throw new Error(`Pagefind's index has no page for ${record.url}.`);
    table.pages.push(id);
    for (const sort of SEARCH_SORTS) table[sort].push(record.sort[sort]);
  }
  return table;
}

/** The sort-key file: one call of the callback with the table. */
export function sortKeysScript(table: SortTable): string {
  return `${SORT_KEYS_CALLBACK}(${JSON.stringify(table)});\n`;
}

function compare(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Results in relevance order, reordered by a sort, largest key first; equal keys keep their relevance order,
 * and a result the table does not know (an index newer than the table) goes last.
 */
export function sortResults<T extends { id: string }>(results: readonly T[], table: SortTable, sort: SearchSort): T[] {
  const keys = table[sort];
  const at = new Map(table.pages.map((id, i) => [id, i]));
  const keyed = results.map((result, rank) => {
    const i = at.get(result.id);
    return { result, rank, key: i === undefined ? undefined : keys[i] };
  });
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      return (a.key === undefined ? 1 : 0) - (b.key === undefined ? 1 : 0) || a.rank - b.rank;
    }
    return compare(b.key, a.key) || a.rank - b.rank;
  });
  return keyed.map((k) => k.result);
}
