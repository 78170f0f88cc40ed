/**
 * Astro integration: checks the MDX syntax of every note before anything else
 * runs. Left to itself, the MDX compiler stops at the first broken note with a
 * stack trace and, for some errors (an unclosed `<Callout>`), the location
 * `file:0:0`. This check parses the body of every paper file
 * (<content root>/papers/<theme>/<id>.mdx) with the parser the site uses (src/lib/site/backlinks.ts, whose parses the link
 * graph then reuses) and lists every broken note with its file, real line and
 * column, the parser's message and the fix.
 *
 * It runs at astro:config:setup, before the content layer syncs and before any
 * MDX is compiled. `astro build` fails with the list; `astro dev` only warns,
 * at start and whenever a note is saved, so the server keeps running while the
 * reader fixes the note (src/integrations/dev-workbench.ts: the broken note breaks only its own page).
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import type { AstroError } from 'astro/errors';
import fs from 'node:fs';
import path from 'node:path';
import {
  bodyLineOffset,
  type NoteExpression,
  type NoteSource,
  type NoteSyntaxProblem,
  noteExpressions,
  noteSyntaxProblem,
} from '../lib/site/backlinks.ts';
import { contentPaths, displayPath, resolveContentRoot } from '../lib/project/content-root.ts';
import { walkFiles } from '../lib/fs/files.ts';
import { astroErrorFrom } from '../lib/site/build-error.ts';
import { splitFrontmatter } from '../lib/ingest/frontmatter.ts';
import { paperNameProblem } from '../lib/ingest/paper-names.ts';
import { parseYamlWithLines, yamlData } from '../lib/project/yaml-lines.ts';

/** How to fix any of these errors, shown once under the list. */
export const NOTE_SYNTAX_FIX =
  'fix the MDX syntax at that line, or wrap literal braces/angle brackets in backticks (`{like this}`, `a < b`) or escape them (\\{, \\<)';

/** What the build throws when notes are not valid MDX: the list in the message, the fix as the hint. */
export function noteSyntaxError(problems: readonly NoteSyntaxProblem[]): AstroError {
  return astroErrorFrom(
    problems.map((problem) => ({
      file: problem.file,
      ...(problem.line === undefined ? {} : { line: problem.line, column: problem.column ?? 1 }),
      code: 'note-syntax',
      message: problem.reason,
      action: `${NOTE_SYNTAX_FIX}.`,
    })),
    { summary: `${problems.length === 1 ? '1 note is' : `${problems.length} notes are`} not valid MDX:` },
  );
}

/** `file:line:column: message` for one problem. */
function formatProblem(problem: NoteSyntaxProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.reason}`;
}

/** The list of broken notes and the fix, as the build prints it. */
export function formatNoteSyntaxProblems(problems: readonly NoteSyntaxProblem[]): string {
  const count = problems.length === 1 ? '1 note is' : `${problems.length} notes are`;
  return [
    `${count} not valid MDX:`,
    ...problems.map((problem) => `  ${formatProblem(problem)}`),
    `To fix: ${NOTE_SYNTAX_FIX}.`,
  ].join('\n');
}

/**
 * A paper file's note as the site reads it: the body after the frontmatter,
 * trimmed as Astro's content layer trims it, with the lines before it.
 */
export function readNote(file: string, bytes: Uint8Array = fs.readFileSync(file)): NoteSource {
  const raw = new TextDecoder().decode(bytes);
  const split = splitFrontmatter(bytes);
  // A file without frontmatter fails the collection's schema with its own message; its text is still checked.
  const body = (split.ok ? new TextDecoder().decode(split.split.body) : raw).trim();
  return { id: path.basename(file, '.mdx'), file: displayPath(file), body, lineOffset: bodyLineOffset(raw, body) };
}

/**
 * Every .mdx file under a folder (hidden files and folders left out, as the collection's glob does), sorted.
 * Linked folders and files are followed, as the collection's glob follows them (each real folder once).
 */
export function noteFiles(papersDir: string): string[] {
  // A dangling link or a loop of links is left out: nothing the site can read either.
  return walkFiles(papersDir, { skipHidden: true, include: (name) => name.endsWith('.mdx') })
    .map((file) => file.absolute)
    .sort();
}

/** The syntax problem of every note under a folder (at most one per file: the parser stops at the first). Linear in the notes. */
export function checkNotes(
  papersDir: string,
  notes = noteFiles(papersDir).map((file) => readNote(file)),
): NoteSyntaxProblem[] {
  return notes.flatMap((note) => noteSyntaxProblem(note) ?? []);
}

/** A bare `{…}` expression in a note, at its place in the file. */
export interface NoteExpressionWarning extends NoteExpression {
  file: string;
}

/** How to keep braces as written, shown once under the list of expressions. */
export const NOTE_EXPRESSION_FIX =
  'to show braces as written, escape the opening one (\\{1, 2, 4}) or write the set as math ($\\{1, 2, 4\\}$); keep {…} only for a value you mean MDX to compute';

/** The bare JavaScript expressions of one note (none when it does not parse: that is reported on its own). */
export function noteExpressionWarnings(note: NoteSource): NoteExpressionWarning[] {
  return noteExpressions(note).map((expression) => ({ file: note.file, ...expression }));
}

/** Every bare JavaScript expression in the notes under a folder, in file order. */
export function checkNoteExpressions(
  papersDir: string,
  notes = noteFiles(papersDir).map((file) => readNote(file)),
): NoteExpressionWarning[] {
  return notes.flatMap(noteExpressionWarnings);
}

/** The warning the build prints: each expression at file:line:column, what MDX does with it, then the fix. */
export function formatNoteExpressionWarnings(warnings: readonly NoteExpressionWarning[]): string {
  const count =
    warnings.length === 1
      ? '1 note shows a JavaScript expression'
      : `${warnings.length} JavaScript expressions in notes`;
  return [
    `${count} where braces may have been meant (MDX shows the value of {…}, not the braces):`,
    ...warnings.map((w) => `  ${w.file}:${w.line}:${w.column}: ${w.source}`),
    `To fix: ${NOTE_EXPRESSION_FIX}.`,
  ].join('\n');
}

/** A paper file whose name cannot be an id (see src/lib/ingest/paper-names.ts), with the rename that fixes it. */
export interface PaperNameIssue {
  file: string;
  message: string;
  fix: string;
}

/** Every paper file under a folder whose name is not a valid id, in file order. */
export function checkPaperNames(papersDir: string, files = noteFiles(papersDir)): PaperNameIssue[] {
  return files.flatMap((file) => {
    const problem = paperNameProblem(path.basename(file));
    return problem ? [{ file: displayPath(file), ...problem }] : [];
  });
}

/**
 * Paper files whose frontmatter uses YAML aliases that cannot be read: one without its anchor, or an alias bomb
 * (aliases of aliases, which the content layer would expand until the memory runs out). Only frontmatter that
 * holds a `*` is parsed, so the check costs nothing on ordinary files.
 */
export function checkFrontmatterAliases(papersDir: string, files = noteFiles(papersDir)): PaperNameIssue[] {
  return files.flatMap((file) => frontmatterAliasIssue(file, fs.readFileSync(file)) ?? []);
}

/** The alias problem of one paper file's frontmatter, if it has one (see checkFrontmatterAliases). */
function frontmatterAliasIssue(file: string, bytes: Uint8Array): PaperNameIssue | undefined {
  const split = splitFrontmatter(bytes);
  if (!split.ok || !split.split.frontmatter.includes('*')) return undefined;
  const parsed = parseYamlWithLines(split.split.frontmatter);
  if (parsed.doc.errors.length > 0) return undefined;
  const data = yamlData(parsed);
  if (data.ok) return undefined;
  return {
    file: `${displayPath(file)}:${data.line + split.split.firstLine - 1}`,
    message: data.message,
    fix: 'write the value out in full instead of the alias',
  };
}

/** The list of badly named paper files, as the build prints it. */
const PAPER_NAME_FIX = 'do as each line says (a paper id is lower-case letters, digits and single hyphens, then .mdx).';

export function formatPaperNameIssues(issues: readonly PaperNameIssue[]): string {
  const count = issues.length === 1 ? '1 paper file cannot be built' : `${issues.length} paper files cannot be built`;
  return [
    `${count}:`,
    ...issues.map((issue) => `  ${issue.file}: ${issue.message} — ${issue.fix}`),
    `To fix: ${PAPER_NAME_FIX}`,
  ].join('\n');
}

/** What the build throws when paper files have names that cannot be ids: one line each with its fix. */
export function paperNameError(issues: readonly PaperNameIssue[]): AstroError {
  return astroErrorFrom(
    issues.map((issue) => ({ file: issue.file, code: 'paper-name', message: issue.message, action: issue.fix })),
    {
      summary: `${issues.length === 1 ? '1 paper file cannot be built' : `${issues.length} paper files cannot be built`}:`,
      hint: PAPER_NAME_FIX,
    },
  );
}

type Watcher = { on(event: 'add' | 'change', listener: (file: string) => void): unknown };

export default function checkNotesIntegration(): AstroIntegration {
  const papersDir = contentPaths(resolveContentRoot()).papers;
  /** Notes known to be broken in `astro dev` (by shown path), to say when one is fixed. */
  const broken = new Set<string>();

  /** In `astro dev`: re-check a note when it is saved, and say whether it is broken or fixed. */
  function watchNotes(watcher: Watcher, logger: AstroIntegrationLogger): void {
    const recheck = (file: string) => {
      const absolute = path.resolve(file);
      const relative = path.relative(papersDir, absolute);
      if (
        !absolute.endsWith('.mdx') ||
        relative.startsWith('..') ||
        path.isAbsolute(relative) ||
        !fs.existsSync(absolute)
      )
        return;
      const note = readNote(absolute);
      const problem = noteSyntaxProblem(note);
      if (problem) {
        broken.add(note.file);
        logger.warn(formatNoteSyntaxProblems([problem]));
      } else if (broken.delete(note.file)) {
        logger.info(`${note.file}: the notes are valid MDX again`);
      }
      const expressions = noteExpressionWarnings(note);
      if (expressions.length > 0) logger.warn(formatNoteExpressionWarnings(expressions));
    };
    watcher.on('add', recheck);
    watcher.on('change', recheck);
  }

  return {
    name: 'reading-list:check-notes',
    hooks: {
      'astro:config:setup': ({ command, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        // Left to the content layer, such a file fails with a schema error that names no file, or its page is
        // silently missing.
        // One walk of the folder and one read of each note for all four checks.
        const files = noteFiles(papersDir);
        const names = checkPaperNames(papersDir, files);
        const notes = files.map((file) => {
          const bytes = fs.readFileSync(file);
          const alias = frontmatterAliasIssue(file, bytes);
          if (alias) names.push(alias);
          return readNote(file, bytes);
        });
        if (names.length > 0) {
          if (command === 'build') throw paperNameError(names);
          logger.warn(formatPaperNameIssues(names));
        }
        const problems = checkNotes(papersDir, notes);
        // Valid MDX that silently shows something else than written: a warning, in build and dev alike.
        const expressions = checkNoteExpressions(papersDir, notes);
        if (expressions.length > 0) logger.warn(formatNoteExpressionWarnings(expressions));
        if (problems.length === 0) return;
        if (command === 'build') throw noteSyntaxError(problems);
        for (const problem of problems) broken.add(problem.file);
        logger.warn(formatNoteSyntaxProblems(problems));
      },
      'astro:server:setup': ({ server, logger }) => {
        watchNotes(server.watcher, logger);
      },
    },
  };
}
