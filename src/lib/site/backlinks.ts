/**
 * Links between notes. Every note body is parsed with the MDX parser the site
 * uses (remark-parse + remark-mdx + remark-math), and each <PaperLink id="...">
 * element is collected with its position. This gives the link graph (the
 * backlinks on each paper page) and the build-time check that every link names
 * a paper: an unknown id fails the build with the file, line and id. The same
 * parse gives the syntax check of the notes (src/integrations/check-notes.ts),
 * once per note and build.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';

/** The component name notes use to link to another paper. */
export const PAPER_LINK = 'PaperLink';

export interface NoteSource {
  /** Id of the paper whose notes these are. */
  id: string;
  /** File shown in messages, e.g. content/papers/kv-cache/foo.mdx. */
  file: string;
  /** The MDX body (without frontmatter). */
  body: string;
  /** Lines before the body in the file (the frontmatter), so positions are file positions. */
  lineOffset?: number;
}

export interface PaperLinkUse {
  /** The paper linked to; null when the id is not a plain string. */
  target: string | null;
  line: number;
  column: number;
}

/**
 * A bare JavaScript expression in a note: MDX evaluates `{…}` and shows its value, so `batch {1, 2, 4}` reads
 * "batch 4". Comments (`{/* … *\/}`) show nothing, as meant, and are not reported.
 */
export interface NoteExpression {
  /** The expression as written, braces included, e.g. "{1, 2, 4}". */
  source: string;
  line: number;
  column: number;
}

/** Where and why a note body is not valid MDX, as the parser says it. */
export interface NoteSyntaxProblem {
  file: string;
  /** File line (frontmatter included); undefined when the parser gives no place. */
  line?: number;
  column?: number;
  /** The parser's message, e.g. "Expected a closing tag for `<Callout>` (8:1-8:10)". */
  reason: string;
  /** The parser's error itself. */
  cause: unknown;
}

export interface LinkProblem {
  file: string;
  line: number;
  column: number;
  from: string;
  target: string | null;
  message: string;
}

export interface LinkGraph {
  /** Paper id -> ids its notes link to, in order of appearance, each once. */
  links: Map<string, string[]>;
  /** Paper id -> ids of papers whose notes link to it, sorted. */
  backlinks: Map<string, string[]>;
  /**
   * Only when built with `tolerate`: paper id -> why its notes were left out of the graph (not valid MDX) or
   * which of their links were (naming no paper), each message with file, line and column.
   */
  problems: Map<string, string[]>;
}

export interface LinkGraphOptions {
  /**
   * Leave a note that is not valid MDX, and a link that names no paper, out of the graph and list them in
   * `problems`, rather than throw (`astro dev`: one broken note must not take down every page). Default: false.
   */
  tolerate?: boolean;
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkMath);

/** What one parse of a note gives, file-independent so equal notes share it. */
type NoteScan =
  | { ok: true; uses: PaperLinkUse[]; expressions: NoteExpression[]; text: string }
  | { ok: false; problem: Omit<NoteSyntaxProblem, 'file'> };

// The pre-build syntax check and the link graph the pages ask for run in the same process but in two module
// graphs (Astro's config and the site's bundle), each with its own copy of this module; a cache on globalThis
// lets the second reuse the first's parses, so each note is parsed once per build. Keyed by the text parsed.
const SCANS: unique symbol = Symbol.for('reading-list.note-scans');
const shared = globalThis as typeof globalThis & { [SCANS]?: Map<string, NoteScan> };
const scans: Map<string, NoteScan> = (shared[SCANS] ??= new Map<string, NoteScan>());
/** Past this many distinct texts (a long `astro dev` session of edits), the cache starts over. */
const MAX_SCANS = 100_000;

/**
 * The parser's error position (a point, or a position with a start). A tag
 * still open at the end of the note comes without one (mdast-util-mdx-jsx
 * has no closing construct to point at); its message then names the opening
 * tag's position, "Expected a closing tag for `<Callout>` (8:1-8:10)", which
 * is the line the reader has to fix.
 */
function errorPlace(error: unknown): { line?: number; column?: number } {
  const place = (error as { place?: { line?: number; column?: number; start?: { line: number; column: number } } })
    .place;
  const start = place && 'start' in place && place.start ? place.start : place;
  if (start?.line) return { line: start.line, column: start.column ?? 1 };
  const named = /\((\d+):(\d+)-\d+:\d+\)/.exec(error instanceof Error ? error.message : '');
  return named ? { line: Number(named[1]), column: Number(named[2]) } : {};
}

function scan(text: string): NoteScan {
  let tree: Root;
  try {
    tree = parser.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: { ...errorPlace(error), reason: error instanceof Error ? error.message : String(error), cause: error },
    };
  }
  const uses: PaperLinkUse[] = [];
  const expressions: NoteExpression[] = [];
  visit(tree, (node) => {
    if (node.type === 'mdxTextExpression' || node.type === 'mdxFlowExpression') {
      const value = (node as { value?: string }).value ?? '';
      const start = node.position?.start;
      const end = node.position?.end;
      if (!isOnlyComments(value) && start && end && start.offset !== undefined && end.offset !== undefined)
        expressions.push({ source: text.slice(start.offset, end.offset), line: start.line, column: start.column });
      return;
    }
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
    const element = node as MdxJsxFlowElement | MdxJsxTextElement;
    if (element.name !== PAPER_LINK) return;
    const attribute = element.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id');
    const value = attribute?.type === 'mdxJsxAttribute' ? attribute.value : undefined;
    uses.push({
      target: typeof value === 'string' ? value : null,
      line: element.position?.start.line ?? 1,
      column: element.position?.start.column ?? 1,
    });
  });
  return { ok: true, uses, expressions, text: treeText(tree) };
}

/** Block-level nodes: their text is kept apart from the next block's by a space. */
const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'listItem',
  'tableCell',
  'code',
  'math',
  'mdxJsxFlowElement',
]);

/**
 * A note as the words a reader sees: text, code and each formula once (as its TeX source); JavaScript
 * expressions, imports and JSX attributes are not text. For search.
 */
function treeText(tree: Root): string {
  const parts: string[] = [];
  const walk = (node: Root | Root['children'][number]): void => {
    switch (node.type) {
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
      case 'html':
        return;
      case 'text':
      case 'inlineCode':
      case 'inlineMath':
        parts.push(node.value);
        return;
      case 'code':
      case 'math':
        parts.push(' ', node.value, ' ');
        return;
    }
    // A component's text stands apart from the words around it (a Callout is a box of its own).
    if (node.type === 'mdxJsxTextElement') parts.push(' ');
    if ('children' in node) for (const child of node.children) walk(child as Root['children'][number]);
    if (BLOCKS.has(node.type) || node.type === 'mdxJsxTextElement') parts.push(' ');
  };
  walk(tree);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** True for an expression that holds only JavaScript comments (or nothing): MDX's way of writing a comment. */
function isOnlyComments(value: string): boolean {
  return (
    value
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/[^\n]*/g, '')
      .trim() === ''
  );
}

/**
 * Parses a note once (memoized). The body is parsed after one blank line per
 * line of frontmatter: blank lines before Markdown change nothing, and every
 * position, including those inside the parser's own messages such as
 * "(8:1-8:10)", is then a position in the file.
 */
function scanNote(note: NoteSource): NoteScan {
  const text = '\n'.repeat(note.lineOffset ?? 0) + note.body;
  let result = scans.get(text);
  if (!result) {
    if (scans.size >= MAX_SCANS) scans.clear();
    result = scan(text);
    scans.set(text, result);
  }
  return result;
}

/** Why a note body is not valid MDX (the parser's first error, at its file position), or undefined when it parses. */
export function noteSyntaxProblem(note: NoteSource): NoteSyntaxProblem | undefined {
  const result = scanNote(note);
  return result.ok ? undefined : { file: note.file, ...result.problem };
}

/** The bare JavaScript expressions in one note body, with file positions; none when the note does not parse. */
export function noteExpressions(note: NoteSource): NoteExpression[] {
  const result = scanNote(note);
  return result.ok ? result.expressions.map((expression) => ({ ...expression })) : [];
}

/** The note's text for search (see treeText); empty when the note does not parse. */
export function noteText(note: NoteSource): string {
  const result = scanNote(note);
  return result.ok ? result.text : '';
}

/** Every <PaperLink> in one note body, with file positions. Throws on MDX that does not parse. */
export function findPaperLinks(note: NoteSource): PaperLinkUse[] {
  const result = scanNote(note);
  if (!result.ok) {
    const { line, column, reason, cause } = result.problem;
    const where = line ? `:${line}:${column ?? 1}` : '';
    throw new Error(`${note.file}${where}: the notes are not valid MDX: ${reason}`, { cause });
  }
  return result.uses.map((use) => ({ ...use }));
}

/** Close ids, for "did you mean": shared character bigrams (Dice coefficient). */
export function suggestIds(unknown: string, known: Iterable<string>, max = 3): string[] {
  const bigrams = (text: string) => {
    const set = new Map<string, number>();
    for (let i = 0; i < text.length - 1; i++) set.set(text.slice(i, i + 2), (set.get(text.slice(i, i + 2)) ?? 0) + 1);
    return set;
  };
  const a = bigrams(unknown);
  const size = Math.max(unknown.length - 1, 1);
  const scored: [string, number][] = [];
  for (const id of known) {
    const b = bigrams(id);
    let shared = 0;
    for (const [gram, count] of a) shared += Math.min(count, b.get(gram) ?? 0);
    const score = (2 * shared) / (size + Math.max(id.length - 1, 1));
    if (score >= 0.4) scored.push([id, score]);
  }
  return scored
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, max)
    .map(([id]) => id);
}

/** Why a link is wrong and how to fix it, e.g. for a message or a report. */
function problemFor(note: NoteSource, use: PaperLinkUse, known: ReadonlySet<string>): LinkProblem {
  const where = { file: note.file, line: use.line, column: use.column, from: note.id, target: use.target };
  if (use.target === null) {
    return {
      ...where,
      message: `${note.file}:${use.line}:${use.column}: <${PAPER_LINK}> needs an id written as a plain string, e.g. <${PAPER_LINK} id="some-paper-id" />`,
    };
  }
  const close = suggestIds(use.target, known);
  const hint =
    close.length > 0
      ? `did you mean ${close.map((id) => `"${id}"`).join(' or ')}?`
      : 'use the file name (without .mdx) of a paper in the list';
  return {
    ...where,
    message: `${note.file}:${use.line}:${use.column}: <${PAPER_LINK} id="${use.target}"> names no paper: unknown id "${use.target}"; ${hint}`,
  };
}

/** The error thrown when notes link to papers that do not exist; lists every problem. */
export class UnknownPaperLinkError extends Error {
  readonly problems: LinkProblem[];
  constructor(problems: LinkProblem[]) {
    const lines = problems.map((p) => `  ${p.message}`).join('\n');
    super(
      `${problems.length} link${problems.length === 1 ? '' : 's'} in notes name${problems.length === 1 ? 's' : ''} no paper:\n${lines}`,
    );
    this.name = 'UnknownPaperLinkError';
    this.problems = problems;
  }
}

/**
 * The link graph of all notes. Throws UnknownPaperLinkError, listing every
 * bad link (not just the first), when a link names no known paper, and an
 * error naming file and line when a note is not valid MDX (unless `tolerate`).
 * Linear in the size of the notes.
 */
export function buildLinkGraph(
  notes: Iterable<NoteSource>,
  knownIds: Iterable<string>,
  options: LinkGraphOptions = {},
): LinkGraph {
  const known = new Set(knownIds);
  const links = new Map<string, string[]>();
  const incoming = new Map<string, Set<string>>();
  const problems: LinkProblem[] = [];
  const skipped = new Map<string, string[]>();
  for (const note of notes) {
    let uses: PaperLinkUse[];
    try {
      uses = findPaperLinks(note);
    } catch (error) {
      if (!options.tolerate) throw error;
      skipped.set(note.id, [(error as Error).message]);
      continue;
    }
    const targets: string[] = [];
    for (const use of uses) {
      if (use.target === null || !known.has(use.target)) {
        problems.push(problemFor(note, use, known));
        continue;
      }
      if (!targets.includes(use.target)) targets.push(use.target);
      // A note that links to its own paper is not a backlink.
      if (use.target === note.id) continue;
      let from = incoming.get(use.target);
      if (!from) incoming.set(use.target, (from = new Set()));
      from.add(note.id);
    }
    if (targets.length > 0) links.set(note.id, targets);
  }
  if (problems.length > 0 && !options.tolerate) throw new UnknownPaperLinkError(problems);
  for (const problem of problems) skipped.set(problem.from, [...(skipped.get(problem.from) ?? []), problem.message]);
  const backlinks = new Map<string, string[]>();
  for (const [target, from] of incoming) backlinks.set(target, [...from].sort());
  return { links, backlinks, problems: skipped };
}

/**
 * Lines before the body in the file (the frontmatter, and any blank lines the
 * content layer trimmed off the body), so positions in the body become file
 * positions. The body is the last occurrence of its text in the file.
 */
export function bodyLineOffset(raw: string, body: string): number {
  const start = body.length === 0 ? -1 : raw.lastIndexOf(body);
  if (start < 0) return 0;
  let lines = 0;
  for (let i = 0; i < start; i++) if (raw.charCodeAt(i) === 10) lines++;
  return lines;
}
