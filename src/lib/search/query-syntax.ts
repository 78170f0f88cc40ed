/**
 * What a reader types, read as a search: words, "quoted phrases" (Pagefind
 * matches them exactly) and exclusions (-survey, -"linear attention"), which
 * Pagefind has no syntax for: the search runs on the rest, and papers matching
 * any exclusion are taken out. Pure: shared by the browser script and tests.
 *
 *   parseQuery('kv cache -survey -"token merging"')
 *     → { include: 'kv cache', exclude: ['survey', '"token merging"'] }
 */
export interface ParsedQuery {
  /** The words and phrases to find, as Pagefind reads them (phrases keep their quotes). */
  include: string;
  /** Each exclusion as its own Pagefind query (a word, or a phrase in quotes). */
  exclude: string[];
}

/** Most exclusions read from one query; the rest are ignored (each costs searches). */
export const MAX_EXCLUSIONS = 4;

export function parseQuery(query: string): ParsedQuery {
  const include: string[] = [];
  const exclude: string[] = [];
  // A term: optional '-', then a quoted phrase (closing quote optional while typing) or a run of non-spaces.
  const term = /(-?)(?:"([^"]*)"?|(\S+))/g;
  for (const match of query.matchAll(term)) {
    const [, minus, phrase, word] = match;
    const text = phrase !== undefined ? phrase.trim() : (word ?? '');
    if (text === '' || text === '-') continue;
    const written = phrase !== undefined ? `"${text}"` : text;
    if (minus) {
      if (exclude.length < MAX_EXCLUSIONS && !exclude.includes(written)) exclude.push(written);
    } else include.push(written);
  }
  return { include: include.join(' '), exclude };
}
