// The sort keys out of Pagefind's index (src/lib/search/sort-keys.ts): the table written at build time, keyed by
// Pagefind's page ids, and results reordered by it, largest first, equal keys in relevance order.
import { describe, expect, it } from 'vitest';
import { searchRecord, type SearchInput } from '../../src/lib/search/fields.ts';
import { sortKeysScript, sortResults, sortTable, type SortTable } from '../../src/lib/search/sort-keys.ts';

const input = (url: string, date: string, upvotes: number): SearchInput => ({
  url,
  title: url,
  abstract: 'An abstract.',
  notes: '',
  date,
  upvotes,
  byline: '',
  authorNames: [],
  themes: [],
  status: 'to-read',
  tags: [],
});

const records = [
  searchRecord(input('papers/a.html', '2024-01-05', 9)),
  searchRecord(input('papers/b.html', '2024-03-01', 100)),
  searchRecord(input('papers/c.html', '2023-12-31', 42)),
  searchRecord(input('papers/d.html', '2024-03-01', 9)),
];
const ids = new Map(records.map((r) => [`/${r.url}`, `en_${r.url[7]}`]));
const table = sortTable(records, ids);
/** Results as Pagefind gives them, in relevance order. */
const relevance = ['en_d', 'en_a', 'en_b', 'en_c'].map((id) => ({ id }));
const order = (sorted: Array<{ id: string }>) => sorted.map((r) => r.id);

describe('sortTable', () => {
  it('holds each page id with its keys', () => {
    expect(table).toEqual({
      pages: ['en_a', 'en_b', 'en_c', 'en_d'],
      date: ['2024-01-05', '2024-03-01', '2023-12-31', '2024-03-01'],
      upvotes: [9, 100, 42, 9],
    });
  });

  it('fails on a record Pagefind did not index, naming it', () => {
    expect(() => sortTable(records, new Map())).toThrow(/papers\/a\.html/);
  });

  it('is written as one call of the callback, which reads the table back', () => {
    const script = sortKeysScript(table);
    let read: SortTable | undefined;
    new Function('__readingListSortKeys', script)((t: SortTable) => {
      read = t;
    });
    expect(read).toEqual(table);
  });
});

describe('sortResults', () => {
  it('orders by date, newest first, equal dates in relevance order', () => {
    expect(order(sortResults(relevance, table, 'date'))).toEqual(['en_d', 'en_b', 'en_a', 'en_c']);
  });

  it('orders upvotes as numbers (9 below 42 below 100), equal counts in relevance order', () => {
    expect(order(sortResults(relevance, table, 'upvotes'))).toEqual(['en_b', 'en_c', 'en_d', 'en_a']);
  });

  it('puts a result the table does not know last, and keeps the input untouched', () => {
    const results = [{ id: 'en_new' }, ...relevance];
    expect(order(sortResults(results, table, 'date'))).toEqual(['en_d', 'en_b', 'en_a', 'en_c', 'en_new']);
    expect(order(results)[0]).toBe('en_new');
  });
});
