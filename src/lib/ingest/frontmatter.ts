/**
 * Reads and edits a paper file's frontmatter without touching anything else.
 *
 * The file is split at its `---` fences as bytes: the body is carried over
 * byte for byte, never decoded. The frontmatter is edited through the `yaml`
 * library's concrete syntax tree (CST): only the tokens of the keys being set
 * change; every other key, comment, blank line, quote style and indentation
 * is written back exactly as it was. Values are rendered by the library with
 * YAML 1.1 quoting rules (stricter than 1.2), so a title such as `2025-01-01`,
 * `yes` or `{alert(1)}` stays a string for every YAML reader, and nothing from
 * a dump ever lands outside the frontmatter.
 */
import { CST, Document, Parser, parseDocument, isSeq } from 'yaml';

/** A value ingest writes: text, a count, or a list of ids / file names. */
export type FieldValue = string | number | readonly string[];

export interface SplitFile {
  /** Bytes before the frontmatter: any leading blank lines and the opening fence line. */
  head: Uint8Array;
  /** The frontmatter text between the fences (ends with a line break unless empty). */
  frontmatter: string;
  /** The closing fence line, with its line break. */
  fence: Uint8Array;
  /** Everything after the closing fence, untouched. */
  body: Uint8Array;
  /** Line break used by the frontmatter ("\n" or "\r\n"). */
  eol: string;
  /** File line of the frontmatter's first line. */
  firstLine: number;
}

export type SplitResult = { ok: true; split: SplitFile } | { ok: false; line: number; message: string };

const DASH = 0x2d;
const LF = 0x0a;
const CR = 0x0d;

function lineEnd(bytes: Uint8Array, from: number): number {
  const index = bytes.indexOf(LF, from);
  return index === -1 ? bytes.length : index;
}

function isFenceLine(bytes: Uint8Array, start: number, end: number): boolean {
  if (bytes[start] !== DASH || bytes[start + 1] !== DASH || bytes[start + 2] !== DASH) return false;
  for (let i = start + 3; i < end; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09 && bytes[i] !== CR) return false;
  return true;
}

/** Splits a paper file at its frontmatter fences (as Astro does: the first `---` line closes it). */
export function splitFrontmatter(bytes: Uint8Array): SplitResult {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  // Astro accepts blank lines before the opening fence.
  while (start < bytes.length) {
    const end = lineEnd(bytes, start);
    const blank = bytes.subarray(start, end).every((b) => b === 0x20 || b === 0x09 || b === CR);
    if (!blank || end === bytes.length) break;
    start = end + 1;
    line++;
  }
  const openEnd = lineEnd(bytes, start);
  if (openEnd === bytes.length || !isFenceLine(bytes, start, openEnd)) {
    return { ok: false, line, message: 'the file does not start with a frontmatter block (a line "---")' };
  }
  const eol = bytes[openEnd - 1] === CR ? '\r\n' : '\n';
  const fmStart = openEnd + 1;
  let cursor = fmStart;
  let fenceLine = line + 1;
  while (cursor < bytes.length) {
    const end = lineEnd(bytes, cursor);
    if (bytes[cursor] === DASH && bytes[cursor + 1] === DASH && bytes[cursor + 2] === DASH) {
      if (!isFenceLine(bytes, cursor, end)) {
        return {
          ok: false,
          line: fenceLine,
          message: 'a frontmatter line starts with "---" but is not the closing fence',
        };
      }
      let frontmatter: string;
      try {
        frontmatter = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(fmStart, cursor));
      } catch {
        return { ok: false, line: line + 1, message: 'the frontmatter is not UTF-8 text' };
      }
      const fenceEnd = end === bytes.length ? end : end + 1;
      return {
        ok: true,
        split: {
          head: bytes.subarray(0, fmStart),
          frontmatter,
          fence: bytes.subarray(cursor, fenceEnd),
          body: bytes.subarray(fenceEnd),
          eol,
          firstLine: line + 1,
        },
      };
    }
    cursor = end + 1;
    fenceLine++;
  }
  return { ok: false, line, message: 'the frontmatter block has no closing "---" line' };
}

/** Puts a file back together around new frontmatter text. */
export function joinFile(split: SplitFile, frontmatter: string): Uint8Array {
  const middle = new TextEncoder().encode(frontmatter);
  const out = new Uint8Array(split.head.length + middle.length + split.fence.length + split.body.length);
  let offset = 0;
  for (const part of [split.head, middle, split.fence, split.body]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One `key: value` line as the yaml library writes it (flow lists, no folding, YAML 1.1 quoting). */
export function renderPair(key: string, value: FieldValue, eol = '\n'): string {
  const doc = new Document({ [key]: value }, { schema: 'yaml-1.1' });
  const node = doc.get(key, true);
  if (isSeq(node)) node.flow = true;
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return eol === '\n' ? text : text.replaceAll('\n', eol);
}

/** A whole new paper file: frontmatter with `fields` in order, and `body`. */
export function renderNewFile(fields: ReadonlyArray<readonly [string, FieldValue | undefined]>, body = ''): Uint8Array {
  const lines = fields.flatMap(([key, value]) => (value === undefined ? [] : [renderPair(key, value)]));
  return new TextEncoder().encode(`---\n${lines.join('')}---\n${body}`);
}

// ---- CST editing ------------------------------------------------------------

type Item = CST.BlockMap['items'][number];

function parseTokens(text: string): CST.Token[] {
  return [...new Parser().parse(text)];
}

function keyOf(item: Item): string | undefined {
  return item.key ? CST.resolveAsScalar(item.key)?.value : undefined;
}

/** Every source token under a CST node, in document order. */
function sourceTokens(node: unknown, out: CST.SourceToken[] = []): CST.SourceToken[] {
  if (Array.isArray(node)) {
    for (const child of node) sourceTokens(child, out);
  } else if (node && typeof node === 'object') {
    const token = node as Record<string, unknown>;
    if (
      typeof token.type === 'string' &&
      typeof token.source === 'string' &&
      typeof token.offset === 'number' &&
      !('end' in token) &&
      !('items' in token)
    ) {
      out.push(token as unknown as CST.SourceToken);
    }
    for (const [key, child] of Object.entries(token)) if (key !== 'source' && key !== 'type') sourceTokens(child, out);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function commentLine(comment: CST.SourceToken, eol: string): CST.SourceToken[] {
  return [
    { type: 'comment', offset: 0, indent: 0, source: comment.source },
    { type: 'newline', offset: 0, indent: 0, source: eol },
  ];
}

function freshItem(key: string, value: FieldValue, eol: string): Item {
  const [doc] = parseTokens(renderPair(key, value, eol));
  const map = (doc as CST.Document).value as CST.BlockMap;
  return map.items[0]!;
}

/** Replaces an item's value, keeping its key token, the lines above it and its comments. */
function replaceValue(item: Item, key: string, value: FieldValue, eol: string): Item {
  const fresh = freshItem(key, value, eol);
  const old = sourceTokens([item.sep, item.value]);
  const firstNewline = old.findIndex((t) => t.type === 'newline');
  const comments = old.filter((t) => t.type === 'comment');
  const trailing = comments.find((t) => firstNewline === -1 || old.indexOf(t) < firstNewline);
  const freshValue = fresh.value as CST.FlowScalar | CST.FlowCollection;
  if (trailing) {
    const end = freshValue.end ?? [];
    const newline = end.findIndex((t) => t.type === 'newline');
    // The spaces that stood before the comment stay as written (a column of aligned comments stays aligned).
    const before = old[old.indexOf(trailing) - 1];
    const space = before?.type === 'space' ? before.source : ' ';
    end.splice(
      newline === -1 ? end.length : newline,
      0,
      { type: 'space', offset: 0, indent: 0, source: space },
      { ...trailing },
    );
    freshValue.end = end;
  }
  // Comments that sat inside the old value move above the key rather than vanish.
  const inner = comments.filter((c) => c !== trailing).flatMap((c) => commentLine(c, eol));
  return { start: [...item.start, ...inner], key: item.key ?? null, sep: fresh.sep!, value: fresh.value! } as Item;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  return a === b;
}

export class FrontmatterEditError extends Error {}

/**
 * Sets keys in frontmatter text and returns the new text; keys set to
 * undefined are removed (their comments kept). A key already holding an equal
 * value is left as written. New keys go after the nearest preceding key of
 * `order` that is present (before the nearest following one otherwise; at the
 * end for keys not in `order`).
 * @throws FrontmatterEditError when the frontmatter is not a YAML mapping
 */
export function setKeys(
  frontmatter: string,
  fields: ReadonlyArray<readonly [string, FieldValue | undefined]>,
  order: readonly string[],
  eol = '\n',
): string {
  const current = parseDocument(frontmatter).toJS() as Record<string, unknown> | null;
  if (current !== null && (typeof current !== 'object' || Array.isArray(current)))
    throw new FrontmatterEditError('the frontmatter is not a list of "key: value" lines');
  const tokens = parseTokens(frontmatter);
  const documents = tokens.filter((t): t is CST.Document => t.type === 'document');
  if (documents.length > 1) throw new FrontmatterEditError('the frontmatter holds several YAML documents');
  const document = documents[0];
  if (document?.value && document.value.type !== 'block-map')
    throw new FrontmatterEditError('the frontmatter is not a list of "key: value" lines');
  if (!document?.value) {
    // Empty (or comments only): start a mapping after whatever is there.
    const prefix = frontmatter === '' || frontmatter.endsWith('\n') ? frontmatter : frontmatter + eol;
    const added = fields.flatMap(([key, value]) => (value === undefined ? [] : [renderPair(key, value, eol)]));
    return prefix + added.join('');
  }
  const map = document.value as CST.BlockMap;
  const items = map.items;
  for (const [key, value] of fields) {
    const index = items.findIndex((item) => keyOf(item) === key);
    if (value === undefined) {
      if (index === -1) continue;
      const [removed] = items.splice(index, 1);
      const kept = sourceTokens(removed)
        .filter((t) => t.type === 'comment')
        .flatMap((c) => commentLine(c, eol));
      const next = items[index];
      if (next) next.start.unshift(...kept);
      else document.end = [...kept, ...(document.end ?? [])];
      continue;
    }
    if (index !== -1) {
      if (!deepEqual(current?.[key], value)) items[index] = replaceValue(items[index]!, key, value, eol);
      continue;
    }
    const item = freshItem(key, value, eol);
    const rank = order.indexOf(key);
    const present = items.map((it) => order.indexOf(keyOf(it) ?? ''));
    let at = items.length;
    if (rank !== -1) {
      const before = present.reduce((best, r, i) => (r !== -1 && r < rank ? i : best), -1);
      const after = present.findIndex((r) => r > rank);
      at = before !== -1 ? before + 1 : after !== -1 ? after : items.length;
    }
    items.splice(at, 0, item);
  }
  return tokens.map((token) => CST.stringify(token)).join('');
}
