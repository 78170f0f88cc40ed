/**
 * Renders text from the dumps (titles, abstracts) to HTML at build time:
 * the text is parsed as text (remark-text-only), `$…$` becomes KaTeX math, the
 * LaTeX text commands become bold, italics, links and characters
 * (remark-latex-text), what the dumps lost is put back first (dump-repairs: "2.6times" is 2.6×), and raw HTML is never let through (remark-rehype without
 * allowDangerousHtml): `<script>` comes out as the text "<script>". Nothing here
 * goes near MDX, so `{alert(1)}` or `import fs from 'node:fs'` are just words.
 * Results are memoized: a title is rendered on several pages. Text that no rule
 * of the pipeline can touch (no LaTeX, no `$`, no typography, no address, one
 * line) skips it and is only escaped: the same HTML, without the parse.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { PhrasingContent, Root as MdastRoot } from 'mdast';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { repairDumpText } from './dump-repairs.ts';
import { recordKatexClasses } from './katex-assets.ts';
import { collectKatexClasses } from './trim-katex-css.ts';
import { SYMBOL_COMMANDS } from './latex-symbols.ts';
import remarkLatexText from './remark-latex-text.ts';
import remarkTextOnly from './remark-text-only.ts';

export interface RenderedText {
  /** HTML: paragraphs for a block, phrasing content only for an inline text. */
  html: string;
  /** True when the HTML holds KaTeX output, so the page must load the KaTeX stylesheet. */
  hasMath: boolean;
  /** The classes of the KaTeX output, recorded for the trimmed stylesheet each time the text renders. */
  katexClasses: readonly string[];
}

/** KaTeX settings for text from the dumps: never throw, never trust (no \href, no \url in math), stay quiet. */
// Dump text is untrusted: no \href/\includegraphics (trust), sizes capped at 10em (a \rule{99999em}{...} would
// blow up the layout), and macro expansion bounded (a recursive \def would loop).
export const KATEX_OPTIONS = {
  strict: 'ignore',
  trust: false,
  output: 'htmlAndMathml',
  maxSize: 10,
  maxExpand: 200,
} as const;

/** Text in a paragraph, inline: drops the wrapping <p> of a one-paragraph result. */
function rehypeUnwrapParagraph() {
  return (tree: HastRoot): void => {
    const blocks = tree.children.filter((node) => !(node.type === 'text' && node.value.trim() === ''));
    const only = blocks[0];
    if (blocks.length === 1 && only?.type === 'element' && only.tagName === 'p') {
      tree.children = only.children as HastRoot['children'];
    } else {
      // Several paragraphs in a title: join them with spaces.
      const children: ElementContent[] = [];
      for (const block of blocks) {
        if (children.length > 0) children.push({ type: 'text', value: ' ' });
        if (block.type === 'element') children.push(...(block.tagName === 'p' ? block.children : [block]));
      }
      tree.children = children as HastRoot['children'];
    }
  };
}

/** Links in an abstract lead away from the list: open as ordinary links, but say nothing to the other side. */
function rehypeExternalLinks() {
  return (tree: HastRoot): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a') node.properties = { ...node.properties, rel: ['noopener', 'noreferrer'] };
    });
  };
}

declare module 'vfile' {
  interface DataMap {
    katexClasses: Set<string>;
    plainText: string;
  }
}

/** Keeps the classes of the KaTeX output on the file, for the trimmed stylesheet. */
function rehypeKeepKatexClasses() {
  return (tree: HastRoot, file: VFile): void => {
    file.data.katexClasses = collectKatexClasses(tree);
  };
}

/** The plain text of the tree, kept on the file: rendering a text also gives its plain text, with no second parse. */
function remarkKeepPlainText() {
  return (tree: MdastRoot, file: VFile): void => {
    file.data.plainText = plainOfTree(tree);
  };
}

function processor(inline: boolean) {
  const base = unified()
    .use(remarkParse)
    .use(remarkTextOnly)
    .use(remarkMath)
    .use(remarkLatexText)
    .use(remarkKeepPlainText)
    .use(remarkRehype)
    .use(rehypeKatex, KATEX_OPTIONS)
    .use(rehypeKeepKatexClasses)
    .use(rehypeExternalLinks);
  return (inline ? base.use(rehypeUnwrapParagraph) : base).use(rehypeStringify);
}

const blockProcessor = processor(false);
const inlineProcessor = processor(true);
const cache = new Map<string, RenderedText>();
const plainCache = new Map<string, string>();

/**
 * Characters and sequences that some step of the pipeline reads as more than
 * text: LaTeX (`\`, `{`, `}`, `$`), typography (`--`, ``` `` ```, `''`, `~`, and any
 * backquote), web addresses, line breaks and other control characters (and
 * the byte order mark, which micromark drops), unpaired surrogates. Text without
 * them, and with no space at either end, comes out of the pipeline as itself
 * (test/unit/render-text-plain.test.ts compares both ways on real dumps).
 */
const NOT_PLAIN = /[\\{}$~`\u0000-\u001f\u007f\ufeff\ud800-\udfff]|--|''|https?:\/\/|^[ ]|[ ]$/iu;

/** True when text (repaired already) needs no pipeline: escaping `&` and `<` gives the same HTML. */
export function isPlainText(repaired: string): boolean {
  return repaired !== '' && !NOT_PLAIN.test(repaired);
}

/** `&` and `<` as hast-util-to-html writes them in text (hexadecimal references); nothing else changes. */
function escapeText(value: string): string {
  return value.replace(/[&<]/g, (char) => (char === '&' ? '&#x26;' : '&#x3C;'));
}

/** Spaces collapsed and ends trimmed, as the plain text of a tree. */
function collapseSpaces(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

interface Rendering {
  html: string;
  katexClasses: readonly string[];
  /** The same text as plainText gives it. */
  plain: string;
}

/** A text through the whole pipeline (parse, LaTeX, KaTeX, HTML), whatever it holds; not memoized. */
export function renderThroughPipeline(text: string, inline: boolean): Rendering {
  const file = (inline ? inlineProcessor : blockProcessor).processSync(repairDumpText(text));
  return { html: String(file), katexClasses: [...(file.data.katexClasses ?? [])], plain: file.data.plainText ?? '' };
}

/** The pipeline's result, without the pipeline when the text is plain. */
function renderOnce(text: string, inline: boolean): Rendering {
  const repaired = repairDumpText(text);
  if (!isPlainText(repaired)) return renderThroughPipeline(text, inline);
  const escaped = escapeText(repaired);
  return { html: inline ? escaped : `<p>${escaped}</p>`, katexClasses: [], plain: collapseSpaces(repaired) };
}

function cacheKey(text: string, inline: boolean): string {
  return `${inline ? 'i' : 'b'}\u0000${text}`;
}

function render(text: string, inline: boolean): RenderedText {
  const key = cacheKey(text, inline);
  let result = cache.get(key);
  if (!result) {
    const { html, katexClasses, plain } = renderOnce(text, inline);
    result = { html, hasMath: html.includes('class="katex'), katexClasses };
    cache.set(key, result);
    // The plain text comes with the rendering: plainText of the same text needs no second parse.
    if (!plainCache.has(text)) plainCache.set(text, plain);
  }
  // Recorded on every render, cached or not: the set is emptied when a build starts.
  recordKatexClasses(result.katexClasses);
  return result;
}

/** An abstract (or any multi-paragraph text from a dump) as HTML paragraphs. */
export function renderAbstract(text: string): RenderedText {
  return render(text, false);
}

/** A title as inline HTML, for an <h1> or a link. */
export function renderTitle(text: string): RenderedText {
  return render(text, true);
}

/** TeX math as plain words: `\texttt{EOS}` -> EOS, `\alpha` -> α, `^*` -> *; for <title>, feeds and search. */
export function mathToPlain(tex: string): string {
  return (
    tex
      .replace(/\^\s*\{?\s*(\*|\+|\\prime|\\dagger)\s*\}?/g, (_, mark: string) => mark)
      // A command before `{` wraps its argument (\texttt{EOS} -> EOS); a lone one is a symbol or a name (\log -> log).
      .replace(/\\([A-Za-z]+)(\s*)(\{?)/g, (_, name: string, space: string, brace: string) => {
        const symbol = SYMBOL_COMMANDS[name];
        if (symbol !== undefined) return `${symbol}${brace}`;
        return brace ? brace : `${name}${space}`;
      })
      .replace(/\\(.)/g, '$1')
      .replace(/[{}]/g, '')
      .trim()
  );
}

function phrasingToPlain(nodes: PhrasingContent[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'inlineMath') return mathToPlain(node.value);
      if ('children' in node) return phrasingToPlain(node.children as PhrasingContent[]);
      if ('value' in node) return node.value;
      return '';
    })
    .join('');
}

function plainOfTree(tree: MdastRoot): string {
  return collapseSpaces(
    tree.children
      .map((block) => {
        if (block.type === 'paragraph') return phrasingToPlain(block.children);
        if (block.type === 'math') return mathToPlain(block.value);
        return '';
      })
      .join(' '),
  );
}

/**
 * A title or abstract as plain text (the same reading as the HTML, without markup).
 * Text that needs the pipeline is rendered as paragraphs on the way, as an
 * abstract is: its page, which asks for the plain text first, then finds the
 * HTML ready (one parse per text, whichever is asked first).
 */
export function plainText(text: string): string {
  let result = plainCache.get(text);
  if (result === undefined) {
    const repaired = repairDumpText(text);
    if (isPlainText(repaired)) {
      result = collapseSpaces(repaired);
    } else {
      const { html, katexClasses, plain } = renderThroughPipeline(text, false);
      const key = cacheKey(text, false);
      if (!cache.has(key)) cache.set(key, { html, hasMath: html.includes('class="katex'), katexClasses });
      result = plain;
    }
    plainCache.set(text, result);
  }
  return result;
}
