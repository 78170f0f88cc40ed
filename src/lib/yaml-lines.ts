/**
 * Line numbers for YAML problems: a YAML syntax error or a schema issue (a zod
 * issue path such as ['themes', 3, 'rules']) becomes `file:line`, so every
 * message about themes.yaml, ingest.yaml or a paper's frontmatter points at
 * the line to fix.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Problem } from './errors.ts';

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** Parses YAML keeping what is needed to point at lines (syntax errors are in `doc.errors`). */
export function parseYamlWithLines(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, lineCounter };
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

/** The YAML syntax errors of a parsed document as problems (`lineOffset` shifts lines, e.g. past a fence). */
export function yamlSyntaxProblems(parsed: ParsedYaml, file: string, action: string, lineOffset = 0): Problem[] {
  return parsed.doc.errors.map((error) => ({
    file,
    line: (error.linePos?.[0]?.line ?? 1) + lineOffset,
    code: 'yaml-syntax',
    message: `YAML syntax error: ${error.message.split('\n')[0]}`,
    action,
  }));
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
