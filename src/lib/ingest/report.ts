/**
 * The ingest report: one object holding what was read, inferred, decided and
 * written (printed whole by `--json`), and its human form: problems as
 * `file:line: what — action`, the year inferences, and a one-line summary.
 */
import { formatProblem, type Problem } from '../project/errors.ts';
import type { Outcome, PaperResult } from './plan.ts';
import { formatInference, type YearInference } from './years.ts';

export interface EntryReport {
  file: string;
  line: number;
  id: string;
  title: string;
  date: string;
  yearInferred: boolean;
  authors?: number;
  organization?: string;
  upvotes: number;
}

export interface WriteReport {
  action: 'create' | 'update' | 'move';
  path: string;
  from?: string;
}

export interface DumpReport {
  name: string;
  file: string;
  /** Entries read from it (0 for files skipped as not a dump). */
  entries: number;
  read: boolean;
}

export interface Summary {
  dumps: number;
  entries: number;
  papers: number;
  new: number;
  updated: number;
  unchanged: number;
  moved: number;
  /** Papers from dumps that could not be written (see problems). */
  skipped: number;
  /** Paper files with no dump behind them, kept as they are. */
  kept: number;
  warnings: number;
}

export interface IngestReport {
  contentRoot: string;
  dryRun: boolean;
  /** The taxonomy file used. */
  taxonomy: string;
  dumps: DumpReport[];
  yearInferences: YearInference[];
  /** The ingest.yaml block confirming each capture year that is still a guess (absent when none is). */
  captureYearFix?: string;
  entries: EntryReport[];
  papers: PaperResult[];
  writes: WriteReport[];
  removedTempFiles: string[];
  /** Theme folders left empty by this run's moves, removed (absent when none). */
  removedFolders?: string[];
  problems: Problem[];
  notes: Problem[];
  summary: Summary;
}

/** Counts papers by outcome into a summary. */
export function summarize(input: {
  dumps: number;
  entries: number;
  papers: readonly PaperResult[];
  kept: number;
  warnings: number;
}): Summary {
  const count = (outcome: Outcome) => input.papers.filter((p) => p.outcome === outcome).length;
  return {
    dumps: input.dumps,
    entries: input.entries,
    papers: input.papers.length,
    new: count('new'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    moved: count('moved'),
    skipped: count('skipped'),
    kept: input.kept,
    warnings: input.warnings,
  };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** `ingest: 5 dumps, 297 entries, 264 papers — 264 new, 0 updated, 0 unchanged, 0 moved, 14 warnings` */
export function formatSummary(report: IngestReport): string {
  const s = report.summary;
  const extra = [
    s.skipped > 0 ? `${s.skipped} skipped` : '',
    s.kept > 0 ? `${s.kept} other ${s.kept === 1 ? 'file' : 'files'} kept` : '',
  ]
    .filter(Boolean)
    .map((part) => `, ${part}`)
    .join('');
  const head = report.dryRun ? 'ingest (dry run, nothing written)' : 'ingest';
  return `${head}: ${plural(s.dumps, 'dump')}, ${plural(s.entries, 'entry', 'entries')}, ${plural(s.papers, 'paper')} — ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.moved} moved${extra}, ${plural(s.warnings, 'warning')}`;
}

/** "writing papers 120/264", for a progress line. */
export function formatProgress(progress: { stage: 'read' | 'plan' | 'write'; done: number; total: number }): string {
  const stage = { read: 'reading dumps', plan: 'assigning themes', write: 'writing papers' }[progress.stage];
  return `${stage} ${progress.done}/${progress.total}`;
}

/** The human report, line by line (the summary last). */
export function formatReport(report: IngestReport, options: { verbose?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const problem of report.problems) lines.push(`warning: ${formatProblem(problem)}`);
  for (const note of report.notes) lines.push(`note: ${formatProblem(note)}`);
  for (const file of report.removedTempFiles)
    lines.push(
      `note: ${file}: temp file left by an interrupted run — ${report.dryRun ? 'would be removed' : 'removed'}`,
    );
  for (const folder of report.removedFolders ?? [])
    lines.push(`note: ${folder}: theme folder left empty by the moves — removed`);
  if (report.yearInferences.length > 0) lines.push('year inference:');
  for (const inference of report.yearInferences) {
    lines.push(`  ${formatInference(inference)}`);
    if (options.verbose)
      for (const entry of inference.inferred)
        lines.push(`    ${inference.file}:${entry.line}: ${entry.date} "${entry.title}"`);
  }
  if (report.captureYearFix) {
    lines.push('capture years still guessed: check them, then paste this into ingest.yaml in the content root:');
    for (const line of report.captureYearFix.split('\n')) lines.push(`  ${line}`);
  }
  if (options.verbose) {
    for (const write of report.writes)
      lines.push(
        `${report.dryRun ? 'would ' : ''}${write.action} ${write.from ? `${write.from} → ` : ''}${write.path}`,
      );
  }
  lines.push(formatSummary(report));
  return lines;
}
