/**
 * Links between notes. Every note body is parsed with the MDX parser the site
 * uses (remark-parse + remark-mdx + remark-math), and each <PaperLink id="...">
 * element is collected with its position. This gives the link graph (the
 * backlinks on each paper page) and the build-time check that every link names
 * a paper: an unknown id fails the build with the file, line and id.
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
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkMath);

/** Every <PaperLink> in one note body, with file positions. Throws on MDX that does not parse. */
export function findPaperLinks(note: NoteSource): PaperLinkUse[] {
  const offset = note.lineOffset ?? 0;
  let tree: Root;
  try {
    tree = parser.parse(note.body);
  } catch (error) {
    const place = (error as { place?: { line?: number; column?: number; start?: { line: number; column: number } } }).place;
    const start = place && 'start' in place && place.start ? place.start : place;
    const where = start?.line ? `:${start.line + offset}:${start.column ?? 1}` : '';
    throw new Error(`${note.file}${where}: the notes are not valid MDX: ${(error as Error).message}`, { cause: error });
  }
  const uses: PaperLinkUse[] = [];
  visit(tree, (node) => {
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
    const element = node as MdxJsxFlowElement | MdxJsxTextElement;
    if (element.name !== PAPER_LINK) return;
    const attribute = element.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id');
    const value = attribute?.type === 'mdxJsxAttribute' ? attribute.value : undefined;
    uses.push({
      target: typeof value === 'string' ? value : null,
      line: (element.position?.start.line ?? 1) + offset,
      column: element.position?.start.column ?? 1,
    });
  });
  return uses;
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
  return scored.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, max).map(([id]) => id);
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
  const hint = close.length > 0 ? `did you mean ${close.map((id) => `"${id}"`).join(' or ')}?` : 'use the file name (without .mdx) of a paper in the list';
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
    super(`${problems.length} link${problems.length === 1 ? '' : 's'} in notes name${problems.length === 1 ? 's' : ''} no paper:\n${lines}`);
    this.name = 'UnknownPaperLinkError';
    this.problems = problems;
  }
}

/**
 * The link graph of all notes. Throws UnknownPaperLinkError, listing every
 * bad link (not just the first), when a link names no known paper.
 * Linear in the size of the notes.
 */
export function buildLinkGraph(notes: Iterable<NoteSource>, knownIds: Iterable<string>): LinkGraph {
  const known = new Set(knownIds);
  const links = new Map<string, string[]>();
  const incoming = new Map<string, Set<string>>();
  const problems: LinkProblem[] = [];
  for (const note of notes) {
    const uses = findPaperLinks(note);
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
  if (problems.length > 0) throw new UnknownPaperLinkError(problems);
  const backlinks = new Map<string, string[]>();
  for (const [target, from] of incoming) backlinks.set(target, [...from].sort());
  return { links, backlinks };
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
