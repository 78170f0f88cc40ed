/**
 * remark plugin: the LaTeX that abstracts carry outside math, as mdast nodes.
 *
 *   \textbf{x} \emph{x} {\bf x}  -> strong / emphasis     \texttt{x} -> inline code
 *   \url{https://…} \href{u}{t}  -> links (http and https only)
 *   95\%  \&  \_  \$  \{         -> the character          2.4\times -> 2.4×
 *   ``quoted''  --  ---          -> “quoted” – —           na\"ive   -> naïve
 *   Models~(LLMs)                -> a no-break space (but "~20%" stays "~20%")
 *   \(x\)  \[x\]                 -> math, like $x$ and $$x$$
 *   https://github.com/a/b.      -> a link to https://github.com/a/b (the sentence's full stop left out)
 *   \eg \ie \deg \allowbreak    -> e.g. i.e. ° and nothing (TEXT_COMMANDS)
 *
 * Anything else (`\cite{x}`, `\ourMethod`, a stray `{`) stays as typed. It runs
 * after remark-text-only + remark-math and reads each text run from the source
 * (escapes included), so the backslashes are still there to interpret. An
 * inline "math" span that reads like prose (an unpaired `$` swallowing a
 * sentence) is put back as text.
 */
import type { Paragraph, PhrasingContent, Root, Text } from 'mdast';
// The math node types (and their place in mdast) come with remark-math's own mdast utility.
import type { InlineMath } from 'mdast-util-math';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  ACCENTS,
  CONTROL_SYMBOLS,
  LETTER_ACCENTS,
  STYLE_COMMANDS,
  STYLE_DECLARATIONS,
  SYMBOL_COMMANDS,
  TEXT_COMMANDS,
  type TextStyle,
} from './latex-symbols.ts';

type Token =
  | { kind: 'text'; value: string }
  | { kind: 'command'; name: string; raw: string }
  | { kind: 'symbol'; char: string; raw: string }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'node'; node: PhrasingContent };

/** A math node shaped as remark-math shapes it, so rehype-katex renders it. */
export function mathNode(value: string, display: boolean): InlineMath {
  return {
    type: 'inlineMath',
    value,
    data: {
      hName: 'code',
      hProperties: { className: ['language-math', display ? 'math-display' : 'math-inline'] },
      hChildren: [{ type: 'text', value }],
    },
  };
}

/** True when a `$…$` span holds a run of ordinary words: a lone `$` met another one far away. */
export function looksLikeProse(math: string): boolean {
  const withoutText = math.replace(/\\(?:text[a-z]*|mathrm|operatorname|mbox)\s*\{[^{}]*\}/g, ' ');
  return /(?:[A-Za-z][A-Za-z'-]+[,.;:]?\s+){4,}[A-Za-z]/.test(withoutText);
}

/**
 * Pandoc's rule for `$…$`: no space just inside either dollar, no digit just
 * after the closing one. "with $100K, saving $15K" is money, not math.
 */
export function isDollarMath(raw: string, after: string): boolean {
  if (!raw.startsWith('$') || raw.startsWith('$$')) return true;
  const inner = raw.slice(1, -1);
  return !/^\s|\s$/.test(inner) && !/^\d/.test(after);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({ kind: 'text', value: text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '{' || char === '}') {
      flush();
      tokens.push({ kind: char === '{' ? 'open' : 'close' });
      i += 1;
    } else if (char === '\\' && i + 1 < source.length) {
      const next = source[i + 1]!;
      const letters = /^[A-Za-z]+/.exec(source.slice(i + 1));
      if (letters) {
        flush();
        tokens.push({ kind: 'command', name: letters[0], raw: `\\${letters[0]}` });
        i += 1 + letters[0].length;
        continue;
      }
      const closer = next === '(' ? '\\)' : next === '[' ? '\\]' : undefined;
      const end = closer ? source.indexOf(closer, i + 2) : -1;
      if (closer && end > i + 2) {
        flush();
        tokens.push({ kind: 'node', node: mathNode(source.slice(i + 2, end).trim(), next === '[') });
        i = end + 2;
        continue;
      }
      flush();
      tokens.push({ kind: 'symbol', char: next, raw: `\\${next}` });
      i += 2;
    } else {
      text += char;
      i += 1;
    }
  }
  flush();
  return tokens;
}

/** `--`, `---`, ``` `` ```, `''`, and `~` between two words (LaTeX's tie); "~20%" means "about". */
export function typography(text: string, before = ''): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const next = text[i + 1] ?? '';
    if (char === '-' && next === '-') {
      const em = text[i + 2] === '-';
      out += em ? '—' : '–';
      i += em ? 2 : 1;
    } else if ((char === '`' || char === "'") && next === char) {
      out += char === '`' ? '“' : '”';
      i += 1;
    } else if (char === '~') {
      const previous = out.length > 0 ? out.at(-1)! : (before.at(-1) ?? '');
      const tie = previous !== '' && /\S/.test(previous) && /[^\s\d.+\-~]/.test(next);
      out += tie ? '\u00a0' : '~';
    } else {
      out += char;
    }
  }
  return out;
}

function styled(style: TextStyle, children: PhrasingContent[]): PhrasingContent[] {
  switch (style) {
    case 'strong':
      return [{ type: 'strong', children }];
    case 'emphasis':
      return [{ type: 'emphasis', children }];
    case 'code':
      return [{ type: 'inlineCode', value: toString({ type: 'paragraph', children }) }];
    case 'underline':
    case 'smallcaps':
      return [
        {
          type: 'emphasis',
          children,
          data: {
            hName: 'span',
            hProperties: { className: [style === 'underline' ? 'tex-underline' : 'tex-smallcaps'] },
          },
        },
      ];
    case 'plain':
      return children;
  }
}

/** A web address in running text (a host with a dot), up to the next space; trimUrl takes the sentence's punctuation off its end. */
const URL_CANDIDATE = /https?:\/\/[\w-]+(?:\.[\w-]+)+[^\s<>"]*/gi;

/** The mark of a link that shows its own address (print leaves the address out after it). */
function urlData() {
  return { hProperties: { className: ['url'] } };
}

/**
 * An address without the punctuation of the sentence around it: "see https://github.com/a/b." links to
 * https://github.com/a/b, and a closing bracket stays only when the address opened it (a Wikipedia-style "(x)").
 */
export function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? '';
    if (/[.,;:!?'"*]/.test(last)) url = url.slice(0, -1);
    else if (last === ')' && url.split('(').length <= url.split(')').length - 1) url = url.slice(0, -1);
    else if (last === ']' && url.split('[').length <= url.split(']').length - 1) url = url.slice(0, -1);
    else return url;
  }
}

function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>"]+$/i.test(url);
}

function withAccent(base: string, accent: string): string {
  return `${base}${accent}`.normalize('NFC');
}

class Parser {
  private index = 0;
  /** The last character emitted, for the `~` rule across tokens. */
  private last = '';
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parse(): PhrasingContent[] {
    return this.sequence(false).nodes;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private text(value: string): PhrasingContent[] {
    if (value) this.last = value.at(-1)!;
    return value ? [{ type: 'text', value }] : [];
  }

  /** A run of text: its web addresses become links, the rest gets typography (which must not touch an address). */
  private prose(value: string): PhrasingContent[] {
    const nodes: PhrasingContent[] = [];
    let at = 0;
    for (const match of value.matchAll(URL_CANDIDATE)) {
      const url = trimUrl(match[0]);
      if (!isSafeUrl(url)) continue;
      nodes.push(...this.text(typography(value.slice(at, match.index), this.last)));
      this.last = 'x';
      // Shown as its address already: marked so print does not repeat it.
      nodes.push({ type: 'link', url, children: [{ type: 'text', value: url }], data: urlData() });
      at = match.index + url.length;
    }
    nodes.push(...this.text(typography(value.slice(at), this.last)));
    return nodes;
  }

  /** Nodes up to the matching `}` (when nested) or the end; `closed` says whether the `}` was found. */
  private sequence(nested: boolean): { nodes: PhrasingContent[]; closed: boolean } {
    const nodes: PhrasingContent[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index]!;
      this.index += 1;
      switch (token.kind) {
        case 'text':
          nodes.push(...this.prose(token.value));
          break;
        case 'node':
          this.last = 'x';
          nodes.push(token.node);
          break;
        case 'close':
          if (nested) return { nodes, closed: true };
          nodes.push(...this.text('}'));
          break;
        case 'open':
          nodes.push(...this.group());
          break;
        case 'symbol':
          nodes.push(...this.symbol(token));
          break;
        case 'command':
          nodes.push(...this.command(token));
          break;
      }
    }
    return { nodes, closed: false };
  }

  /** After `{`: a LaTeX group (`{\bf x}`, `{\"o}`) loses its braces; `{plain}` keeps them. */
  private group(): PhrasingContent[] {
    const first = this.peek();
    if (first?.kind === 'command' && first.name in STYLE_DECLARATIONS) {
      this.index += 1;
      const next = this.peek();
      if (next?.kind === 'text') next.value = next.value.replace(/^\s/, '');
      const { nodes, closed } = this.sequence(true);
      return closed ? styled(STYLE_DECLARATIONS[first.name]!, nodes) : nodes;
    }
    const latexGroup = first?.kind === 'command' || first?.kind === 'symbol';
    const open = latexGroup ? [] : this.text('{');
    const { nodes, closed } = this.sequence(true);
    const close = closed && !latexGroup ? this.text('}') : [];
    return [...open, ...nodes, ...close];
  }

  /** The raw text of a `{…}` argument, for URLs: nothing inside is interpreted. */
  private rawArgument(): string | undefined {
    if (this.peek()?.kind !== 'open') return undefined;
    let depth = 0;
    let raw = '';
    for (let i = this.index; i < this.tokens.length; i += 1) {
      const token = this.tokens[i]!;
      if (token.kind === 'open') {
        depth += 1;
        if (depth > 1) raw += '{';
      } else if (token.kind === 'close') {
        depth -= 1;
        if (depth === 0) {
          this.index = i + 1;
          return raw;
        }
        raw += '}';
      } else if (token.kind === 'text') raw += token.value;
      else if (token.kind === 'command' || token.kind === 'symbol')
        raw += token.kind === 'symbol' && token.char in { _: 1, '%': 1, '#': 1, '&': 1 } ? token.char : token.raw;
      else return undefined;
    }
    return undefined;
  }

  /** A `{…}` argument parsed as text, or undefined when there is no `{` next. */
  private argument(): { nodes: PhrasingContent[]; closed: boolean } | undefined {
    if (this.peek()?.kind !== 'open') return undefined;
    this.index += 1;
    return this.sequence(true);
  }

  private accent(mark: string, raw: string): PhrasingContent[] {
    const next = this.peek();
    if (next?.kind === 'text' && /^\S/.test(next.value)) {
      const [base, ...rest] = [...next.value];
      next.value = rest.join('');
      if (next.value === '') this.index += 1;
      return this.text(withAccent(base!, mark));
    }
    if (next?.kind === 'open' && this.peek(1)?.kind === 'text' && this.peek(2)?.kind === 'close') {
      const inner = this.peek(1) as { kind: 'text'; value: string };
      this.index += 3;
      const [base, ...rest] = [...inner.value];
      return this.text(withAccent(base ?? '', mark) + rest.join(''));
    }
    return this.text(raw);
  }

  private symbol(token: { char: string; raw: string }): PhrasingContent[] {
    if (token.char in ACCENTS && !LETTER_ACCENTS.has(token.char)) {
      const next = this.peek();
      // `\"` before a space or the end is a quotation mark someone escaped, not an accent.
      if (next && !(next.kind === 'text' && /^\s/.test(next.value)))
        return this.accent(ACCENTS[token.char]!, token.char);
    }
    const value = CONTROL_SYMBOLS[token.char];
    return this.text(value ?? token.raw);
  }

  private command(token: { name: string; raw: string }): PhrasingContent[] {
    const { name, raw } = token;
    const style = STYLE_COMMANDS[name];
    if (style) {
      const argument = this.argument();
      if (!argument) return this.text(raw);
      // An unclosed `\textbf{` styles nothing rather than the rest of the abstract.
      return argument.closed ? styled(style, argument.nodes) : argument.nodes;
    }
    if (name === 'url' || name === 'href') {
      const start = this.index;
      const url = this.rawArgument();
      if (url !== undefined && isSafeUrl(url.trim())) {
        const label = name === 'href' ? this.argument() : undefined;
        if (name === 'url' || label?.closed) {
          const children = label ? label.nodes : this.text(url.trim());
          this.last = 'x';
          // A bare \url shows its address already: marked so print does not repeat it.
          const data = name === 'url' ? urlData() : undefined;
          return [{ type: 'link', url: url.trim(), children, ...(data ? { data } : {}) }];
        }
      }
      this.index = start;
      return this.text(raw);
    }
    if (LETTER_ACCENTS.has(name) && this.peek()?.kind === 'open') return this.accent(ACCENTS[name]!, raw);
    const symbol = SYMBOL_COMMANDS[name];
    if (symbol !== undefined) return this.text(symbol);
    const word = TEXT_COMMANDS[name];
    if (word !== undefined) {
      // `\eg.` would say "e.g.." once expanded.
      const next = this.peek();
      if (word.endsWith('.') && next?.kind === 'text' && next.value.startsWith('.')) next.value = next.value.slice(1);
      return this.text(word);
    }
    return this.text(raw);
  }
}

/** Adjacent text nodes into one, so the HTML has no needless seams. */
function mergeText(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    const previous = out.at(-1);
    if (node.type === 'text' && previous?.type === 'text') (previous as Text).value += node.value;
    else out.push(node);
  }
  return out;
}

/** The source of a node, escapes and all; falls back to its value when positions are missing. */
function sourceOf(node: PhrasingContent, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  return source.slice(start, end);
}

export function latexTextInParagraph(paragraph: Paragraph, source: string): void {
  const tokens: Token[] = [];
  for (const child of paragraph.children) {
    const raw = sourceOf(child, source);
    if (child.type === 'text') {
      tokens.push(...tokenize(raw ?? child.value));
    } else if (
      child.type === 'inlineMath' &&
      raw !== undefined &&
      (looksLikeProse(child.value) || !isDollarMath(raw, source.charAt(child.position!.end.offset!)))
    ) {
      tokens.push(...tokenize(raw));
    } else {
      tokens.push({ kind: 'node', node: child });
    }
  }
  // Text runs split by an unmatched `$` are joined again so `{` … `}` pairs across them.
  const joined: Token[] = [];
  for (const token of tokens) {
    const previous = joined.at(-1);
    if (token.kind === 'text' && previous?.kind === 'text') previous.value += token.value;
    else joined.push(token);
  }
  paragraph.children = mergeText(new Parser(joined).parse());
}

export default function remarkLatexText() {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value ?? '');
    visit(tree, 'paragraph', (paragraph) => {
      latexTextInParagraph(paragraph, source);
    });
  };
}
