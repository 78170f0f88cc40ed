/**
 * Year inference. A listing page leaves the year out of dates in the current
 * year at capture time, so a dump's capture year is later than every year it
 * writes out: the least such year is the estimate (latest explicit year + 1).
 * ingest.yaml can set it per dump. Every inference, and every date that came
 * out after its dump's capture date, is reported.
 */
import type { Problem } from '../errors.ts';
import { formatDay, isoDate } from './dates.ts';
import type { DatedEntry, ParsedDump } from './types.ts';

export type YearMethod = 'override' | 'header' | 'after-latest-explicit-year' | 'fallback';

export interface YearInference {
  /** Dump file name. */
  name: string;
  /** Dump file as shown in problems. */
  file: string;
  captureYear: number;
  /** YYYY-MM-DD when the dump shows its capture day. */
  captureDate?: string;
  method: YearMethod;
  /** Latest year written out in the dump, if any. */
  latestExplicitYear?: number;
  /** One sentence: how the year was found. */
  reason: string;
  /** Entries whose year was inferred. */
  inferred: Array<{ line: number; title: string; date: string }>;
}

export interface DatingResult {
  inferences: YearInference[];
  entries: DatedEntry[];
  problems: Problem[];
}

export interface DatingOptions {
  /** Capture year per dump file name (ingest.yaml). */
  overrides?: Readonly<Record<string, number>>;
  /** Year used when no dump gives any clue (the caller passes the current year). */
  defaultYear: number;
}

function latestExplicitYear(dump: ParsedDump): number | undefined {
  let latest: number | undefined;
  for (const entry of dump.entries) {
    if (entry.day.year !== undefined && (latest === undefined || entry.day.year > latest)) latest = entry.day.year;
  }
  return latest;
}

function firstGuess(
  dump: ParsedDump,
  override: number | undefined,
): Omit<YearInference, 'captureDate' | 'inferred'> | undefined {
  const latest = latestExplicitYear(dump);
  const base = { name: dump.name, file: dump.file, ...(latest === undefined ? {} : { latestExplicitYear: latest }) };
  if (override !== undefined)
    return { ...base, captureYear: override, method: 'override', reason: `set in ingest.yaml (captureYear)` };
  if (dump.captured?.year !== undefined) {
    return {
      ...base,
      captureYear: dump.captured.year,
      method: 'header',
      reason: `the capture date "${formatDay(dump.captured)}" has a year`,
    };
  }
  if (latest !== undefined) {
    return {
      ...base,
      captureYear: latest + 1,
      method: 'after-latest-explicit-year',
      reason: `latest year written in the dump is ${latest}, so the capture year is ${latest + 1}`,
    };
  }
  return undefined;
}

/**
 * Infers each dump's capture year and gives every entry a full date.
 * @param dumps parsed dumps, in any order
 */
export function dateEntries(dumps: readonly ParsedDump[], options: DatingOptions): DatingResult {
  const overrides = options.overrides ?? {};
  const problems: Problem[] = [];
  const guesses = dumps.map((dump) => firstGuess(dump, overrides[dump.name]));
  const known = guesses.flatMap((guess) => (guess ? [guess.captureYear] : []));
  const fallbackYear = known.length > 0 ? Math.max(...known) : options.defaultYear;
  const fallbackWhy = known.length > 0 ? 'the latest capture year of the other dumps' : 'the current year';

  const inferences: YearInference[] = [];
  const entries: DatedEntry[] = [];
  dumps.forEach((dump, index) => {
    const guess = guesses[index] ?? {
      name: dump.name,
      file: dump.file,
      captureYear: fallbackYear,
      method: 'fallback' as const,
      reason: `no date in the dump has a year: assumed ${fallbackYear}, ${fallbackWhy}`,
    };
    if (guess.method === 'fallback' && dump.entries.length > 0) {
      problems.push({
        file: dump.file,
        line: dump.captured?.line ?? dump.entries[0]!.line,
        code: 'unknown-capture-year',
        message: `no date in this dump has a year, so its capture year is unknown`,
        action: `assumed ${fallbackYear} (${fallbackWhy}); set captureYear for "${dump.name}" in ingest.yaml if it is wrong`,
      });
    }
    if (
      guess.method === 'override' &&
      guess.latestExplicitYear !== undefined &&
      guess.captureYear < guess.latestExplicitYear
    ) {
      problems.push({
        file: dump.file,
        line: dump.captured?.line ?? 1,
        code: 'capture-year-too-early',
        message: `captureYear ${guess.captureYear} in ingest.yaml is before ${guess.latestExplicitYear}, a year written in this dump`,
        action: 'used it anyway; check the year in ingest.yaml',
      });
    }
    const captureDate = dump.captured ? isoDate(guess.captureYear, dump.captured.month, dump.captured.day) : undefined;
    const inference: YearInference = { ...guess, ...(captureDate ? { captureDate } : {}), inferred: [] };
    inferences.push(inference);

    for (const entry of dump.entries) {
      const year = entry.day.year ?? guess.captureYear;
      const date = isoDate(year, entry.day.month, entry.day.day);
      if (date === undefined) {
        problems.push({
          file: dump.file,
          line: entry.dateLine,
          code: 'bad-date',
          message: `"${formatDay(entry.day)}" does not exist in ${year} (year inferred)`,
          action: `entry skipped; set captureYear for "${dump.name}" in ingest.yaml`,
        });
        continue;
      }
      const yearInferred = entry.day.year === undefined;
      if (yearInferred) inference.inferred.push({ line: entry.dateLine, title: entry.title, date });
      if (captureDate && date > captureDate) {
        problems.push({
          file: dump.file,
          line: entry.dateLine,
          code: 'date-after-capture',
          message: `date ${date}${yearInferred ? ' (year inferred)' : ''} is after the capture date ${captureDate}`,
          action: `kept; ${yearInferred ? `set captureYear for "${dump.name}" in ingest.yaml if the year is wrong` : 'check the dump'}`,
        });
      }
      entries.push({ ...entry, date, yearInferred });
    }
  });
  return { inferences, entries, problems };
}

/** "content/sources/x.txt: captured Jan 7 → 2026-01-07 (latest year …); 3 dates without a year". */
export function formatInference(inference: YearInference): string {
  const captured = inference.captureDate ?? `capture day unknown, year ${inference.captureYear}`;
  const count = inference.inferred.length;
  return `${inference.file}: captured ${captured} (${inference.reason}); ${count} date${count === 1 ? '' : 's'} without a year → ${inference.captureYear}`;
}
