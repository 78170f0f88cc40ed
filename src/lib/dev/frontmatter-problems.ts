/**
 * A paper whose frontmatter breaks the schema, under `astro dev`.
 *
 * In a build such a file stops the build (the content layer's schema error).
 * Under the dev server the same error stopped the server at start, or left a
 * stale page and one terminal line when the file was saved. Here instead the
 * collection reads the paper without its invalid keys (`withoutInvalidKeys`),
 * so every other page keeps working, and the paper's own page lists each
 * problem with its file, line and fix (`frontmatterProblems`).
 */
import { splitFrontmatter } from '../ingest/frontmatter.ts';
import {
  formatPath,
  issuePath,
  lineOfPath,
  parseYamlWithLines,
  yamlData,
  yamlSyntaxProblems,
} from '../project/yaml-lines.ts';
import { PaperSchema } from '../../schemas/paper.ts';

/** Stand-ins for required keys that are missing or invalid (the page shows the problem above them). */
const STAND_INS: Record<string, unknown> = { title: '(no valid title)', date: '1970-01-01' };

/**
 * The frontmatter with every top-level key the schema rejects left out (required ones replaced by a stand-in),
 * so it passes the schema; valid data is returned as it is.
 */
export function withoutInvalidKeys(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...STAND_INS };
  const result = PaperSchema.safeParse(raw);
  if (result.success) return raw;
  const data: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const issue of result.error.issues) {
    const key = issuePath(issue)[0];
    if (typeof key === 'string') delete data[key];
  }
  for (const [key, value] of Object.entries(STAND_INS)) if (data[key] === undefined) data[key] = value;
  return data;
}

export interface FrontmatterProblem {
  /** `file:line` */
  where: string;
  /** What is wrong, e.g. `status: Invalid option: expected one of "to-read"|"reading"|"read"`. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** True when the frontmatter cannot be read at all (no fences, not YAML): the notes cannot be rendered either. */
  unreadable?: true;
}

/** How to fix one schema issue. */
function fixFor(issue: { code: string; path: ReadonlyArray<PropertyKey>; values?: readonly unknown[] }): string {
  const key = formatPath(issue.path);
  if (issue.code === 'invalid_value' && issue.values && issue.values.length > 0) {
    const values = issue.values.map(String);
    return `write one of ${values.join(', ')}, e.g. "${key}: ${values[0]}"`;
  }
  if (key === 'rating') return 'write a whole number from 1 to 5, e.g. "rating: 4", or remove the line';
  if (key.startsWith('tags')) return 'write a list of words, e.g. "tags: [survey, must-cite]"';
  if (key === 'title') return 'write the paper’s title, e.g. "title: Attention Is All You Need"';
  if (key === 'date') return 'write the date as YYYY-MM-DD, e.g. "date: 2025-04-11"';
  return 'correct the value as the message says (every key is described in src/schemas/paper.ts)';
}

/**
 * Every problem of a paper file's frontmatter that the site build would stop at: the YAML itself, then each key
 * the schema rejects, at its line in the file.
 * @param shown the file as messages show it
 */
export function frontmatterProblems(bytes: Uint8Array, shown: string): FrontmatterProblem[] {
  const split = splitFrontmatter(bytes);
  if (!split.ok)
    return [
      {
        where: `${shown}:${split.line}`,
        message: split.message,
        fix: 'start the file with a line "---", the keys, and a closing "---"',
        unreadable: true,
      },
    ];
  const { frontmatter, firstLine } = split.split;
  const parsed = parseYamlWithLines(frontmatter);
  const [syntax] = yamlSyntaxProblems(
    parsed,
    shown,
    'fix the YAML at that line (a value holding ": " or starting with a quote needs quotes around it)',
    firstLine - 1,
  );
  if (syntax)
    return [{ where: `${shown}:${syntax.line}`, message: syntax.message, fix: syntax.action, unreadable: true }];
  const data = yamlData(parsed);
  if (!data.ok)
    return [
      {
        where: `${shown}:${data.line + firstLine - 1}`,
        message: data.message,
        fix: 'write the value out in full instead of the alias',
        unreadable: true,
      },
    ];
  const result = PaperSchema.safeParse(data.value ?? {});
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    where: `${shown}:${(lineOfPath(parsed, issuePath(issue)) ?? 1) + firstLine - 1}`,
    message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
    fix: fixFor(issue as Parameters<typeof fixFor>[0]),
  }));
}
