/**
 * Line numbers for YAML problems: a YAML syntax error or a schema issue (a zod
 * issue path such as ['themes', 3, 'rules']) becomes `file:line`, so every
 * message about themes.yaml, ingest.yaml or a paper's frontmatter points at
 * the line to fix.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import { ProblemError, type Problem } from './errors.ts';

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The text parsed. */
  text: string;
}

/** Parses YAML keeping what is needed to point at lines (syntax errors are in `doc.errors`). */
export function parseYamlWithLines(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, lineCounter, text };
}

/** 1-based line of the deepest node along `path` that exists (the key's line for map entries). */
export function lineOfPath(parsed: ParsedYaml, path: ReadonlyArray<PropertyKey>): number | undefined {
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : parsed.lineCounter.linePos(offset).line;
  let node: unknown = parsed.doc.contents;
  let line = lineAt((node as { range?: [number] } | null)?.range?.[0]);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      line = lineAt((pair.key as { range?: [number] }).range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: [number] } | undefined;
      if (!item) break;
      line = lineAt(item.range?.[0]) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/**
 * The YAML syntax errors of a parsed document as problems (`lineOffset` shifts lines, e.g. past a fence).
 * Lines come from the error's offset through the line counter: with `prettyErrors: false` the library leaves
 * `linePos` unset.
 */
export function yamlSyntaxProblems(parsed: ParsedYaml, file: string, action: string, lineOffset = 0): Problem[] {
  return parsed.doc.errors.map((error) => ({
    file,
    line:
      errorLine(parsed, error.message, error.linePos?.[0]?.line ?? parsed.lineCounter.linePos(error.pos[0]).line) +
      lineOffset,
    code: 'yaml-syntax',
    message: `YAML syntax error: ${error.message.split('\n')[0]}`,
    action,
  }));
}

/**
 * The line to fix for a syntax error found at `line`. An unclosed `[`, `{` or quote is only noticed on a later
 * line (where the text stops making sense); the reader has to fix the line that opened it.
 */
function errorLine(parsed: ParsedYaml, message: string, line: number): number {
  const opener = /end with a \]/.test(message)
    ? '['
    : /end with a \}/.test(message)
      ? '{'
      : /Missing closing "quote/.test(message)
        ? '"'
        : /Missing closing 'quote/.test(message)
          ? "'"
          : undefined;
  if (!opener) return line;
  const closer = opener === '[' ? ']' : opener === '{' ? '}' : opener;
  const count = (text: string, char: string) => text.split(char).length - 1;
  // The line left open: more openers than closers (`tags: [a, b` but not `themes: [x]`), or an odd number of quotes.
  const open = (text: string) =>
    opener === closer ? count(text, opener) % 2 === 1 : count(text, opener) > count(text, closer);
  const lines = parsed.text.split('\n');
  for (let at = Math.min(line, lines.length); at >= 1; at--) if (open(lines[at - 1]!)) return at;
  for (let at = Math.min(line, lines.length); at >= 1; at--) if (lines[at - 1]!.includes(opener)) return at;
  return line;
}

/** The path a schema issue is about: for an unknown key, the key itself (so its line is found). */
export function issuePath(issue: {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  keys?: readonly string[];
}): PropertyKey[] {
  return issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined
    ? [...issue.path, issue.keys[0]]
    : [...issue.path];
}

/** "themes[3].rules" from a zod issue path, for messages. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * Aliases one document may expand (the yaml library's own default for small documents): a reader's
 * frontmatter or themes.yaml never needs more, and an alias bomb (aliases of aliases, growing
 * exponentially) stops here instead of filling the memory.
 */
export const MAX_ALIAS_COUNT = 100;

export type YamlData = { ok: true; value: unknown } | { ok: false; line: number; message: string };

/**
 * The document as plain data, or why it cannot be: an alias without its anchor (`*u` when `&u` is gone) or
 * an alias bomb. Never throws; the line is the first alias's.
 */
export function yamlData(parsed: ParsedYaml): YamlData {
  try {
    return { ok: true, value: parsed.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof RangeError || error instanceof TypeError)) throw error;
    let offset: number | undefined;
    visit(parsed.doc, {
      Alias(_key, node) {
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    const text = (error as Error).message;
    const bomb = /alias count|resource exhaustion/i.test(text) || error instanceof RangeError;
    return {
      ok: false,
      line: offset === undefined ? 1 : parsed.lineCounter.linePos(offset).line,
      message: bomb
        ? `YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses: an alias bomb)`
        : `a YAML alias cannot be resolved (${text.split('\n')[0]})`,
    };
  }
}

/** Line of the first anchor (`&name`) or alias (`*name`) in the value of a top-level key, if any. */
export function anchorLine(parsed: ParsedYaml, key: string): number | undefined {
  const contents = parsed.doc.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  if (!pair?.value) return undefined;
  let offset: number | undefined;
  const check = (node: unknown) => {
    if (offset !== undefined || !node || typeof node !== 'object') return;
    const n = node as { anchor?: string; range?: [number] };
    if (isAlias(node) || n.anchor) offset = n.range?.[0] ?? 0;
  };
  check(pair.value);
  if (offset === undefined)
    visit(pair.value as Parameters<typeof visit>[0], (_key, node) => {
      check(node);
      return offset === undefined ? undefined : visit.BREAK;
    });
  return offset === undefined ? undefined : parsed.lineCounter.linePos(offset).line;
}

/** What a schema gives back: the shape shared by zod's safeParse results. */
type SchemaResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: ReadonlyArray<Parameters<typeof issuePath>[0] & { message: string }> } };

export interface YamlFileOptions<T> {
  schema: { safeParse(data: unknown): SchemaResult<T> };
  /** The problem code of a schema error, e.g. 'invalid-taxonomy'. */
  code: string;
  /** How to fix a schema error, e.g. 'fix site.yaml (title, description, url)'. */
  fix: string;
  /** What the error means for the run, ended onto every action, e.g. 'nothing was imported'. */
  consequence?: string;
  /** The data of an empty file. Default: undefined. */
  empty?: unknown;
}

/**
 * A whole YAML file the reader writes (themes.yaml, ingest.yaml, site.yaml) read against its schema. A syntax
 * error, an alias that cannot be expanded and a schema error each throw a ProblemError naming `file:line`.
 */
export function parseYamlFile<T>(text: string, file: string, options: YamlFileOptions<T>): T {
  const then = (action: string) => (options.consequence ? `${action}; ${options.consequence}` : action);
  const parsed = parseYamlWithLines(text);
  const [syntax] = yamlSyntaxProblems(parsed, file, then('fix the YAML'));
  if (syntax) throw new ProblemError(syntax);
  const data = yamlData(parsed);
  if (!data.ok) {
    throw new ProblemError({
      file,
      line: data.line,
      code: 'yaml-alias',
      message: data.message,
      action: then('write the value out in full instead of the alias'),
    });
  }
  const result = options.schema.safeParse(data.value ?? options.empty);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ProblemError({
    file,
    line: lineOfPath(parsed, issuePath(issue)),
    code: options.code,
    message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
    action: then(options.fix),
  });
}
