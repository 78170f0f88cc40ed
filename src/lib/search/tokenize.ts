/**
 * Words for the file:// fallback search, shared by the index builder (Node)
 * and the browser script, so both cut text the same way: Unicode letters and
 * digits, lower case, accents folded, a light plural fold ("caches" → "cache").
 */

/** Lower-cases and folds accents ("Über" → "uber"). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** "caches" → "cache", "LLMs" → "llm"; leaves "class", "has" and short words alone. */
export function foldPlural(word: string): string {
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) {
    return word.slice(0, -1);
  }
  return word;
}

/** The words of a text, in order, folded. */
export function tokenize(text: string): string[] {
  const words = foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map(foldPlural);
}

/** The distinct words of a text, in order of first appearance. */
export function uniqueTokens(text: string): string[] {
  return [...new Set(tokenize(text))];
}

/**
 * Words too common to search on. The fallback index leaves them out (a third
 * of its size) and the query ignores them unless it has nothing else.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can do does for from has had have how i if in into is it its may more most ' +
    'not of on or our over s so such than that the their them then there these they this those through to under up ' +
    'via was we were what when where which while who will with within without would yet'
  )
    .split(' ')
    .map(foldPlural),
);

/** The words of a query worth looking up: stopwords dropped unless nothing else is left. */
export function queryTokens(text: string): string[] {
  const words = tokenize(text);
  const kept = words.filter((w) => !STOPWORDS.has(w));
  return kept.length > 0 ? kept : words;
}
