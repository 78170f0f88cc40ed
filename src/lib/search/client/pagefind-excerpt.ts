/**
 * A Pagefind result's excerpt as text parts, never as HTML. Pagefind builds its excerpt HTML from the page
 * text with only `<` and `>` escaped, not `&`: a title written as `&lt;img` (the characters a, m, p…) comes
 * back as `&lt;img`, which innerHTML would show as `<img`, one level of decoding too far, and a real `<img`
 * comes back the same way, so the HTML alone cannot say which it was. The fragment also carries the plain
 * text (`content`) and the matched word positions (`locations`): the excerpt's window is found among the
 * words Pagefind itself splits (`raw_content` on runs of white space other than U+FEFF), and the parts are
 * taken from the plain text at the same positions.
 *
 *   content "Written &lt;img here" + locations [1] → [{ text: 'Written', mark: false }, { text: '&lt;img', mark: true }, …]
 */

/** How Pagefind splits its text into words (its excerpt code uses this very pattern). */
const WORD_BREAK = /[^\S\uFEFF]+/g;
const ZERO_WIDTH_SPACE = '\u200B';

export interface PagefindTextFragment {
  excerpt: string;
  content?: string;
  raw_content?: string;
  plain_excerpt?: string;
  locations?: number[];
}

export type ExcerptPart = { text: string; mark: boolean };

function push(parts: ExcerptPart[], text: string, mark: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.mark === mark) last.text += text;
  else parts.push({ text, mark });
}

/** Pagefind's excerpt HTML as parts: `<mark>` kept as marks, the two escapes it makes undone, nothing parsed. */
function partsFromHtml(html: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  html.split(/(<mark>|<\/mark>)/).reduce((marked, piece) => {
    if (piece === '<mark>') return true;
    if (piece === '</mark>') return false;
    if (piece !== '') push(parts, piece.replaceAll('&lt;', '<').replaceAll('&gt;', '>'), marked);
    return marked;
  }, false);
  return parts;
}

/**
 * The excerpt as parts to show as text. Falls back to reading Pagefind's HTML (marks and its two escapes
 * only) when the fragment lacks what the exact way needs.
 * @param length the excerpt length in words given to Pagefind's options
 */
export function pagefindExcerptParts(
  fragment: PagefindTextFragment,
  length: number,
  bodyWords?: number,
): ExcerptPart[] {
  if (bodyWords !== undefined) return bodyExcerptParts(fragment, length, bodyWords);
  const { content, raw_content: raw, plain_excerpt: plain, locations } = fragment;
  if (content === undefined || raw === undefined || plain === undefined || !locations || raw.includes(ZERO_WIDTH_SPACE))
    return partsFromHtml(fragment.excerpt);
  const escaped = raw.split(WORD_BREAK);
  const words = content.split(WORD_BREAK);
  if (words.length !== escaped.length) return partsFromHtml(fragment.excerpt);
  const size = Math.min(length, escaped.length);
  let start = -1;
  for (let t = 0; t + size <= escaped.length; t++) {
    const body = escaped
      .slice(t, t + size)
      .join(' ')
      .trim();
    if (body !== '' && plain.includes(body)) {
      start = t;
      break;
    }
  }
  if (start === -1) return partsFromHtml(fragment.excerpt);
  return windowParts(words, start, size, escaped.length, new Set(locations));
}

/** Words [start, start + size) as parts, matches marked, with "…" where the text goes on before or after `end`. */
function windowParts(words: string[], start: number, size: number, end: number, marked: Set<number>): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  if (start > 0) push(parts, '… ', false);
  let first = true;
  for (let i = start; i < start + size; i++) {
    const word = words[i]!;
    if (word === '') continue;
    if (!first) push(parts, ' ', false);
    push(parts, word, marked.has(i));
    first = false;
  }
  if (start + size < end) push(parts, ' …', false);
  return parts;
}

/**
 * The excerpt taken from the first `bodyWords` words of the text only (a search record's abstract and notes,
 * src/lib/search/fields.ts), around the first match there; from the start when the matches are elsewhere (the
 * title). Empty when there is no body.
 */
function bodyExcerptParts(fragment: PagefindTextFragment, length: number, bodyWords: number): ExcerptPart[] {
  const words = (fragment.content ?? '').split(WORD_BREAK);
  const end = Math.min(bodyWords, words.length);
  if (end <= 0) return [];
  const size = Math.min(length, end);
  const inBody = (fragment.locations ?? []).filter((at) => at < end).sort((a, b) => a - b);
  const first = inBody[0] ?? 0;
  const start = Math.max(0, Math.min(first - Math.floor(size / 4), end - size));
  return windowParts(words, start, size, end, new Set(inBody));
}
