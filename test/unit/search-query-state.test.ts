// A search as a shareable URL: the search page writes its state to the query string and restores it.
import { describe, expect, it } from 'vitest';
import { formatSearchState, isEmptyState, parseSearchState } from '../../src/lib/search/query-state.ts';
import { SEARCH_FILTERS, SEARCH_SORTS } from '../../src/lib/search/paths.ts';

describe('search state in the URL', () => {
  it('round-trips words, repeated filters and the sort', () => {
    const query = 'q=kv+cache&theme=KV+cache&theme=Sparse+attention&status=read&sort=date';
    const state = parseSearchState(`?${query}`, SEARCH_FILTERS, SEARCH_SORTS);
    expect(state).toEqual({
      q: 'kv cache',
      sort: 'date',
      filters: { theme: ['KV cache', 'Sparse attention'], status: ['read'] },
    });
    expect(formatSearchState(state, SEARCH_FILTERS)).toBe(query);
  });

  it('writes keys in a stable order whatever order they came in', () => {
    const state = parseSearchState('sort=upvotes&tag=survey&q=x&theme=A', SEARCH_FILTERS, SEARCH_SORTS);
    expect(formatSearchState(state, SEARCH_FILTERS)).toBe('q=x&theme=A&tag=survey&sort=upvotes');
  });

  it('ignores unknown keys, unknown sorts, empty and duplicate values', () => {
    const state = parseSearchState('q=&colour=red&sort=random&theme=&theme=A&theme=A', SEARCH_FILTERS, SEARCH_SORTS);
    expect(state).toEqual({ q: '', sort: '', filters: { theme: ['A'] } });
  });

  it('keeps characters that need escaping', () => {
    const state = { q: 'O(N^2) & 95%', sort: '', filters: { organization: ['AT&T Labs'] } };
    expect(parseSearchState(formatSearchState(state, SEARCH_FILTERS), SEARCH_FILTERS, SEARCH_SORTS)).toEqual(state);
  });

  it('knows an empty search', () => {
    expect(isEmptyState(parseSearchState('sort=date', SEARCH_FILTERS, SEARCH_SORTS))).toBe(true);
    expect(isEmptyState(parseSearchState('year=2024', SEARCH_FILTERS, SEARCH_SORTS))).toBe(false);
  });
});
