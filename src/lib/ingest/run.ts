/**
 * The ingest pipeline, stage by stage: read → decode/parse → date → merge →
 * identify → plan (themes, MDX) → write. Every stage but the first and the
 * last is pure; store.ts does the disk work. Bad input becomes problems in
 * the report; only a missing content root or an invalid themes.yaml /
 * ingest.yaml stops the run (a ProblemError, printed by the CLI).
 */
import path from 'node:path';
import { contentPaths, displayPath, projectPath, projectRoot } from '../project/content-root.ts';
import { isProblemError, ProblemError, type Problem } from '../project/errors.ts';
import { siteIdentityOf } from '../site/site-file.ts';
import { loadTaxonomy } from '../themes/themes-file.ts';
import { draftTaxonomy } from '../themes/draft.ts';
import { arrivalDay, captureDates } from './arrival.ts';
import { parseIngestConfig } from './config.ts';
import { decodeSource } from './decode.ts';
import { assignIds } from './ids.ts';
import { captureOrder, mergeEntries, normalizeTitle } from './merge.ts';
import { parseDump } from './parse.ts';
import { looksLikeJson, parseHfJson } from './parse-json.ts';
import { inspectFiles, planPapers, type Operation } from './plan.ts';
import { inputKey, recordedReport, recordName, recordText, settledReport } from './record.ts';
import { summarize, type DumpReport, type EntryReport, type IngestReport, type WriteReport } from './report.ts';
import { exists, isDirectory, readTextIfExists } from '../fs/files.ts';
import {
  acquireLock,
  createFileAtomic,
  createFilesAtomic,
  moveFile,
  readCodeFiles,
  readPaperFiles,
  readRecordFile,
  readSources,
  removeRecordFile,
  removeEmptyFolder,
  removeTempFile,
  replaceFile,
  stampPaperFiles,
  syncDirectories,
  writeRecordFile,
} from './store.ts';
import type { FileStamp, PaperFile, ParsedDump, SourceFile } from './types.ts';
import { isShippedDump } from './shipped.ts';
import { captureYearBlock, dateEntries } from './years.ts';

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
  /** Today, YYYY-MM-DD: no capture is after it. Default: $READING_LIST_TODAY, else the clock's date (UTC). */
  today?: string;
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

/** Sets today for reproducible runs (YYYY-MM-DD); without it, the clock decides. */
export const TODAY_ENV = 'READING_LIST_TODAY';

/** This project's folder; the default record folder and the code the record hashes are found from it. */
export const DEFAULT_RECORD_DIR = projectPath('node_modules', '.cache', 'reading-list');
/** Records kept (one per content root, the newest): enough for a few lists; a large list's record is ~1.5 kB a paper. */
const RECORDS_KEPT = 16;
/** What shapes the output besides the inputs: ingest's code, its rules engine, the schemas, dependency versions. */
const CODE_FOLDERS = [
  'src/lib/ingest',
  'src/lib/themes',
  'src/lib/text',
  'src/lib/fs',
  'src/lib/project',
  'src/schemas',
];
const CODE_FILES = ['src/lib/site/site-file.ts', 'package-lock.json'];

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
  /** Theme folders this run's moves left empty, removed. */
  removedFolders: string[];
  writes: WriteReport[];
  record?: { file: string; key: string };
  /** The one-line notice of a content root without site.yaml. */
  siteNotice?: Problem;
}

/**
 * Runs ingest on a content root and returns the report. New files are written up to
 * `options.concurrency` at once, so their fsyncs overlap: each is still
 * written to a temp file, synced and only then put in place. Rewrites of
 * existing files stay one at a time, each checked against the file as read,
 * so a killed run leaves at most one temp file next to a reader's papers (a
 * new file has no old version for a temp file to be mistaken for, and the
 * next run removes any temp files).
 * @throws ProblemError when the content root, themes.yaml or ingest.yaml stop the run, or another run holds the lock
 */
export async function runIngestAsync(options: IngestOptions): Promise<IngestReport> {
  const release = lock(options);
  try {
    const planned = prepare(options);
    if (!('plan' in planned)) return planned.report;
    if (!planned.dryRun) {
      const touched = moveFiles(planned);
      const expected = expectedFiles(planned);
      const writes = planned.plan.operations.flatMap((op) => (op.kind === 'write' ? [op] : []));
      for (const write of writes) touched.add(path.dirname(planned.absolute(write.relPath)));
      let done = 0;
      for (const op of writes) {
        if (op.create) continue;
        planned.progress({ stage: 'write', done: ++done, total: writes.length });
        try {
          replaceExisting(planned, op.relPath, op.bytes, expected);
        } catch (error) {
          writeFailed(planned, planned.absolute(op.relPath), error);
        }
      }
      const creates = writes
        .filter((op) => op.create)
        .map((op) => ({ target: planned.absolute(op.relPath), bytes: op.bytes }));
      await createFilesAtomic(creates, options.concurrency ?? 32, (index, error) => {
        planned.progress({ stage: 'write', done: ++done, total: writes.length });
        if (error) writeFailed(planned, creates[index]!.target, error);
      });
      removeEmptiedFolders(planned, touched);
      syncDirectories(touched);
    }
    return finish(planned);
  } finally {
    release();
  }
}

/**
 * Decodes and parses each source (Hugging Face's JSON answer, else page text, told by the content): the
 * dumps it holds, a report line per source; its problems are added to `problems`.
 */
export function parseSources(
  sources: readonly SourceFile[],
  problems: Problem[],
  onSource: (done: number, total: number) => void = () => {},
): { dumps: ParsedDump[]; reports: DumpReport[] } {
  const dumps: ParsedDump[] = [];
  const reports: DumpReport[] = [];
  sources.forEach((source, index) => {
    onSource(index + 1, sources.length);
    const decoded = decodeSource(source);
    // A shipped dump's own problems (what its bytes alone raise) are the same in every copy of the project.
    const shipped = isShippedDump(source.name, source.bytes);
    const own = (problem: Problem): Problem => (shipped ? { ...problem, shipped: true } : problem);
    const shippedFlag = shipped ? { shipped: true as const } : {};
    if (!decoded.ok) {
      problems.push(own(decoded.problem));
      reports.push({ name: source.name, file: source.file, entries: 0, read: false, ...shippedFlag });
      return;
    }
    // The format is told by the content: Hugging Face's JSON answer, else page text.
    const parsed = looksLikeJson(decoded.text) ? parseHfJson(decoded.text, source) : parseDump(decoded.text, source);
    problems.push(...parsed.problems.map(own));
    const isDump = !parsed.problems.some((p) => NOT_A_SOURCE.has(p.code));
    reports.push({
      name: source.name,
      file: source.file,
      entries: parsed.dump.entries.length,
      read: isDump,
      ...shippedFlag,
    });
    if (isDump) dumps.push(parsed.dump);
  });
  return { dumps, reports };
}

/** Takes the content root's lock for a run that writes; a dry run writes nothing and needs none. */
function lock(options: IngestOptions): () => void {
  if (options.dryRun) return () => {};
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, options.contentRoot);
  // A missing root is reported by prepare(), with its own message.
  if (!isDirectory(root)) return () => {};
  return acquireLock(root, (target) => displayPath(target, cwd));
}

/** Each existing file a write will replace, by its path after this run's moves: the file as it was read. */
function expectedFiles(planned: Planned): Map<string, PaperFile> {
  const byPath = new Map(planned.files.map((file) => [file.relPath, file]));
  for (const op of planned.plan.operations) {
    if (op.kind !== 'move') continue;
    const file = byPath.get(op.from);
    byPath.delete(op.from);
    if (file) byPath.set(op.to, file);
  }
  return byPath;
}

/**
 * Rewrites one existing paper file, only if it is still the file this run read. A file saved meanwhile, or
 * one the reader made read-only, is left as it is and reported; the paper counts as skipped.
 */
function replaceExisting(planned: Planned, relPath: string, bytes: Uint8Array, expected: Map<string, PaperFile>): void {
  const target = planned.absolute(relPath);
  const file = expected.get(relPath);
  const outcome = file
    ? replaceFile(target, bytes, { bytes: file.bytes, ...(file.stamp ? { stamp: file.stamp } : {}) })
    : 'changed';
  if (outcome === 'written') return;
  notWritten(planned, relPath);
  planned.problems.push(
    outcome === 'read-only'
      ? {
          file: planned.show(target),
          code: 'read-only-file',
          message: 'the file is read-only, so its ingest keys were not updated',
          action: `left as it is; to let ingest update it, make it writable (chmod u+w ${planned.show(target)})`,
        }
      : {
          file: planned.show(target),
          code: 'changed-during-run',
          message: 'the file changed after ingest read it (saved in an editor while ingest ran?)',
          action: 'left as it is, with your changes; run ingest again to update it',
        },
  );
}

/** A planned write that did not happen: its paper is reported as skipped and the write leaves the report. */
function notWritten(planned: Planned, relPath: string): void {
  const shown = planned.show(planned.absolute(relPath));
  const index = planned.writes.findIndex((w) => w.action !== 'move' && w.path === shown);
  if (index >= 0) planned.writes.splice(index, 1);
  const result = planned.plan.results.find((r) => r.relPath === relPath);
  if (result && result.outcome !== 'moved') result.outcome = 'skipped';
}

const WRITE_FAILURES: Record<string, { message: string; action: string }> = {
  EEXIST: {
    message: 'a file appeared at this path while ingest ran',
    action: 'left as it is; run ingest again',
  },
};

function writeFailed(planned: Planned, target: string, error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) throw error;
  const relPath = path.relative(planned.paths.papers, target).split(path.sep).join('/');
  notWritten(planned, relPath);
  planned.problems.push({
    file: planned.show(target),
    code: 'write-failed',
    ...(WRITE_FAILURES[code] ?? {
      message: `could not write the file (${code})`,
      action: 'left as it was; check permissions and free space, then run ingest again',
    }),
  });
}

/**
 * Removes the theme folders this run's moves left empty (never papers/ itself,
 * never a folder holding anything), so a taxonomy change leaves no empty
 * theme folder behind. Paper files are never deleted.
 */
function removeEmptiedFolders(planned: Planned, touched: Set<string>): void {
  const left = new Set<string>();
  for (const op of planned.plan.operations) if (op.kind === 'move') left.add(path.dirname(planned.absolute(op.from)));
  for (const dir of [...left].sort()) {
    if (path.resolve(dir) === path.resolve(planned.paths.papers)) continue;
    try {
      if (!removeEmptyFolder(dir)) continue;
    } catch (error) {
      if (!isProblemError(error)) throw error;
      planned.problems.push({ ...error.problem, action: 'left as it is; remove the empty folder by hand' });
      continue;
    }
    touched.delete(dir);
    touched.add(path.dirname(dir));
    planned.removedFolders.push(planned.show(dir));
  }
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
        file: planned.show(planned.absolute(op.from)),
        code: 'write-failed',
        message:
          code === 'EEXIST'
            ? `could not move the file to ${planned.show(target)}: a file appeared there while ingest ran`
            : `could not move the file to ${planned.show(target)} (${code})`,
        action: 'left where it was; run ingest again',
      });
      // Its rewrite was planned at the new path: it waits for the next run.
      planned.plan.operations = planned.plan.operations.filter((o) => !(o.kind === 'write' && o.relPath === op.to));
      const shownFrom = planned.show(planned.absolute(op.from));
      planned.writes = planned.writes.filter((w) => !(w.path === planned.show(target) || w.from === shownFrom));
      const result = planned.plan.results.find((r) => r.relPath === op.to);
      if (result) Object.assign(result, { outcome: 'skipped', relPath: op.from, from: undefined });
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
  // A list without themes.yaml gets a taxonomy drafted from its own papers (below), never another list's.
  const themesPath = paths.themes;
  const hasThemes = exists(themesPath);
  let taxonomy = hasThemes ? loadTaxonomy(themesPath, show(themesPath)) : undefined;
  const themesText = readTextIfExists(themesPath) ?? '';
  const sitePath = path.join(root, 'site.yaml');
  const siteText = readTextIfExists(sitePath);
  const configPath = path.join(root, 'ingest.yaml');
  const configText = readTextIfExists(configPath);
  const config = parseIngestConfig(configText, show(configPath));
  const problems: Problem[] = [];
  const today = options.today ?? process.env[TODAY_ENV] ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new ProblemError({
      file: show(root),
      code: 'invalid-today',
      message: `today "${today}" is not a date YYYY-MM-DD`,
      action: `nothing imported; fix --today or ${TODAY_ENV}`,
    });
  }

  const read = readSources(paths.sources, show(paths.sources));
  const sources = read?.sources;
  let record: Planned['record'];
  const recordDir = options.recordDir ?? DEFAULT_RECORD_DIR;
  // A dump link that leads nowhere is in no hash: such a run is always a full one, so it is always reported.
  if (recordDir !== false && !read?.badLinks.length) {
    const key = inputKey({
      root,
      cwd,
      today,
      themesPath,
      themes: Buffer.from(themesText),
      config: configText,
      site: siteText,
      sources,
      code: readCodeFiles(projectRoot(), CODE_FOLDERS, CODE_FILES),
    });
    record = { file: path.join(recordDir, recordName(root)), key };
    const report = recordedReport(readRecordFile(record.file), key, stampPaperFiles(paths.papers), dryRun);
    if (report) return { report };
    // Files are about to change: a record left from before must not vouch for them.
    if (!dryRun) removeRecordFile(record.file);
  }

  // read → decode → parse
  for (const { name, reason } of read?.badLinks ?? []) {
    problems.push({
      file: show(path.join(paths.sources, name)),
      code: 'bad-link',
      message: reason,
      action: 'not read; fix or remove the link',
    });
  }
  if (!sources) {
    problems.push({
      file: show(paths.sources),
      code: 'no-sources',
      message: 'there is no sources/ folder',
      action: 'nothing imported; put your dumps (.txt) in it',
    });
  }
  const { dumps, reports: dumpReports } = parseSources(sources ?? [], problems, (done, total) =>
    progress({ stage: 'read', done, total }),
  );
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
  const dated = dateEntries(dumps, { overrides: config.captureYear, today });
  problems.push(...dated.problems);
  const guessed = new Set(dated.inferences.filter((i) => i.guessed).map((i) => i.name));
  const merged = mergeEntries(dated.entries, captureOrder(dated.inferences), guessed);
  problems.push(...merged.problems);
  const captures = captureDates(dated.inferences);
  for (const paper of merged.papers) paper.added = arrivalDay(paper.sources, captures, today);
  const inputProblems = problems.length;
  const { files, temps, badLinks } = readPaperFiles(paths.papers, show(paths.papers));
  for (const { relPath, reason } of badLinks) {
    problems.push({
      file: show(path.join(paths.papers, ...relPath.split('/'))),
      code: 'bad-link',
      message: reason,
      action: 'left alone, nothing read or written through it; fix or remove the link',
    });
  }
  const inspected = inspectFiles(files);
  problems.push(...inspected.problems);
  const identified = assignIds(merged.papers, inspected.claims);
  let drafted: Problem | undefined;
  if (!taxonomy) {
    const draft = draftTaxonomy(merged.papers, show(root));
    taxonomy = draft.taxonomy;
    if (!dryRun) {
      try {
        // Never over a themes.yaml that appeared while this run drafted one: the reader's file wins.
        createFileAtomic(themesPath, new TextEncoder().encode(draft.text));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          problems.push({
            file: show(themesPath),
            code: 'changed-during-run',
            message: 'a themes.yaml appeared while ingest drafted one',
            action: 'kept yours; the draft was used for this run only: run ingest again',
          });
        } else if (!isProblemError(error)) throw error;
        else problems.push({ ...error.problem, action: 'the draft was used for this run only; run ingest again' });
      }
    }
    drafted = {
      file: show(themesPath),
      code: 'drafted-taxonomy',
      message: `no themes.yaml: drafted ${draft.summary}`,
      action: `${dryRun ? 'would write' : 'wrote'} it as this list's taxonomy; read it theme by theme, edit titles, descriptions and rules, then run ingest again`,
    };
  }
  const plan = planPapers(identified.papers, inspected.infos, taxonomy, show(paths.papers), (done, total) =>
    progress({ stage: 'plan', done, total }),
  );
  problems.push(...plan.problems);
  const notes: Problem[] = [...(drafted ? [drafted] : []), ...plan.notes];
  // The site's identity is checked here too, so a new list hears about it before its first build.
  let siteNotice: Problem | undefined;
  try {
    siteNotice = siteIdentityOf(siteText, show(sitePath)).notice;
  } catch (error) {
    if (!isProblemError(error)) throw error;
    problems.push(error.problem);
  }
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
      : {
          action: op.create ? 'create' : 'update',
          path: show(absolute(op.relPath)),
          ...(op.changes ? { changes: op.changes } : {}),
        },
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
    removedFolders: [],
    writes,
    ...(record ? { record } : {}),
    ...(siteNotice ? { siteNotice } : {}),
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
  const inferred = dated.inferences.filter((i) => !jsonSources.has(i.name));
  const fileProblems = problems.length - planned.inputProblems;
  problems.sort(byLocation);
  const report: IngestReport = {
    contentRoot: show(planned.root),
    dryRun: planned.dryRun,
    taxonomy: show(planned.themesPath),
    dumps: planned.dumpReports,
    // JSON sources carry full dates: there is nothing inferred to show for them.
    yearInferences: inferred,
    ...(captureYearBlock(inferred) ? { captureYearFix: captureYearBlock(inferred)! } : {}),
    entries,
    papers: plan.results,
    writes: planned.writes,
    removedTempFiles: planned.removedTempFiles,
    ...(planned.removedFolders.length > 0 ? { removedFolders: planned.removedFolders } : {}),
    problems,
    notes: planned.siteNotice ? [...planned.notes, planned.siteNotice] : planned.notes,
    summary: summarize({
      dumps: planned.dumps.length,
      entries: entries.length,
      papers: plan.results,
      kept: plan.kept.length,
      warnings: problems.length,
      writes: planned.writes,
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
