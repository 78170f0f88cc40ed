/**
 * The ingest pipeline, stage by stage: read → decode/parse → date → merge →
 * identify → plan (themes, MDX) → write. Every stage but the first and the
 * last is pure; store.ts does the disk work. Bad input becomes problems in
 * the report; only a missing content root or an invalid themes.yaml /
 * ingest.yaml stops the run (a ProblemError, printed by the CLI).
 */
import path from 'node:path';
import { contentPaths, displayPath } from '../content-root.ts';
import { ProblemError, type Problem } from '../errors.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../themes-file.ts';
import { parseIngestConfig } from './config.ts';
import { decodeSource } from './decode.ts';
import { assignIds } from './ids.ts';
import { captureOrder, mergeEntries, normalizeTitle } from './merge.ts';
import { parseDump } from './parse.ts';
import { looksLikeJson, parseHfJson } from './parse-json.ts';
import { inspectFiles, planPapers, type Operation } from './plan.ts';
import { inputKey, recordedReport, recordName, recordText, settledReport } from './record.ts';
import { summarize, type DumpReport, type EntryReport, type IngestReport, type WriteReport } from './report.ts';
import {
  exists,
  isDirectory,
  moveFile,
  readCodeFiles,
  readPaperFiles,
  readRecordFile,
  readSources,
  readTextIfExists,
  removeRecordFile,
  removeTempFile,
  stampPaperFiles,
  syncDirectories,
  writeFileAtomic,
  writeFilesAtomic,
  writeRecordFile,
} from './store.ts';
import type { FileStamp, PaperFile, ParsedDump } from './types.ts';
import { dateEntries } from './years.ts';

export interface Progress {
  stage: 'read' | 'plan' | 'write';
  done: number;
  total: number;
}

export interface IngestOptions {
  /** The content root: holds sources/, papers/, optional themes.yaml and ingest.yaml. */
  contentRoot: string;
  /** Report what would change, write nothing. Default: false. */
  dryRun?: boolean;
  /** Paths in the report are shown relative to this folder. Default: process.cwd(). */
  cwd?: string;
  /** Capture year assumed when no dump gives any clue. Default: the current year. */
  defaultYear?: number;
  /** Called as dumps are read and files written, for progress displays. */
  onProgress?: (progress: Progress) => void;
  /**
   * Folder of run records (see record.ts), or false for none.
   * Default: node_modules/.cache/reading-list of this project.
   */
  recordDir?: string | false;
  /** New files written at once by runIngestAsync (their fsyncs overlap). Default: 32. */
  concurrency?: number;
}

/** This project's folder; the default record folder and the code the record hashes are found from it. */
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');
export const DEFAULT_RECORD_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'reading-list');
/** Records kept (one per content root, the newest): enough for a few lists; a large list's record is ~1.5 kB a paper. */
const RECORDS_KEPT = 16;
/** What shapes the output besides the inputs: ingest's code, its rules engine, the schemas, dependency versions. */
const CODE_FOLDERS = ['src/lib/ingest', 'src/lib/themes', 'src/schemas'];
const CODE_FILES = [
  'src/lib/content-root.ts',
  'src/lib/errors.ts',
  'src/lib/slug.ts',
  'src/lib/themes-file.ts',
  'src/lib/yaml-lines.ts',
  'package-lock.json',
];

/** Problems that mean a file in sources/ is not a list of papers at all. */
const NOT_A_SOURCE = new Set(['not-a-dump', 'bad-json', 'not-papers-json']);

function byLocation(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/** A run planned up to its writes. */
interface Planned {
  options: IngestOptions;
  root: string;
  show: (target: string) => string;
  absolute: (relPath: string) => string;
  paths: ReturnType<typeof contentPaths>;
  dryRun: boolean;
  progress: (progress: Progress) => void;
  themesPath: string;
  problems: Problem[];
  /** Problems raised by the inputs alone (a re-run raises them again), the first ones of `problems`. */
  inputProblems: number;
  notes: Problem[];
  dumps: ParsedDump[];
  dumpReports: DumpReport[];
  dated: ReturnType<typeof dateEntries>;
  identified: ReturnType<typeof assignIds>;
  plan: ReturnType<typeof planPapers>;
  files: PaperFile[];
  removedTempFiles: string[];
  writes: WriteReport[];
  record?: { file: string; key: string };
}

/**
 * Runs ingest on a content root and returns the report (files are written one after another).
 * @throws ProblemError when the content root, themes.yaml or ingest.yaml stop the run
 */
export function runIngest(options: IngestOptions): IngestReport {
  const planned = prepare(options);
  if (!('plan' in planned)) return planned.report;
  if (!planned.dryRun) {
    const touched = moveFiles(planned);
    planned.plan.operations.forEach((op, index) => {
      if (op.kind !== 'write') return;
      planned.progress({ stage: 'write', done: index + 1, total: planned.plan.operations.length });
      const target = planned.absolute(op.relPath);
      touched.add(path.dirname(target));
      try {
        writeFileAtomic(target, op.bytes);
      } catch (error) {
        writeFailed(planned, target, error);
      }
    });
    syncDirectories(touched);
  }
  return finish(planned);
}

/**
 * Runs ingest as runIngest does, but writes new files up to
 * `options.concurrency` at once, so their fsyncs overlap: each is still
 * written to a temp file, synced and only then renamed. Rewrites of existing
 * files stay one at a time, so a killed run leaves at most one temp file next
 * to a reader's papers (a new file has no old version for a temp file to be
 * mistaken for, and the next run removes any temp files).
 * @throws ProblemError when the content root, themes.yaml or ingest.yaml stop the run
 */
export async function runIngestAsync(options: IngestOptions): Promise<IngestReport> {
  const planned = prepare(options);
  if (!('plan' in planned)) return planned.report;
  if (!planned.dryRun) {
    const touched = moveFiles(planned);
    const writes = planned.plan.operations.flatMap((op) =>
      op.kind === 'write' ? [{ target: planned.absolute(op.relPath), bytes: op.bytes, create: op.create }] : [],
    );
    for (const write of writes) touched.add(path.dirname(write.target));
    let done = 0;
    for (const [batch, concurrency] of [
      [writes.filter((w) => !w.create), 1],
      [writes.filter((w) => w.create), options.concurrency ?? 32],
    ] as const) {
      await writeFilesAtomic(batch, concurrency, (index, error) => {
        planned.progress({ stage: 'write', done: ++done, total: writes.length });
        if (error) writeFailed(planned, batch[index]!.target, error);
      });
    }
    syncDirectories(touched);
  }
  return finish(planned);
}

function writeFailed(planned: Planned, target: string, error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) throw error;
  planned.problems.push({
    file: planned.show(target),
    code: 'write-failed',
    message: `could not write the file (${code})`,
    action: 'left as it was; check permissions and free space, then run ingest again',
  });
}

/**
 * Moves files to their new folders, in plan order, before any write: a move's
 * rewrite targets the moved file, and no write touches a path a move frees.
 * @returns the folders touched
 */
function moveFiles(planned: Planned): Set<string> {
  const touched = new Set<string>();
  for (const op of planned.plan.operations) {
    if (op.kind !== 'move') continue;
    const target = planned.absolute(op.to);
    touched.add(path.dirname(target));
    touched.add(path.dirname(planned.absolute(op.from)));
    try {
      moveFile(planned.absolute(op.from), target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code) throw error;
      planned.problems.push({
        file: planned.show(target),
        code: 'write-failed',
        message: `could not move the file (${code})`,
        action: 'left as it was; check permissions and free space, then run ingest again',
      });
    }
  }
  return touched;
}

/** Everything up to the writes; or the recorded report when nothing changed since the last run. */
function prepare(options: IngestOptions): Planned | { report: IngestReport } {
  const cwd = options.cwd ?? process.cwd();
  const show = (target: string) => displayPath(target, cwd);
  const root = path.resolve(cwd, options.contentRoot);
  const paths = contentPaths(root);
  const dryRun = options.dryRun ?? false;
  const progress = options.onProgress ?? (() => {});
  if (!isDirectory(root)) {
    throw new ProblemError({
      file: show(root),
      code: 'missing-content-root',
      message: 'the content root does not exist',
      action: 'nothing imported; pass --content DIR (or set READING_LIST_CONTENT) to a folder holding sources/',
    });
  }
  const themesPath = exists(paths.themes) ? paths.themes : DEFAULT_TAXONOMY_PATH;
  const taxonomy = loadTaxonomy(themesPath, show(themesPath));
  const themesText = readTextIfExists(themesPath) ?? '';
  const configPath = path.join(root, 'ingest.yaml');
  const configText = readTextIfExists(configPath);
  const config = parseIngestConfig(configText, show(configPath));
  const problems: Problem[] = [];
  const defaultYear = options.defaultYear ?? new Date().getFullYear();

  const sources = readSources(paths.sources, show(paths.sources));
  let record: Planned['record'];
  const recordDir = options.recordDir ?? DEFAULT_RECORD_DIR;
  if (recordDir !== false) {
    const key = inputKey({
      root,
      cwd,
      defaultYear,
      themesPath,
      themes: Buffer.from(themesText),
      config: configText,
      sources,
      code: readCodeFiles(PROJECT_ROOT, CODE_FOLDERS, CODE_FILES),
    });
    record = { file: path.join(recordDir, recordName(root)), key };
    const report = recordedReport(readRecordFile(record.file), key, stampPaperFiles(paths.papers), dryRun);
    if (report) return { report };
    // Files are about to change: a record left from before must not vouch for them.
    if (!dryRun) removeRecordFile(record.file);
  }

  // read → decode → parse
  if (!sources) {
    problems.push({
      file: show(paths.sources),
      code: 'no-sources',
      message: 'there is no sources/ folder',
      action: 'nothing imported; put your dumps (.txt) in it',
    });
  }
  const dumps: ParsedDump[] = [];
  const dumpReports: DumpReport[] = [];
  (sources ?? []).forEach((source, index) => {
    progress({ stage: 'read', done: index + 1, total: sources!.length });
    const decoded = decodeSource(source);
    if (!decoded.ok) {
      problems.push(decoded.problem);
      dumpReports.push({ name: source.name, file: source.file, entries: 0, read: false });
      return;
    }
    // The format is told by the content: Hugging Face's JSON answer, else page text.
    const parsed = looksLikeJson(decoded.text) ? parseHfJson(decoded.text, source) : parseDump(decoded.text, source);
    problems.push(...parsed.problems);
    const isDump = !parsed.problems.some((p) => NOT_A_SOURCE.has(p.code));
    dumpReports.push({ name: source.name, file: source.file, entries: parsed.dump.entries.length, read: isDump });
    if (isDump) dumps.push(parsed.dump);
  });
  for (const [name, year] of Object.entries(config.captureYear)) {
    if (!dumps.some((d) => d.name === name)) {
      problems.push({
        file: show(configPath),
        code: 'unknown-dump',
        message: `captureYear names "${name}" (${year}), which is not a dump in sources/`,
        action: 'ignored; check the file name',
      });
    }
  }

  // date → merge → identify → plan
  const dated = dateEntries(dumps, { overrides: config.captureYear, defaultYear });
  problems.push(...dated.problems);
  const merged = mergeEntries(dated.entries, captureOrder(dated.inferences));
  problems.push(...merged.problems);
  const inputProblems = problems.length;
  const { files, temps } = readPaperFiles(paths.papers, show(paths.papers));
  const inspected = inspectFiles(files);
  problems.push(...inspected.problems);
  const identified = assignIds(merged.papers, inspected.claims);
  const plan = planPapers(identified.papers, inspected.infos, taxonomy, show(paths.papers), (done, total) =>
    progress({ stage: 'plan', done, total }),
  );
  problems.push(...plan.problems);
  const notes: Problem[] = [...plan.notes];
  for (const note of identified.notes) {
    notes.push({
      file: show(paths.papers),
      code: 'id-suffix',
      message: `"${note.title}" gets the id "${note.id}"`,
      action: `${note.reason}, so a short hash of the title was added`,
    });
  }

  const absolute = (relPath: string) => path.join(paths.papers, ...relPath.split('/'));
  const removedTempFiles: string[] = [];
  for (const relPath of temps) {
    try {
      if (!dryRun) removeTempFile(absolute(relPath));
      removedTempFiles.push(show(absolute(relPath)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code) throw error;
      problems.push({
        file: show(absolute(relPath)),
        code: 'temp-file-kept',
        message: `a temp file left by an interrupted run cannot be removed (${code})`,
        action: 'left there; it is not a paper, remove it by hand',
      });
    }
  }
  const writes: WriteReport[] = plan.operations.map((op: Operation) =>
    op.kind === 'move'
      ? { action: 'move', path: show(absolute(op.to)), from: show(absolute(op.from)) }
      : { action: op.create ? 'create' : 'update', path: show(absolute(op.relPath)) },
  );
  return {
    options,
    root,
    show,
    absolute,
    paths,
    dryRun,
    progress,
    themesPath,
    problems,
    inputProblems,
    notes,
    dumps,
    dumpReports,
    dated,
    identified,
    plan,
    files,
    removedTempFiles,
    writes,
    ...(record ? { record } : {}),
  };
}

/** The report of a planned (and written) run; keeps a run record when a re-run would change nothing. */
function finish(planned: Planned): IngestReport {
  const { show, plan, dated, identified, problems } = planned;
  const ids = new Map(identified.papers.map((p) => [p.key, p.id]));
  const entries: EntryReport[] = dated.entries.map((entry) => ({
    file: entry.file,
    line: entry.line,
    id: ids.get(normalizeTitle(entry.title)) ?? '',
    title: entry.title,
    date: entry.date,
    yearInferred: entry.yearInferred,
    ...(entry.byline === undefined
      ? {}
      : 'authors' in entry.byline
        ? { authors: entry.byline.authors }
        : { organization: entry.byline.organization }),
    upvotes: entry.upvotes,
  }));
  const jsonSources = new Set(planned.dumps.filter((d) => d.format === 'json').map((d) => d.name));
  const fileProblems = problems.length - planned.inputProblems;
  problems.sort(byLocation);
  const report: IngestReport = {
    contentRoot: show(planned.root),
    dryRun: planned.dryRun,
    taxonomy: show(planned.themesPath),
    dumps: planned.dumpReports,
    // JSON sources carry full dates: there is nothing inferred to show for them.
    yearInferences: dated.inferences.filter((i) => !jsonSources.has(i.name)),
    entries,
    papers: plan.results,
    writes: planned.writes,
    removedTempFiles: planned.removedTempFiles,
    problems,
    notes: planned.notes,
    summary: summarize({
      dumps: planned.dumps.length,
      entries: entries.length,
      papers: plan.results,
      kept: plan.kept.length,
      warnings: problems.length,
    }),
  };
  if (planned.record && !planned.dryRun && fileProblems === 0 && planned.notes.length === 0 && plan.rejectedNew === 0)
    keepRecord(planned, report);
  return report;
}

/**
 * Records this run for the next one, if every paper file is as this run left
 * it: files it did not write still carry the stamp they had when read (a
 * reader's edit during the run means no record), written ones their new size.
 */
function keepRecord(planned: Planned, report: IngestReport): void {
  const stamps = stampPaperFiles(planned.paths.papers);
  if (!stamps) return;
  const expected = new Map<string, FileStamp | number>();
  for (const file of planned.files) if (file.stamp) expected.set(file.relPath, file.stamp);
  for (const op of planned.plan.operations) {
    if (op.kind === 'move') {
      const stamp = expected.get(op.from);
      expected.delete(op.from);
      if (stamp !== undefined) expected.set(op.to, stamp);
    } else expected.set(op.relPath, op.bytes.length);
  }
  if (expected.size !== stamps.size) return;
  for (const [relPath, want] of expected) {
    const now = stamps.get(relPath);
    if (!now) return;
    if (
      typeof want === 'number'
        ? now.size !== want
        : now.size !== want.size || now.mtimeMs !== want.mtimeMs || now.ino !== want.ino
    )
      return;
  }
  writeRecordFile(
    planned.record!.file,
    recordText(planned.record!.key, stamps, settledReport(report, planned.plan.kept.length)),
    RECORDS_KEPT,
  );
}
