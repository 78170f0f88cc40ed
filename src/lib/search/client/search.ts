/**
 * The search script behind every search box, bundled at build time into the
 * classic script dist/search/search.js (classic: browsers refuse module
 * scripts on file://). It finds the site root from its own URL, so it works
 * from file://, a domain root or any sub-path without configuration:
 *
 * - http(s): Pagefind, loaded with a dynamic import() of the bundle next to it;
 * - file:// (or when that import fails): the same Pagefind bundle through classic
 *   scripts (src/lib/search/file-bundle.ts), so results are the same.
 *
 * It enhances the header box (live results under it; "/" and Ctrl/Cmd+K focus
 * it) and runs the search page (filters with counts, sorts, state in the URL).
 * A first search fetches only what its results need: Pagefind's engine, its
 * metadata, the index chunks of the words and the shown results' fragments.
 * The filter files (for the facet counts) come once the filters are in view
 * or in use, after the results are shown; the sort keys, when a reader picks
 * another order than relevance.
 * Without JavaScript the header box is a plain form to the search page.
 */
import { formatDate } from '../../site/format.ts';
import { SEARCH_FILTERS, SEARCH_PATHS, SEARCH_SORTS } from '../paths.ts';
import { emptyState, formatSearchState, isEmptyState, parseSearchState, type SearchState } from '../query-state.ts';
import {
  loadFromDisk,
  loadPagefind,
  type Backend,
  type FilterCounts,
  type ResultData,
  type SearchOutcome,
} from './backends.ts';

/* ------------------------------ Where we are ------------------------------ */

function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  const all = document.querySelectorAll<HTMLScriptElement>('script[src]');
  for (const s of all) if (new URL(s.src, document.baseURI).pathname.endsWith(`/${SEARCH_PATHS.script}`)) return s;
  return null;
}

const ownScript = findOwnScript();
/** The site root as an absolute URL (the script lives at <root>/search/search.js). */
const siteRoot = new URL('../', ownScript ? ownScript.src : document.baseURI);

/** The way from this page to the site root: '' at the root, '../' one folder down. Absolute when unrelated. */
function relativeRoot(): string {
  const page = new URL(document.baseURI);
  if (page.protocol !== siteRoot.protocol || page.host !== siteRoot.host) return siteRoot.href;
  const pageDir = page.pathname.slice(0, page.pathname.lastIndexOf('/') + 1);
  if (!pageDir.startsWith(siteRoot.pathname)) return siteRoot.href;
  const depth = pageDir.slice(siteRoot.pathname.length).split('/').filter(Boolean).length;
  return '../'.repeat(depth);
}

function pageLink(rootRelative: string): string {
  return relativeRoot() + rootRelative;
}

/* ------------------------------ The engine ------------------------------ */

let backendPromise: Promise<Backend> | null = null;

function backend(): Promise<Backend> {
  if (!backendPromise) {
    backendPromise = (async () => {
      if (location.protocol === 'file:') return loadFromDisk(siteRoot);
      try {
        return await loadPagefind(siteRoot);
      } catch (error) {
        console.warn('Pagefind could not load as a module; loading it as classic scripts.', error);
        return loadFromDisk(siteRoot);
      }
    })();
    backendPromise
      .then((b) => document.documentElement.setAttribute('data-search-mode', b.mode))
      .catch(() => undefined);
  }
  return backendPromise;
}

/* ------------------------------ Rendering ------------------------------ */

const FILTER_LABELS: Record<string, string> = {
  theme: 'Theme',
  status: 'Reading status',
  year: 'Year',
  tag: 'Tag',
  organization: 'Organization',
};
const STATUS_ORDER = ['to-read', 'reading', 'read'];
/** How filter values read on screen; the URL keeps the values themselves. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: { 'to-read': 'To read', reading: 'Reading', read: 'Read' },
};
const valueLabel = (group: string, value: string) => VALUE_LABELS[group]?.[value] ?? value;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function excerptNode(result: ResultData): HTMLElement {
  const p = el('p', { class: 'search-result-excerpt' });
  for (const part of result.excerpt.parts) {
    p.append(part.mark ? el('mark', {}, part.text) : document.createTextNode(part.text));
  }
  return p;
}

function metaLine(result: ResultData): string {
  const bits: string[] = [];
  if (result.date) bits.push(/^\d{4}-\d{2}-\d{2}$/.test(result.date) ? formatDate(result.date) : result.date);
  if (result.byline) bits.push(result.byline);
  if (result.upvotes !== undefined && result.upvotes !== '')
    bits.push(`${result.upvotes} upvote${result.upvotes === '1' ? '' : 's'}`);
  const themes = result.filters.theme ?? [];
  if (themes.length) bits.push(themes.join(', '));
  const status = result.filters.status ?? [];
  if (status.length) bits.push(status.map((s) => valueLabel('status', s)).join(', '));
  return bits.join(' · ');
}

function resultItem(result: ResultData, withExcerpt: boolean): HTMLLIElement {
  const li = el('li', { class: 'search-result' });
  const a = el('a', { href: pageLink(result.url), class: 'search-result-title' }, result.title);
  li.append(a);
  const meta = metaLine(result);
  if (meta) li.append(el('p', { class: 'search-result-meta' }, meta));
  if (withExcerpt) li.append(excerptNode(result));
  return li;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/* ------------------------------ Header box ------------------------------ */

const HEADER_RESULTS = 6;

function enhanceHeaderBox(form: HTMLFormElement, input: HTMLInputElement): void {
  const panel = el('div', { class: 'search-popover', id: 'site-search-panel', hidden: '' });
  const status = el('p', { class: 'search-popover-status', role: 'status', 'aria-live': 'polite' });
  const list = el('ol', { class: 'search-popover-results' });
  // Always a real link (an <a> without href is not a link to crawlers or assistive technology); hidden until results.
  const more = el('a', { class: 'search-popover-more', href: pageLink('search.html'), hidden: '' });
  panel.append(status, list, more);
  form.append(panel);
  // No aria-expanded: ARIA allows it on a search field only in the combobox role, whose arrow-key listbox
  // this panel of links is not. The live status line announces the results; Tab reaches them.
  input.setAttribute('aria-controls', panel.id);

  const close = () => {
    panel.hidden = true;
  };
  const open = () => {
    panel.hidden = false;
  };

  let generation = 0;
  const update = debounce(async () => {
    const q = input.value.trim();
    const mine = ++generation;
    if (q.length < 2) {
      close();
      return;
    }
    open();
    status.textContent = 'Searching…';
    try {
      const engine = await backend();
      const outcome = await engine.search({ ...emptyState(), q });
      const results = await outcome.load(0, HEADER_RESULTS);
      if (mine !== generation) return;
      list.replaceChildren(...results.map((r) => resultItem(r, false)));
      status.textContent =
        outcome.total === 0 ? `No papers match “${q}”.` : `${plural(outcome.total, 'paper')} match “${q}”.`;
      more.href = `${pageLink('search.html')}?${formatSearchState({ ...emptyState(), q }, SEARCH_FILTERS)}`;
      more.textContent =
        outcome.total > HEADER_RESULTS
          ? `All ${outcome.total} results, with filters`
          : 'Open the search page, with filters';
      more.hidden = false;
      // Which words the panel shows results for (lets a reader's tools and tests know it is up to date).
      panel.dataset.for = q;
    } catch (error) {
      if (mine !== generation) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = `Search could not load (${(error as Error).message}).`;
    }
  }, 150);

  input.addEventListener('input', update);
  input.addEventListener('focus', () => {
    if (input.value.trim().length >= 2 && list.children.length > 0) open();
  });

  const links = () => [...panel.querySelectorAll<HTMLAnchorElement>('a[href]')];
  form.addEventListener('keydown', (event) => {
    if (panel.hidden) return;
    const items = links();
    const at = items.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'Escape') {
      close();
      input.focus();
      event.preventDefault();
    } else if (event.key === 'ArrowDown' && items.length) {
      items[(at + 1) % items.length]!.focus();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && items.length) {
      if (at <= 0) input.focus();
      else items[at - 1]!.focus();
      event.preventDefault();
    }
  });
  document.addEventListener('click', (event) => {
    if (!form.contains(event.target as Node)) close();
  });
  form.addEventListener('focusout', (event) => {
    if (!form.contains(event.relatedTarget as Node | null) && event.relatedTarget !== null) close();
  });
}

/* ------------------------------ Search page ------------------------------ */

/** Results shown first (each needs its own fragment file), then how many more each "Show more results" adds. */
const FIRST_RESULTS = 5;
const MORE_RESULTS = 10;

function orderValues(group: string, counts: Record<string, number>): string[] {
  const values = Object.keys(counts);
  if (group === 'status') {
    return values.sort(
      (a, b) => (STATUS_ORDER.indexOf(a) + 1 || 99) - (STATUS_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
  }
  if (group === 'year') return values.sort((a, b) => b.localeCompare(a));
  return values.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b));
}

function runSearchPage(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form[data-search-form]');
  const input = root.querySelector<HTMLInputElement>('input[name="q"]');
  const sort = root.querySelector<HTMLSelectElement>('select[name="sort"]');
  const filtersBox = root.querySelector<HTMLElement>('[data-search-filters]');
  const status = root.querySelector<HTMLElement>('[data-search-status]');
  const list = root.querySelector<HTMLOListElement>('[data-search-results]');
  const more = root.querySelector<HTMLButtonElement>('[data-search-more]');
  if (!form || !input || !sort || !filtersBox || !status || !list || !more) return;

  // The filters are a column of their own on a wide screen, open; on a narrow one a closed "Filters" line
  // above the results, so the first result shows without scrolling.
  const panel = root.querySelector<HTMLDetailsElement>('[data-search-filters-panel]');
  const wide = matchMedia('(min-width: 62rem)');
  if (panel) {
    panel.open = wide.matches;
    wide.addEventListener('change', () => {
      panel.open = wide.matches;
    });
  }

  let state = parseSearchState(location.search, SEARCH_FILTERS, SEARCH_SORTS);
  input.value = state.q;
  sort.value = state.sort;

  const checkboxes = new Map<string, HTMLInputElement>();
  const countLabels = new Map<string, HTMLElement>();
  const key = (group: string, value: string) => `${group}\u0000${value}`;
  /** Whether the filter values are listed yet (they come with the first facet counts). */
  let filtersBuilt = false;

  const buildFilters = (totals: FilterCounts) => {
    filtersBuilt = true;
    filtersBox.replaceChildren();
    for (const group of SEARCH_FILTERS) {
      const counts = totals[group] ?? {};
      // Keep selections from a shared URL visible even if the value no longer exists.
      for (const value of state.filters[group] ?? []) counts[value] ??= 0;
      const values = orderValues(group, counts);
      if (values.length === 0) continue;
      const details = el('details', { class: 'search-filter-group' });
      if (group === 'theme' || group === 'status' || (state.filters[group] ?? []).length > 0) details.open = true;
      // The summary names the group once, for sight and for screen readers (the fieldset points at it).
      const summary = el('summary', { id: `filter-${group}-label` }, FILTER_LABELS[group] ?? group);
      const fieldset = el('fieldset', { 'aria-labelledby': summary.id });
      for (const value of values) {
        const id = `filter-${group}-${values.indexOf(value)}`;
        const box = el('input', { type: 'checkbox', name: group, value, id });
        box.checked = (state.filters[group] ?? []).includes(value);
        const count = el('span', { class: 'search-filter-count' }, String(counts[value] ?? 0));
        const label = el('label', { for: id });
        label.append(box, document.createTextNode(` ${valueLabel(group, value)} `), count);
        fieldset.append(label);
        checkboxes.set(key(group, value), box);
        countLabels.set(key(group, value), count);
      }
      details.append(summary, fieldset);
      filtersBox.append(details);
    }
  };

  // Values with no paper under the current search are hidden (a selected one stays, to be unticked);
  // values are listed by count, most first, except status and year, which keep their own order.
  const updateCounts = (counts: FilterCounts) => {
    for (const [k, label] of countLabels) {
      const [group, value] = k.split('\u0000') as [string, string];
      const n = counts[group]?.[value] ?? 0;
      label.textContent = String(n);
      const row = label.parentElement;
      const box = checkboxes.get(k);
      if (row) row.hidden = n === 0 && !box?.checked;
    }
    for (const fieldset of filtersBox.querySelectorAll('fieldset')) {
      const rows = [...fieldset.querySelectorAll<HTMLLabelElement>(':scope > label')];
      const group = rows[0]?.querySelector('input')?.name ?? '';
      if (group === 'status' || group === 'year') continue;
      const n = (row: HTMLLabelElement) => counts[group]?.[row.querySelector('input')?.value ?? ''] ?? 0;
      const sorted = [...rows].sort((a, b) => n(b) - n(a));
      if (sorted.some((row, i) => row !== rows[i])) fieldset.append(...sorted);
    }
  };

  const readForm = (): SearchState => {
    // Until the filters are listed, the selection is the one the page opened with (from its URL).
    if (!filtersBuilt) return { q: input.value.trim(), sort: sort.value, filters: structuredClone(state.filters) };
    const filters: Record<string, string[]> = {};
    for (const [k, box] of checkboxes) {
      if (!box.checked) continue;
      const [group, value] = k.split('\u0000') as [string, string];
      (filters[group] ??= []).push(value);
    }
    return { q: input.value.trim(), sort: sort.value, filters };
  };

  const writeUrl = () => {
    const query = formatSearchState(state, SEARCH_FILTERS);
    try {
      history.replaceState(
        null,
        '',
        query ? `?${query}` : location.pathname.slice(location.pathname.lastIndexOf('/') + 1),
      );
    } catch {
      // Some browsers refuse history changes on file://; the search still runs.
    }
  };

  let outcome: SearchOutcome | null = null;
  let shown = 0;
  let generation = 0;

  // Facet counts need every filter file of the index (at 10,000 papers as much again as the rest of a first
  // search), which the results do not: they are fetched when the filters are in use (a selection, from the URL
  // or a tick) or when the reader asks for them (opening "Filters" on a phone, "Show the filters" in the column
  // beside the results on a wide screen), and always after the results are shown, so results never wait. Once
  // listed, they stay, and their counts follow each search.
  let filtersAsked = false;
  const countsWanted = () =>
    Object.values(state.filters).some((values) => values.length > 0) ||
    ((panel ? panel.open : true) && (filtersBuilt || filtersAsked));
  let countsShownFor: string | null = null;
  const offerFilters = () => {
    if (filtersBuilt || filtersBox.querySelector('[data-search-show-filters]')) return;
    const button = el('button', { type: 'button', class: 'search-filters-show', 'data-search-show-filters': '' });
    button.textContent = 'Show the filters';
    button.addEventListener('click', () => {
      filtersAsked = true;
      // Keyboard focus moves to the filters once they are listed (the button goes).
      focusFilters = document.activeElement === button;
      filtersBox.replaceChildren(el('p', { class: 'search-filters-note' }, 'Loading filters…'));
      // While a search runs, the counts wait for its results (showCounts), and its end starts them.
      startCounts();
    });
    filtersBox.replaceChildren(button);
  };

  let focusFilters = false;
  const showCounts = async () => {
    const mine = generation;
    const shownFor = formatSearchState(state, SEARCH_FILTERS);
    // Counts are those of the results shown: none while a search for other words or filters is still running.
    if (countsShownFor === shownFor || list.dataset.for !== shownFor) return;
    if (!filtersBuilt) filtersBox.replaceChildren(el('p', { class: 'search-filters-note' }, 'Loading filters…'));
    filtersBox.setAttribute('aria-busy', 'true');
    const engine = await backend();
    const searched = outcome;
    const [totals, counts] = await Promise.all([
      filtersBuilt ? null : engine.allFilters(),
      searched ? searched.counts() : engine.allFilters(),
    ]);
    if (mine !== generation) return;
    if (totals) buildFilters(totals);
    updateCounts(counts);
    if (focusFilters) {
      focusFilters = false;
      filtersBox.querySelector<HTMLElement>('summary, input')?.focus();
    }
    filtersBox.removeAttribute('aria-busy');
    countsShownFor = shownFor;
    // The search the counts are for, as in the URL: marks them as up to date.
    filtersBox.dataset.for = shownFor;
  };
  const startCounts = () => {
    if (!countsWanted()) return;
    showCounts().catch((error: Error) => {
      filtersBox.removeAttribute('aria-busy');
      if (!filtersBuilt) {
        filtersBox.replaceChildren(
          el('p', { class: 'search-filters-note' }, `Filters could not load (${error.message}).`),
        );
      }
    });
  };
  panel?.addEventListener('toggle', () => {
    // Opened by the reader (on a wide screen it stands open by itself): the counts now, if results are shown
    // (a search still running starts them when it is done).
    if (panel.open && !wide.matches) filtersAsked = true;
    if (list.dataset.for === formatSearchState(state, SEARCH_FILTERS)) startCounts();
  });

  const showMore = async () => {
    if (!outcome) return;
    const mine = generation;
    const batch = await outcome.load(shown, shown === 0 ? FIRST_RESULTS : MORE_RESULTS);
    if (mine !== generation) return;
    list.append(...batch.map((r) => resultItem(r, true)));
    shown += batch.length;
    more.hidden = shown >= outcome.total;
  };

  const run = async () => {
    const mine = ++generation;
    writeUrl();
    let engine: Backend;
    try {
      engine = await backend();
    } catch (error) {
      status.textContent = `Search could not load (${(error as Error).message}).`;
      return;
    }
    const shownFor = formatSearchState(state, SEARCH_FILTERS);
    if (isEmptyState(state)) {
      outcome = null;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = 'Type words to search titles, abstracts and notes, or pick a filter.';
      list.dataset.for = shownFor;
      if (countsWanted()) startCounts();
      else offerFilters();
      return;
    }
    status.textContent = 'Searching…';
    const result = await engine.search(state);
    if (mine !== generation) return;
    outcome = result;
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (mine !== generation) return;
    const words = state.q ? ` for “${state.q}”` : '';
    const filtered =
      result.total !== result.unfilteredCount && state.q ? ` (${result.unfilteredCount} without filters)` : '';
    status.textContent =
      result.total === 0
        ? `No papers found${words}.${filtered ? ` ${result.unfilteredCount} without filters.` : ''}`
        : `${plural(result.total, 'paper')} found${words}${filtered}.`;
    // The search the list shows, as in the URL: marks the results as up to date.
    list.dataset.for = shownFor;
    if (countsWanted()) startCounts();
    else offerFilters();
  };

  const rerun = () => {
    state = readForm();
    run().catch((error: Error) => {
      status.textContent = `Search failed (${error.message}).`;
    });
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    rerun();
  });
  input.addEventListener('input', debounce(rerun, 200));
  sort.addEventListener('change', rerun);
  filtersBox.addEventListener('change', rerun);
  more.addEventListener('click', () => {
    showMore().catch(() => undefined);
  });

  status.textContent = 'Loading search…';
  run().catch((error: Error) => {
    status.textContent = `Search could not load (${error.message}).`;
  });
}

/* ------------------------------ Start ------------------------------ */

function focusSearch(): void {
  const target =
    document.querySelector<HTMLInputElement>('[data-search-page] input[name="q"]') ??
    document.querySelector<HTMLInputElement>('form.search-box input[name="q"]');
  if (!target) return;
  target.focus();
  target.select();
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function start(): void {
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
      event.preventDefault();
      focusSearch();
    } else if ((event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      focusSearch();
    }
  });

  const page = document.querySelector<HTMLElement>('[data-search-page]');
  if (page) runSearchPage(page);

  for (const form of document.querySelectorAll<HTMLFormElement>('form.search-box')) {
    const input = form.querySelector<HTMLInputElement>('input[name="q"]');
    // On the search page the page's own form shows the results.
    if (input && !page) enhanceHeaderBox(form, input);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
