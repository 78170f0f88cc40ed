/**
 * The run record: what the last complete run of a content root read and left
 * on disk, so that a re-run on unchanged inputs can answer without parsing a
 * paper file or scoring a theme. It holds a hash of every input (dumps,
 * taxonomy, ingest.yaml, the code that shapes the output, the working folder
 * and default year the report depends on), each paper file's stamp (size,
 * times, inode), and the report such a re-run gives. Only a shortcut: any
 * difference, or a missing or unreadable record, means a full run; a run that
 * leaves anything a re-run would report differently keeps no record.
 */
import { createHash } from 'node:crypto';
import type { IngestReport } from './report.ts';
import { summarize } from './report.ts';
import type { FileStamp } from './types.ts';

/** Bump when the record's own shape changes. */
const RECORD_FORMAT = 'reading-list-ingest-record/1';

export interface RunRecord {
  format: string;
  /** Hash of every input (see inputKey). */
  key: string;
  /** Stamp of each paper file, by path relative to papers/. */
  files: Record<string, FileStamp>;
  /** The report of a re-run that changes nothing. */
  report: IngestReport;
}

export interface RecordInputs {
  root: string;
  cwd: string;
  /** Today (YYYY-MM-DD): year inference depends on it. */
  today: string;
  themesPath: string;
  themes: Uint8Array;
  config: string | undefined;
  /** site.yaml's text (its absence is a note of the report). */
  site?: string | undefined;
  sources: ReadonlyArray<{ name: string; bytes: Uint8Array }> | undefined;
  code: ReadonlyArray<[string, Uint8Array]>;
}

/** Hash of every input a run's output depends on; each part is length-prefixed, so no two input sets run together. */
export function inputKey(inputs: RecordInputs): string {
  const hash = createHash('sha256');
  const part = (value: string | Uint8Array) => {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  part(RECORD_FORMAT);
  for (const [file, bytes] of inputs.code) {
    part(file);
    part(bytes);
  }
  part(inputs.root);
  part(inputs.cwd);
  part(inputs.today);
  part(inputs.themesPath);
  part(inputs.themes);
  part(inputs.config === undefined ? 'no ingest.yaml' : `ingest.yaml ${inputs.config}`);
  part(inputs.site === undefined ? 'no site.yaml' : `site.yaml ${inputs.site}`);
  if (inputs.sources === undefined) part('no sources folder');
  else {
    part(`sources ${inputs.sources.length}`);
    for (const source of inputs.sources) {
      part(source.name);
      part(source.bytes);
    }
  }
  return hash.digest('hex');
}

/** Name of a content root's record file. */
export function recordName(root: string): string {
  return `ingest-${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`;
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * The recorded report, when the record matches the inputs and every paper file.
 * @param stamps the paper files on disk now (undefined: an ingest temp file is there, so a full run)
 */
export function recordedReport(
  text: string | undefined,
  key: string,
  stamps: ReadonlyMap<string, FileStamp> | undefined,
  dryRun: boolean,
): IngestReport | undefined {
  if (text === undefined || stamps === undefined) return undefined;
  // The key comes first in the text (recordText): a record of other inputs is dismissed without parsing it.
  if (!text.slice(0, 200).includes(`"key":"${key}"`)) return undefined;
  let record: RunRecord;
  try {
    record = JSON.parse(text) as RunRecord;
  } catch {
    return undefined;
  }
  if (record?.format !== RECORD_FORMAT || record.key !== key || typeof record.files !== 'object' || !record.report)
    return undefined;
  const files = Object.entries(record.files);
  if (files.length !== stamps.size) return undefined;
  for (const [relPath, stamp] of files) {
    const now = stamps.get(relPath);
    if (!now || !sameStamp(now, stamp)) return undefined;
  }
  return { ...record.report, dryRun };
}

/**
 * The report a re-run would give after `report`'s run: every paper unchanged
 * where this run left it, nothing written. Only valid for a run whose paper
 * files raised no problem and no note (the caller checks).
 * @param kept paper files with no dump behind them
 */
export function settledReport(report: IngestReport, kept: number): IngestReport {
  const papers = report.papers.map((paper) => {
    // Spread and delete, not destructuring: the keys keep the order a full run prints them in.
    const settled = { ...paper, outcome: 'unchanged' as const };
    delete settled.from;
    return settled;
  });
  // A re-run moves nothing, so it removes no folder either.
  const { removedFolders: _removed, ...rest } = report;
  return {
    ...rest,
    dryRun: false,
    papers,
    writes: [],
    removedTempFiles: [],
    summary: summarize({
      dumps: report.summary.dumps,
      entries: report.entries.length,
      papers,
      kept,
      warnings: report.problems.length,
    }),
  };
}

/** Serializes a record. */
export function recordText(key: string, stamps: ReadonlyMap<string, FileStamp>, report: IngestReport): string {
  const record: RunRecord = { format: RECORD_FORMAT, key, files: Object.fromEntries(stamps), report };
  return JSON.stringify(record);
}
