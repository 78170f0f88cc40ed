/**
 * What a paper page shows only under `astro dev`: the fingerprint of the file
 * it was rendered from (for the mark controls), the keys they edit, and every
 * problem of the file (frontmatter and notes) with its file, line and fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NOTE_SYNTAX_FIX, readNote } from '../../integrations/check-notes.ts';
import { noteSyntaxProblem } from '../site/backlinks.ts';
import { contentPaths, displayPath, resolveContentRoot } from '../project/content-root.ts';
import type { Status } from '../../schemas/paper.ts';
import { type FrontmatterProblem, frontmatterProblems } from './frontmatter-problems.ts';
import { fingerprint } from './marks.ts';

/** The fix for a note's syntax error: an unclosed tag gets its closing tag named. */
export function noteFix(reason: string): string {
  const unclosed = /Expected a closing tag for `<([^>\s]+)>`/.exec(reason);
  return unclosed
    ? `add \`</${unclosed[1]}>\` where the block ends, or end the opening tag with \`/>\` if it holds nothing`
    : NOTE_SYNTAX_FIX;
}

export interface DevPaperState {
  /** The file relative to the papers folder, e.g. kv-cache/h2o.mdx (what the controls send). */
  file: string;
  /** The file as messages show it. */
  shown: string;
  /** sha256 of the file's bytes as rendered. */
  fingerprint: string;
  /** The keys the controls edit, as the site reads them. */
  values: { status: Status; tags: string[]; rating: number | null };
  /** Problems of the file, frontmatter first; a note that is not valid MDX is `notes`. */
  problems: FrontmatterProblem[];
  /** True when the notes cannot be rendered: they are not valid MDX, or the frontmatter cannot be read. */
  notesBroken: boolean;
}

/**
 * @param pathInPapers the paper's file relative to papers/ (SitePaper.file without its "papers/")
 * @param links problems of the note's <PaperLink> elements, each a message with file and line
 */
export function devPaperState(
  pathInPapers: string,
  values: DevPaperState['values'],
  links: readonly string[] = [],
): DevPaperState {
  const target = path.join(contentPaths(resolveContentRoot()).papers, ...pathInPapers.split('/'));
  const bytes = fs.readFileSync(target);
  const shown = displayPath(target);
  const problems = frontmatterProblems(bytes, shown);
  const syntax = noteSyntaxProblem(readNote(target));
  if (syntax) {
    problems.push({
      where: syntax.line === undefined ? shown : `${shown}:${syntax.line}:${syntax.column ?? 1}`,
      message: `the notes are not valid MDX: ${syntax.reason}`,
      fix: noteFix(syntax.reason),
    });
  }
  // A note that does not parse has no links to check.
  for (const message of syntax ? [] : links) {
    const [, where = shown, rest = message] = /^(\S+?:\d+:\d+): (.*)$/s.exec(message) ?? [];
    problems.push({ where, message: rest, fix: 'use the file name (without .mdx) of a paper in the list as the id' });
  }
  const unreadable = problems.some((problem) => problem.unreadable);
  return {
    file: pathInPapers,
    shown,
    fingerprint: fingerprint(bytes),
    values,
    problems,
    notesBroken: !!syntax || unreadable,
  };
}
