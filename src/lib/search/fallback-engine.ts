/**
 * The file:// fallback search: where Pagefind cannot load (browsers block
 * fetch and module scripts on file://), the search box runs this over the
 * index that search/fallback-index.js defines. Pure functions, shared by the
 * browser script and the tests.
 *
 * Matching: every query word must match (AND), as a whole word or a prefix
 * ("evict" finds "eviction"). Ranking: title words weigh most, then whole-word
 * body matches, then prefixes; the whole query as a phrase in the title adds
 * more; ties go to upvotes, then date. Filters: OR within a group, AND across
 * groups, with counts per value computed as facets (each group counted under
 * the other groups' selections), the same semantics the Pagefind mode uses.
 */
import { foldText, queryTokens, tokenize } from './tokenize.ts';

/** One paper in the fallback index (short keys: the file ships to the browser). */
export interface FallbackRecord {
  /** URL relative to the site root, e.g. 'papers/kv-cache.html'. */
  u: string;
  /** Title. */
  t: string;
  /** The byline a list shows (first authors, organization or number of authors), when the page declares one. */
  b?: string;
  /** Excerpt: the start of the indexed text. */
  x: string;
  /**
   * Distinct folded words of the indexed text (abstract and notes), stopwords
   * left out, each written as its base-36 position in FallbackIndex.words.
   */
  w: string;
  /** Sort keys (date, upvotes) as strings, as the page declares them. */
  s: Record<string, string>;
  /** Filter values (theme, status, year, tag, organization). */
  f: Record<string, string[]>;
}

export interface FallbackIndex {
  version: 1;
  /** Filter names, in display order. */
  filters: string[];
  /** Sort names. */
  sorts: string[];
  /** Every body word once, the most frequent first (so they get the shortest codes). */
  words: string[];
  records: FallbackRecord[];
}

export type Filters = Record<string, string[]>;

export interface SearchQuery {
  /** The words typed; '' for a filter-only listing. */
  text: string;
  filters: Filters;
  /** '' for relevance, else a sort name (newest / highest first). */
  sort: string;
}

export interface FallbackHit {
  record: FallbackRecord;
  score: number;
}

export interface FallbackResults {
  hits: FallbackHit[];
  /** How many papers match the words without filters. */
  unfilteredCount: number;
  /** Per filter and value: how many papers match the words and the other groups' filters. */
  filterCounts: Record<string, Record<string, number>>;
}

interface Prepared {
  record: FallbackRecord;
  titleWords: string[];
  titleText: string;
  bodyWords: string[];
  bodySet: Set<string>;
}

export interface PreparedIndex {
  index: FallbackIndex;
  items: Prepared[];
}

export function prepareIndex(index: FallbackIndex): PreparedIndex {
  return {
    index,
    items: index.records.map((record) => {
      const bodyWords = record.w === '' ? [] : record.w.split(' ').map((code) => index.words[parseInt(code, 36)] ?? '');
      return {
        record,
        titleWords: tokenize(record.t),
        titleText: ` ${tokenize(record.t).join(' ')} `,
        bodyWords,
        bodySet: new Set(bodyWords),
      };
    }),
  };
}

/** Score of one query word in one paper; 0 when it does not match. */
function wordScore(item: Prepared, word: string): number {
  let score = 0;
  if (item.titleWords.includes(word)) score += 10;
  else if (item.titleWords.some((w) => w.startsWith(word))) score += 6;
  if (item.bodySet.has(word)) score += 2;
  else if (item.bodyWords.some((w) => w.startsWith(word))) score += 1;
  return score;
}

/** Relevance of a paper for the query words; 0 when a word is missing. */
export function scoreRecord(item: Prepared, words: readonly string[]): number {
  if (words.length === 0) return 1;
  let total = 0;
  for (const word of words) {
    const score = wordScore(item, word);
    if (score === 0) return 0;
    total += score;
  }
  if (words.length > 1 && item.titleText.includes(` ${words.join(' ')}`)) total += 5;
  return total;
}

function matchesGroup(record: FallbackRecord, group: string, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  const values = record.f[group] ?? [];
  return wanted.some((v) => values.includes(v));
}

function matchesFilters(record: FallbackRecord, filters: Filters, except?: string): boolean {
  for (const [group, wanted] of Object.entries(filters)) {
    if (group !== except && !matchesGroup(record, group, wanted)) return false;
  }
  return true;
}

function numeric(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NEGATIVE_INFINITY;
}

function compareSortKey(a: FallbackRecord, b: FallbackRecord, key: string): number {
  const av = a.s[key];
  const bv = b.s[key];
  if (key === 'upvotes') return numeric(bv) - numeric(av);
  return (bv ?? '').localeCompare(av ?? '');
}

export function searchFallback(prepared: PreparedIndex, query: SearchQuery): FallbackResults {
  const words = queryTokens(query.text);
  const scored: FallbackHit[] = [];
  for (const item of prepared.items) {
    const score = scoreRecord(item, words);
    if (score > 0) scored.push({ record: item.record, score });
  }

  const filterCounts: Record<string, Record<string, number>> = {};
  for (const group of prepared.index.filters) {
    const counts: Record<string, number> = {};
    for (const hit of scored) {
      if (!matchesFilters(hit.record, query.filters, group)) continue;
      for (const value of hit.record.f[group] ?? []) counts[value] = (counts[value] ?? 0) + 1;
    }
    filterCounts[group] = counts;
  }

  const hits = scored.filter((hit) => matchesFilters(hit.record, query.filters));
  hits.sort((a, b) => {
    if (query.sort && prepared.index.sorts.includes(query.sort)) {
      const bySort = compareSortKey(a.record, b.record, query.sort);
      if (bySort !== 0) return bySort;
    }
    return (
      b.score - a.score ||
      compareSortKey(a.record, b.record, 'upvotes') ||
      compareSortKey(a.record, b.record, 'date') ||
      a.record.t.localeCompare(b.record.t)
    );
  });
  return { hits, unfilteredCount: scored.length, filterCounts };
}

/**
 * The excerpt split into plain and marked parts around the query words, for
 * the browser to build with text nodes (no HTML strings from the index).
 */
export function markExcerpt(excerpt: string, queryText: string): Array<{ text: string; mark: boolean }> {
  const words = queryTokens(queryText);
  if (words.length === 0) return [{ text: excerpt, mark: false }];
  const parts: Array<{ text: string; mark: boolean }> = [];
  const pattern = /[\p{L}\p{N}]+/gu;
  let last = 0;
  for (const match of excerpt.matchAll(pattern)) {
    const folded = tokenize(match[0])[0] ?? foldText(match[0]);
    if (!words.some((w) => folded.startsWith(w))) continue;
    const start = match.index ?? 0;
    if (start > last) parts.push({ text: excerpt.slice(last, start), mark: false });
    parts.push({ text: match[0], mark: true });
    last = start + match[0].length;
  }
  if (last < excerpt.length) parts.push({ text: excerpt.slice(last), mark: false });
  return parts;
}
