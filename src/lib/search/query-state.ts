/**
 * A search as a URL query (?q=kv+cache&theme=Inference&sort=date), so a
 * search can be bookmarked and shared; the search page writes it on every
 * change and restores it on load. Pure: shared by the browser script and tests.
 */
export interface SearchState {
  q: string;
  /** '' (relevance) or one of the sort names. */
  sort: string;
  /** Selected values per filter; groups without a selection are absent. */
  filters: Record<string, string[]>;
}

export function emptyState(): SearchState {
  return { q: '', sort: '', filters: {} };
}

/** Reads a state from a query string; unknown keys and sorts are ignored, repeated filter keys collect values. */
export function parseSearchState(
  query: string,
  filterNames: readonly string[],
  sortNames: readonly string[],
): SearchState {
  const params = new URLSearchParams(query);
  const state = emptyState();
  state.q = (params.get('q') ?? '').trim();
  const sort = params.get('sort') ?? '';
  state.sort = sortNames.includes(sort) ? sort : '';
  for (const name of filterNames) {
    const values = [...new Set(params.getAll(name).filter((v) => v !== ''))];
    if (values.length > 0) state.filters[name] = values;
  }
  return state;
}

/** Writes a state as a query string (without '?'), keys in a stable order: q, filters in display order, sort. */
export function formatSearchState(state: SearchState, filterNames: readonly string[]): string {
  const params = new URLSearchParams();
  if (state.q.trim()) params.append('q', state.q.trim());
  for (const name of filterNames) {
    for (const value of state.filters[name] ?? []) params.append(name, value);
  }
  if (state.sort) params.append('sort', state.sort);
  return params.toString();
}

/** True when the state asks for nothing (no words, no filter). */
export function isEmptyState(state: SearchState): boolean {
  return state.q.trim() === '' && Object.values(state.filters).every((v) => v.length === 0);
}
