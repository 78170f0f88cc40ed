/**
 * Builds the file:// fallback index from the built paper pages, reading the
 * same data-pagefind-* attributes Pagefind reads, so both modes index the same
 * pages with the same title, filters and sorts, and the reader's notes (part
 * of the page body) are searchable in both.
 *
 * Attribute forms understood (Pagefind's): `key` (the element's text),
 * `key:value`, `key[attr]` (an attribute's value), several separated by commas.
 * `data-pagefind-ignore` drops text; `data-pagefind-ignore="all"` drops
 * filters, sorts and metadata too.
 */
import type { Element, ElementContent, Root } from 'hast';
import { FALLBACK_GLOBAL } from './paths.ts';
import { STOPWORDS, uniqueTokens } from './tokenize.ts';
import type { FallbackIndex, FallbackRecord } from './fallback-engine.ts';

export interface FallbackIndexOptions {
  /** Filter names, in display order. */
  filters: readonly string[];
  /** Sort names. */
  sorts: readonly string[];
  /** Excerpt length in characters. Default 160. */
  excerptLength?: number;
  /** Most distinct words kept per paper, so one huge note cannot bloat the file. Default 2000. */
  maxWords?: number;
}

/** Tags whose boundaries do not separate words. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);
/** Never text: code, styling, and the MathML copy KaTeX keeps for screen readers next to its HTML rendering. */
const SKIP = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'svg',
  'math',
  'button',
  'select',
  'input',
  'textarea',
]);

function prop(node: Element, name: string): string | undefined {
  const value = node.properties[name];
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return '';
  return Array.isArray(value) ? value.join(' ') : String(value);
}

function classes(node: Element): string[] {
  const value = node.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

function isHidden(node: Element): boolean {
  return prop(node, 'hidden') !== undefined;
}

/** Plain text of a subtree, words separated at block boundaries. */
export function textOf(node: Element | Root, skip: (el: Element) => boolean = () => false): string {
  const out: string[] = [];
  const walk = (n: ElementContent | Root | Element) => {
    if (n.type === 'text') {
      out.push(n.value);
      return;
    }
    if (n.type !== 'element' && n.type !== 'root') return;
    if (n.type === 'element') {
      if (SKIP.has(n.tagName) || skip(n)) return;
      if (n.tagName === 'br') {
        out.push(' ');
        return;
      }
    }
    const block = n.type === 'element' && !INLINE.has(n.tagName);
    if (block) out.push(' ');
    for (const child of n.children) walk(child as ElementContent);
    if (block) out.push(' ');
  };
  walk(node);
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** Parses one data-pagefind-{meta,filter,sort} value into (key, value) pairs for `node`. */
export function readPagefindAttribute(node: Element, attribute: string): Array<[string, string]> {
  const raw = prop(node, attribute);
  if (raw === undefined) return [];
  const pairs: Array<[string, string]> = [];
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const colon = item.indexOf(':');
    const bracket = item.match(/^([^[\]:]+)\[([^\]]+)\]$/);
    if (bracket) {
      // hast names attributes in camel case: data-date → dataDate.
      const value = prop(
        node,
        bracket[2]!.trim().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      );
      if (value !== undefined) pairs.push([bracket[1]!.trim(), value]);
    } else if (colon !== -1) {
      pairs.push([item.slice(0, colon).trim(), item.slice(colon + 1).trim()]);
    } else {
      pairs.push([item, textOf(node)]);
    }
  }
  return pairs;
}

function collect(root: Root | Element, test: (el: Element, ignoredAll: boolean) => void): void {
  const walk = (n: Root | ElementContent, ignoredAll: boolean) => {
    if (n.type !== 'element' && n.type !== 'root') return;
    let ignored = ignoredAll;
    if (n.type === 'element') {
      ignored = ignored || prop(n, 'dataPagefindIgnore') === 'all';
      test(n, ignored);
    }
    for (const child of n.children) walk(child as ElementContent, ignored);
  };
  walk(root, false);
}

function cutExcerpt(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.lastIndexOf(' ', length);
  return `${text.slice(0, cut > length / 2 ? cut : length).trimEnd()}…`;
}

/** What one paper page contributes to the index, before words are encoded. */
export interface PageRecord extends Omit<FallbackRecord, 'w'> {
  /** Distinct folded words of the indexed text, stopwords left out. */
  words: string[];
}

/**
 * The fallback record of one built page, or null when the page is not indexed
 * (no data-pagefind-body: navigation, lists, the home page).
 */
export function recordFromPage(tree: Root, url: string, options: FallbackIndexOptions): PageRecord | null {
  let body: Element | undefined;
  collect(tree, (el) => {
    if (!body && prop(el, 'dataPagefindBody') !== undefined) body = el;
  });
  if (!body) return null;

  let title = '';
  let byline = '';
  let titleElement: Element | undefined;
  const filters: Record<string, string[]> = {};
  const sorts: Record<string, string> = {};
  collect(tree, (el, ignoredAll) => {
    if (ignoredAll) return;
    for (const [key, value] of readPagefindAttribute(el, 'dataPagefindMeta')) {
      if (key === 'title' && !title) {
        title = value;
        titleElement = el;
      }
      if (key === 'byline' && !byline) byline = value;
    }
    for (const [key, value] of readPagefindAttribute(el, 'dataPagefindFilter')) {
      if (!options.filters.includes(key) || value === '') continue;
      const list = (filters[key] ??= []);
      if (!list.includes(value)) list.push(value);
    }
    for (const [key, value] of readPagefindAttribute(el, 'dataPagefindSort')) {
      if (options.sorts.includes(key) && !(key in sorts)) sorts[key] = value;
    }
  });
  if (!title) {
    const h1 = (() => {
      let found: Element | undefined;
      collect(body, (el) => {
        if (!found && el.tagName === 'h1') found = el;
      });
      return found;
    })();
    titleElement = h1;
    title = h1 ? textOf(h1) : url;
  }

  const skip = (el: Element) =>
    el === titleElement ||
    prop(el, 'dataPagefindIgnore') !== undefined ||
    isHidden(el) ||
    classes(el).includes('katex-mathml');
  const text = textOf(body, skip);
  // The excerpt reads best from prose: the body's paragraphs (the abstract first), else all its text.
  const paragraphs: string[] = [];
  const walkParagraphs = (node: Element) => {
    if (skip(node)) return;
    if (node.tagName === 'p') paragraphs.push(textOf(node, skip));
    else for (const child of node.children) if (child.type === 'element') walkParagraphs(child);
  };
  walkParagraphs(body);
  const prose = paragraphs.filter(Boolean).join(' ');
  return {
    u: url,
    t: title,
    ...(byline ? { b: byline } : {}),
    x: cutExcerpt(prose || text, options.excerptLength ?? 160),
    words: uniqueTokens(text)
      .filter((word) => !STOPWORDS.has(word))
      .slice(0, options.maxWords ?? 2000),
    s: sorts,
    f: filters,
  };
}

/**
 * The index: pages sorted by URL, each page's words written as positions in
 * one shared vocabulary ordered by how many papers use a word (common words
 * get one- or two-character codes). Less than half the size of the words spelled out.
 */
export function buildFallbackIndex(pages: PageRecord[], options: FallbackIndexOptions): FallbackIndex {
  const frequency = new Map<string, number>();
  for (const page of pages) for (const word of page.words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const words = [...frequency.keys()].sort(
    (a, b) => frequency.get(b)! - frequency.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  const code = new Map(words.map((word, i) => [word, i.toString(36)]));
  return {
    version: 1,
    filters: [...options.filters],
    sorts: [...options.sorts],
    words,
    records: [...pages]
      .sort((a, b) => (a.u < b.u ? -1 : a.u > b.u ? 1 : 0))
      .map(({ words: pageWords, ...rest }) => ({ ...rest, w: pageWords.map((word) => code.get(word)!).join(' ') })),
  };
}

/** The classic script that carries the index: `window.__searchIndex = {...};`. */
export function fallbackIndexScript(index: FallbackIndex): string {
  return `/* Search index for file:// (Pagefind cannot load there). Generated at build time. */\nwindow.${FALLBACK_GLOBAL}=${JSON.stringify(index)};\n`;
}
