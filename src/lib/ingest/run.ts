/**
 * The ingest pipeline, stage by stage: read → decode/parse → date → merge →
 * identify → plan (themes, MDX) → write. Every stage but the first and the
 * last is pure; store.ts does the disk work. Bad input becomes problems in
 * the report; only a missing content root or an invalid themes.yaml /
 * ingest.yaml stops the run (a ProblemError, printed by the CLI).
 */
import path from 'node:path';
import { contentPaths } from '../content-root.ts';
import { ProblemError, type Problem } from '../errors.ts';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../themes-file.ts';
import { parseIngestConfig } from './config.ts';
import { decodeSource } from './decode.ts';
import { assignIds } from './ids.ts';
import { captureOrder, mergeEntries, normalizeTitle } from './merge.ts';
import { parseDump } from './parse.ts';
import { inspectFiles, planPapers, type Operation } from './plan.ts';
import { summarize, type DumpReport, type EntryReport, type IngestReport, type WriteReport } from './report.ts';
import { exists, isDirectory, moveFile, readPaperFiles, readSources, readTextIfExists, removeTempFile, syncDirectories, writeFileAtomic } from './store.ts';
import type { ParsedDump } from './types.ts';
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
}

/** `content/papers/x.mdx` when inside `cwd`, the absolute path otherwise. */
function displayPath(cwd: string, target: string): string {
  const relative = path.relative(cwd, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return target;
  return relative.split(path.sep).join('/');
}

function byLocation(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/**
 * Runs ingest on a content root and returns the report.
 * @throws ProblemError when the content root, themes.yaml or ingest.yaml stop the run
 */
export function runIngest(options: IngestOptions): IngestReport {
  const cwd = options.cwd ?? process.cwd();
  const show = (target: string) => displayPath(cwd, target);
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
  const configPath = path.join(root, 'ingest.yaml');
  const config = parseIngestConfig(readTextIfExists(configPath), show(configPath));
  const problems: Problem[] = [];

  // read → decode → parse
  const sources = readSources(paths.sources, show(paths.sources));
  if (!sources) {
    problems.push({ file: show(paths.sources), code: 'no-sources', message: 'there is no sources/ folder', action: 'nothing imported; put your dumps (.txt) in it' });
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
    const parsed = parseDump(decoded.text, source);
    problems.push(...parsed.problems);
    const isDump = !parsed.problems.some((p) => p.code === 'not-a-dump');
    dumpReports.push({ name: source.name, file: source.file, entries: parsed.dump.entries.length, read: isDump });
    if (isDump) dumps.push(parsed.dump);
  });
  for (const [name, year] of Object.entries(config.captureYear)) {
    if (!dumps.some((d) => d.name === name)) {
      problems.push({ file: show(configPath), code: 'unknown-dump', message: `captureYear names "${name}" (${year}), which is not a dump in sources/`, action: 'ignored; check the file name' });
    }
  }

  // date → merge → identify → plan
  const dated = dateEntries(dumps, { overrides: config.captureYear, defaultYear: options.defaultYear ?? new Date().getFullYear() });
  problems.push(...dated.problems);
  const merged = mergeEntries(dated.entries, captureOrder(dated.inferences));
  problems.push(...merged.problems);
  const { files, temps } = readPaperFiles(paths.papers, show(paths.papers));
  const inspected = inspectFiles(files);
  problems.push(...inspected.problems);
  const identified = assignIds(merged.papers, inspected.claims);
  const plan = planPapers(identified.papers, inspected.infos, taxonomy, show(paths.papers), (done, total) => progress({ stage: 'plan', done, total }));
  problems.push(...plan.problems);
  const notes: Problem[] = [...plan.notes];
  for (const note of identified.notes) {
    notes.push({ file: show(paths.papers), code: 'id-suffix', message: `"${note.title}" gets the id "${note.id}"`, action: `${note.reason}, so a short hash of the title was added` });
  }

  // write
  const absolute = (relPath: string) => path.join(paths.papers, ...relPath.split('/'));
  const removedTempFiles: string[] = [];
  for (const relPath of temps) {
    try {
      if (!dryRun) removeTempFile(absolute(relPath));
      removedTempFiles.push(show(absolute(relPath)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code) throw error;
      problems.push({ file: show(absolute(relPath)), code: 'temp-file-kept', message: `a temp file left by an interrupted run cannot be removed (${code})`, action: 'left there; it is not a paper, remove it by hand' });
    }
  }
  const writes: WriteReport[] = plan.operations.map((op: Operation) =>
    op.kind === 'move'
      ? { action: 'move', path: show(absolute(op.to)), from: show(absolute(op.from)) }
      : { action: op.create ? 'create' : 'update', path: show(absolute(op.relPath)) },
  );
  if (!dryRun) {
    const touched = new Set<string>();
    plan.operations.forEach((op, index) => {
      progress({ stage: 'write', done: index + 1, total: plan.operations.length });
      const target = absolute(op.kind === 'move' ? op.to : op.relPath);
      touched.add(path.dirname(target));
      try {
        if (op.kind === 'move') {
          touched.add(path.dirname(absolute(op.from)));
          moveFile(absolute(op.from), target);
        } else writeFileAtomic(target, op.bytes);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!code) throw error;
        problems.push({ file: show(target), code: 'write-failed', message: `could not ${op.kind} the file (${code})`, action: 'left as it was; check permissions and free space, then run ingest again' });
      }
    });
    syncDirectories(touched);
  }

  const ids = new Map(identified.papers.map((p) => [p.key, p.id]));
  const entries: EntryReport[] = dated.entries.map((entry) => ({
    file: entry.file,
    line: entry.line,
    id: ids.get(normalizeTitle(entry.title)) ?? '',
    title: entry.title,
    date: entry.date,
    yearInferred: entry.yearInferred,
    ...(entry.byline === undefined ? {} : 'authors' in entry.byline ? { authors: entry.byline.authors } : { organization: entry.byline.organization }),
    upvotes: entry.upvotes,
  }));
  problems.sort(byLocation);
  return {
    contentRoot: show(root),
    dryRun,
    taxonomy: show(themesPath),
    dumps: dumpReports,
    yearInferences: dated.inferences,
    entries,
    papers: plan.results,
    writes,
    removedTempFiles,
    problems,
    notes,
    summary: summarize({ dumps: dumps.length, entries: entries.length, papers: plan.results, kept: plan.kept.length, warnings: problems.length }),
  };
}
