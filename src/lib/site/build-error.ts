/**
 * The build's one error shape: Astro's own AstroError, whose hint Astro prints
 * under the message, made from the project's Problem (file, line, message,
 * fix) by one function. Build hooks and loaders throw it for bad input; it has
 * no stack trace, since it is the reader's to fix, not a bug.
 */
import { AstroError } from 'astro/errors';
import { isProblemError, type Problem } from '../project/errors.ts';

function where(problem: Problem): string {
  if (problem.line === undefined) return problem.file;
  return problem.column === undefined
    ? `${problem.file}:${problem.line}`
    : `${problem.file}:${problem.line}:${problem.column}`;
}

/**
 * One problem: `file:line: message`, its action as the hint. Several: `summary`, then one line per problem
 * (with its own action when it is not the hint), and `hint` (else their actions, each once) as the hint.
 */
export function astroErrorFrom(
  problems: Problem | readonly Problem[],
  options: { summary?: string; hint?: string } = {},
): AstroError {
  const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
  const hint = options.hint ?? [...new Set(list.map((problem) => problem.action))].join('\n');
  const lines = list.map(
    (problem) => `${where(problem)}: ${problem.message}${problem.action === hint ? '' : ` — ${problem.action}`}`,
  );
  const message =
    options.summary === undefined && lines.length === 1
      ? lines[0]!
      : [options.summary ?? `${lines.length} problems:`, ...lines.map((line) => `  ${line}`)].join('\n');
  const error = new AstroError(message, hint);
  error.stack = '';
  return error;
}

/** Runs `read`; a ProblemError it throws (a bad themes.yaml, site.yaml…) comes out as the build's AstroError. */
export function asBuildError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isProblemError(error)) throw astroErrorFrom(error.problem);
    throw error;
  }
}
