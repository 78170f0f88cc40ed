/**
 * The one shape of a problem a user can meet (bad input, not a bug), and the
 * one way to print it: `file:line: what is wrong — what was done / the fix`.
 * Helpers collect problems or throw a ProblemError; only CLI entry points turn
 * them into exit codes.
 */

export interface Problem {
  /** File the problem is in, as shown to the user (relative to the working directory when inside it). */
  file: string;
  /** 1-based line in that file, when the problem has one. */
  line?: number;
  /** 1-based column on that line, when known. */
  column?: number;
  /** Stable machine-readable kind, e.g. `bad-date`, `binary-file`; pinned by tests and `--json` consumers. */
  code: string;
  /** What is wrong. */
  message: string;
  /** What was done about it, or how to fix it. */
  action: string;
  /**
   * Raised by one of the default dumps that ship with the project, as shipped (the same in every copy): the
   * human report counts these in one line and lists them under --verbose.
   */
  shipped?: true;
}

/** `content/sources/x.txt:12: unreadable date "Foo 3" — entry skipped; …` */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message} — ${problem.action}`;
}

/** Thrown by helpers when bad input stops them; carries the problem to print. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(formatProblem(problem));
    this.name = 'ProblemError';
    this.problem = problem;
  }
}

/** True for errors raised because of bad input (printed without a stack trace). */
export function isProblemError(error: unknown): error is ProblemError {
  return error instanceof ProblemError;
}
