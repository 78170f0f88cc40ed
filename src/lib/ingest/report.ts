/**
 * The ingest report: one object holding what was read, inferred, decided and
 * written (printed whole by `--json`), and its human form: problems as
 * `file:line: what — action` (the shipped default dumps' known ones as one
 * count, unless --verbose), the year inferences, what the updates changed key
 * by key, and a one-line summary.
 */
import { formatProblem, type Problem } from '../project/errors.ts';
import { INGEST_KEYS } from '../../schemas/paper.ts';
import type { FieldChange, Outcome, PaperResult } from './plan.ts';
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
  /** For the rewrite of an existing file: each ingest-owned key it changes, with the old and new value. */
  changes?: FieldChange[];
}

/** How many rewritten papers changed one key; for a list (sources, themes), the distinct items added and removed. */
export interface KeyCount {
  key: string;
  papers: number;
  added?: number;
  removed?: number;
}

export interface DumpReport {
  name: string;
  file: string;
  /** Entries read from it (0 for files skipped as not a dump). */
  entries: number;
  read: boolean;
  /** One of the default dumps that ship with the project, unchanged (see shipped.ts). */
  shipped?: true;
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
  /** What the updated papers' rewrites changed, key by key (most papers first). */
  updatedKeys: KeyCount[];
  /** What the moved papers' rewrites changed, key by key. */
  movedKeys: KeyCount[];
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
  /** The run's writes, whose changes give updatedKeys and movedKeys (none: a run that wrote nothing). */
  writes?: readonly WriteReport[];
}): Summary {
  const count = (outcome: Outcome) => input.papers.filter((p) => p.outcome === outcome).length;
  const writes = input.writes ?? [];
  // A moved paper's rewrite is written at the path it moved to.
  const moved = new Set(writes.filter((w) => w.action === 'move').map((w) => w.path));
  const rewrites = writes.filter((w) => w.action === 'update');
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
    updatedKeys: countKeys(rewrites.filter((w) => !moved.has(w.path)).map((w) => w.changes ?? [])),
    movedKeys: countKeys(rewrites.filter((w) => moved.has(w.path)).map((w) => w.changes ?? [])),
  };
}

const KEY_ORDER = new Map<string, number>(INGEST_KEYS.map((key, index) => [key, index]));

/** Counts, key by key, the papers whose rewrite changed it (most papers first, then in frontmatter order). */
export function countKeys(changesByPaper: ReadonlyArray<readonly FieldChange[]>): KeyCount[] {
  const counts = new Map<string, { papers: number; added: Set<string>; removed: Set<string>; list: boolean }>();
  for (const changes of changesByPaper) {
    for (const change of changes) {
      const entry = counts.get(change.key) ?? { papers: 0, added: new Set(), removed: new Set(), list: false };
      counts.set(change.key, entry);
      entry.papers += 1;
      const before = Array.isArray(change.old) ? change.old.map(String) : undefined;
      const after = Array.isArray(change.new) ? change.new.map(String) : undefined;
      if (!before && !after) continue;
      entry.list = true;
      for (const item of after ?? []) if (!before?.includes(item)) entry.added.add(item);
      for (const item of before ?? []) if (!after?.includes(item)) entry.removed.add(item);
    }
  }
  const order = (key: string) => KEY_ORDER.get(key) ?? KEY_ORDER.size;
  return [...counts]
    .map(([key, c]) => ({
      key,
      papers: c.papers,
      ...(c.list ? { added: c.added.size, removed: c.removed.size } : {}),
    }))
    .sort((a, b) => b.papers - a.papers || order(a.key) - order(b.key) || (a.key < b.key ? -1 : 1));
}

/** `sources +1 (48), upvotes (3)`: each key, the distinct list items added (+) and removed (-), and how many papers. */
export function formatKeyCounts(counts: readonly KeyCount[]): string {
  return counts
    .map((c) => {
      const items = [c.added ? `+${c.added}` : '', c.removed ? `-${c.removed}` : ''].filter(Boolean).join(' ');
      return `${c.key}${items ? ` ${items}` : ''} (${c.papers})`;
    })
    .join(', ');
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

/**
 * `14 known problems in the default dumps that ship with the project (truncated-entry: 14, in 4 files) — the same in
 * every copy; --verbose lists each`
 */
export function formatShippedCount(problems: readonly Problem[]): string {
  const byCode = new Map<string, number>();
  for (const problem of problems) byCode.set(problem.code, (byCode.get(problem.code) ?? 0) + 1);
  const files = new Set(problems.map((problem) => problem.file)).size;
  const codes = [...byCode].map(([code, n]) => `${code}: ${n}`).join(', ');
  return `${plural(problems.length, 'known problem')} in the default dumps that ship with the project (${codes}, in ${plural(files, 'file')}) — the same in every copy; --verbose lists each`;
}

/** "writing papers 120/264", for a progress line. */
export function formatProgress(progress: { stage: 'read' | 'plan' | 'write'; done: number; total: number }): string {
  const stage = { read: 'reading dumps', plan: 'assigning themes', write: 'writing papers' }[progress.stage];
  return `${stage} ${progress.done}/${progress.total}`;
}

/** The human report, line by line (the summary last). */
export function formatReport(report: IngestReport, options: { verbose?: boolean } = {}): string[] {
  const lines: string[] = [];
  // The shipped dumps' known problems are one line; the reader's own are always shown in full.
  const folded = options.verbose ? [] : report.problems.filter((problem) => problem.shipped);
  if (folded.length > 0) lines.push(`warning: ${formatShippedCount(folded)}`);
  for (const problem of report.problems)
    if (options.verbose || !problem.shipped) lines.push(`warning: ${formatProblem(problem)}`);
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
  const { updated, moved, updatedKeys, movedKeys } = report.summary;
  if (updatedKeys.length > 0) lines.push(`${updated} updated: ${formatKeyCounts(updatedKeys)}`);
  if (movedKeys.length > 0) lines.push(`${moved} moved: ${formatKeyCounts(movedKeys)}`);
  lines.push(formatSummary(report));
  return lines;
}
