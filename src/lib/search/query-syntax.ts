/**
 * What a reader types, read as a search: words, "quoted phrases" (Pagefind
 * matches them exactly) and exclusions (-survey, -"linear attention"), which
 * Pagefind has no syntax for: the search runs on the rest, and papers matching
 * any exclusion are taken out. Pure: shared by the browser script and tests.
 *
 *   parseQuery('kv "cache reuse" -survey -"token merging"')
 *     → { words: ['kv'], phrases: ['cache reuse'], exclude: ['survey', '"token merging"'] }
 */
export interface ParsedQuery {
  /** Words to find (all of them). */
  words: string[];
  /** Phrases to find exactly, without their quotes. */
  phrases: string[];
  /** Each exclusion as its own Pagefind query: a word, or a phrase in quotes (Pagefind's exact search). */
  exclude: string[];
}

/** Most exclusions read from one query; the rest are ignored (each costs searches). */
export const MAX_EXCLUSIONS = 4;

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], phrases: [], exclude: [] };
  // A term: optional '-', then a quoted phrase (closing quote optional while typing) or a run of non-spaces.
  const term = /(-?)(?:"([^"]*)"?|(\S+))/g;
  for (const match of query.matchAll(term)) {
    const [, minus, phrase, word] = match;
    const text = (phrase ?? word ?? '').replace(/\s+/g, ' ').trim();
    if (text === '' || text === '-') continue;
    if (minus) {
      const written = phrase !== undefined && text.includes(' ') ? `"${text}"` : text;
      if (parsed.exclude.length < MAX_EXCLUSIONS && !parsed.exclude.includes(written)) parsed.exclude.push(written);
    } else if (phrase !== undefined && text.includes(' ')) parsed.phrases.push(text);
    else parsed.words.push(text);
  }
  return parsed;
}
