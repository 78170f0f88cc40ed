/**
 * Words for the file:// fallback search, shared by the index builder (Node)
 * and the browser script, so both cut text the same way: Unicode letters and
 * digits, lower case, accents folded, a light plural fold ("caches" → "cache").
 */

/** Lower-cases and folds accents ("Über" → "uber"). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
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
