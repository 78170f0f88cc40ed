/**
 * Year inference. A listing page leaves the year out of dates in the current
 * year at capture time, so a dump whose dates show no year carries no year of
 * its own. Every clue counts, strongest first:
 *
 * 1. `captureYear` in ingest.yaml (the reader's word);
 * 2. a year on the dump's own date line ("Jan 7, 2026");
 * 3. a date in the dump's file name ("daily-2025-03-07.txt");
 * 4. the evidence of the entries, weighed together for each candidate year:
 *    - a year written in the dump is before its capture year;
 *    - the same paper shown without a year here and with one elsewhere (or in
 *      a dump whose year is known) gives this dump's year exactly;
 *    - a paper cannot be dated after a capture that lists it;
 *    - upvotes only grow, so the capture showing fewer came first;
 * 5. a capture date is never after today (a hard limit: a date after today is
 *    never evidence, and is reported).
 *
 * When the evidence leaves several years open, the likeliest is taken (and
 * the dump listed): the one that fits the page's format, when the dumps of
 * known year show when listings began to carry organization bylines; else
 * the least year the dump's own written years allow; else the latest year
 * that keeps the capture before today.
 *
 * Each candidate year is scored by the clues it contradicts; the year that
 * contradicts the least wins, so one outlier never moves a whole dump, and
 * every overruled clue is reported with the clue that won. A dump whose year
 * the evidence does not pin down gets the most likely year and is listed,
 * once, in a ready-to-paste ingest.yaml block. Pure: no clock, `today` is an
 * input.
 */
import type { Problem } from '../project/errors.ts';
import { formatDay, isoDate } from './dates.ts';
import { normalizeTitle } from './merge.ts';
import type { DatedEntry, DumpDay, ParsedDump, RawEntry } from './types.ts';

export type YearMethod =
  | 'override'
  | 'header'
  | 'file-name'
  | 'evidence'
  | 'after-latest-explicit-year'
  | 'page-format'
  | 'latest-possible';

export interface YearInference {
  /** Dump file name. */
  name: string;
  /** Dump file as shown in problems. */
  file: string;
  captureYear: number;
  /** YYYY-MM-DD when the dump shows its capture day. */
  captureDate?: string;
  method: YearMethod;
  /** True when no clue pins the year down: it is the most likely year, to confirm in ingest.yaml. */
  guessed: boolean;
  /** Latest year written out in the dump (dates after today aside), if any. */
  latestExplicitYear?: number;
  /** Every year the evidence leaves open, least first (one year when it is certain). */
  possibleYears: number[];
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
  /** Today, YYYY-MM-DD: no capture is after it. The caller passes the real date; tests pass a fixed one. */
  today: string;
}

/** A full date as a comparable number, YYYYMMDD. */
const dayNumber = (year: number, month: number, day: number) => year * 10000 + month * 100 + day;

function parseToday(today: string): { year: number; number: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!match) throw new Error(`today must be YYYY-MM-DD, got "${today}"`);
  return { year: Number(match[1]), number: dayNumber(Number(match[1]), Number(match[2]), Number(match[3])) };
}

/**
 * A date in a file name: 2025-03-07, 2025_03_07, 20250307 (not inside a longer
 * run of letters and digits, so a hash such as 7aee9e8e never reads as one), or 2025-03.
 */
export function dateInFileName(name: string): DumpDay | undefined {
  const base = name.replace(/\.[^.]*$/, '');
  const patterns = [
    /(?<![\p{L}\p{N}])((?:19|20)\d{2})[-_.](\d{2})(?:[-_.](\d{2}))?(?![\p{N}])/u,
    /(?<![\p{L}\p{N}])((?:19|20)\d{2})(\d{2})(\d{2})(?![\p{L}\p{N}])/u,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(base);
    if (!match) continue;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = match[3] === undefined ? 0 : Number(match[3]);
    if (month < 1 || month > 12) continue;
    if (match[3] !== undefined && isoDate(year, month, day) === undefined) continue;
    return { year, month, day };
  }
  return undefined;
}

/** What is known about one dump while the years are being worked out. */
interface State {
  dump: ParsedDump;
  /** Years a capture can have (not after today), least first. */
  candidates: number[];
  year?: number;
  method?: YearMethod;
  guessed: boolean;
  possible: number[];
  reason?: string;
  latest?: number;
}

/** One occurrence of a paper, for the clues that join dumps. */
interface Sighting {
  state: State;
  entry: RawEntry;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Infers each dump's capture year and gives every entry a full date.
 * @param dumps parsed dumps, in any order
 */
export function dateEntries(dumps: readonly ParsedDump[], options: DatingOptions): DatingResult {
  const overrides = options.overrides ?? {};
  const today = parseToday(options.today);
  const problems: Problem[] = [];

  // Dates after today are never evidence.
  const future = new Set<RawEntry>();
  for (const dump of dumps) {
    for (const entry of dump.entries) {
      const { year, month, day } = entry.day;
      if (year !== undefined && dayNumber(year, month, day) > today.number) {
        future.add(entry);
        problems.push({
          file: dump.file,
          line: entry.dateLine,
          code: 'date-after-today',
          message: `"${formatDay(entry.day)}" is after today (${options.today})`,
          action: 'kept as written but not used to infer any year; check the dump',
        });
      }
    }
  }
  const explicitYears = dumps.flatMap((d) =>
    d.entries.flatMap((e) => (e.day.year !== undefined && !future.has(e) ? [e.day.year] : [])),
  );
  const earliest = Math.min(today.year - 10, ...explicitYears);
  const states: State[] = dumps.map((dump) => {
    const candidates: number[] = [];
    for (let year = earliest; year <= today.year; year++) {
      const captured = dump.captured ? dayNumber(year, dump.captured.month, dump.captured.day) : year * 10000;
      if (captured <= today.number) candidates.push(year);
    }
    let latest: number | undefined;
    for (const entry of dump.entries)
      if (entry.day.year !== undefined && !future.has(entry) && (latest === undefined || entry.day.year > latest))
        latest = entry.day.year;
    return { dump, candidates, guessed: false, possible: [], ...(latest === undefined ? {} : { latest }) };
  });

  // 1–3: clues that name the year outright.
  for (const state of states) {
    const { dump } = state;
    const override = overrides[dump.name];
    const fromName = dateInFileName(dump.name);
    if (override !== undefined) {
      settle(state, override, 'override', 'captureYear in ingest.yaml');
    } else if (dump.captured?.year !== undefined) {
      settle(state, dump.captured.year, 'header', `the capture date "${formatDay(dump.captured)}" has a year`);
    } else if (fromName?.year !== undefined) {
      const { month, day } = dump.captured ?? fromName;
      // The page's date is no later than the date the file is named after.
      const year =
        dayNumber(0, month, day) <= dayNumber(0, fromName.month, fromName.day || 31)
          ? fromName.year
          : fromName.year - 1;
      settle(state, year, 'file-name', `the file name carries the date ${fromName.year}`);
    }
    if (state.year !== undefined && state.method !== 'override' && state.year > today.year) {
      problems.push({
        file: dump.file,
        line: dump.captured?.line ?? 1,
        code: 'capture-after-today',
        message: `the ${state.method === 'header' ? 'capture date' : 'file name'} says ${state.year}, after today (${options.today})`,
        action: `used anyway; set captureYear for "${dump.name}" in ingest.yaml if it is wrong`,
      });
    }
    if (state.method === 'override' && state.latest !== undefined && state.year! <= state.latest) {
      problems.push({
        file: dump.file,
        line: dump.captured?.line ?? 1,
        code: 'capture-year-too-early',
        message: `captureYear ${state.year} in ingest.yaml is not after ${state.latest}, a year written in this dump`,
        action: 'used it anyway; check the year in ingest.yaml',
      });
    }
  }

  // Every paper's sightings, by normalized title.
  const sightings = new Map<string, Sighting[]>();
  for (const state of states) {
    for (const entry of state.dump.entries) {
      const key = normalizeTitle(entry.title);
      const list = sightings.get(key);
      if (list) list.push({ state, entry });
      else sightings.set(key, [{ state, entry }]);
    }
  }

  /** A sighting's full date when it is known (written out, or in a dump whose year is settled), as YYYYMMDD. */
  const knownDate = (s: Sighting): number | undefined => {
    const { year, month, day } = s.entry.day;
    if (year !== undefined) return future.has(s.entry) ? undefined : dayNumber(year, month, day);
    return s.state.year === undefined ? undefined : dayNumber(s.state.year, month, day);
  };

  /** Scores each candidate year of an unsettled dump by the clues it contradicts (lower is better). */
  const weigh = (state: State) => {
    const { dump } = state;
    const scores = state.candidates.map((year) => ({ year, against: 0, clues: new Map<string, number>() }));
    const contradict = (index: number, clue: string, weight: number) => {
      const score = scores[index]!;
      score.against += weight;
      score.clues.set(clue, (score.clues.get(clue) ?? 0) + 1);
    };
    for (const entry of dump.entries) {
      const others = (sightings.get(normalizeTitle(entry.title)) ?? []).filter((s) => s.state !== state);
      scores.forEach((score, index) => {
        const year = score.year;
        // A year written out is before the capture year.
        if (entry.day.year !== undefined && !future.has(entry) && entry.day.year >= year)
          contradict(index, 'a year written in the dump', 1);
        for (const other of others) {
          const known = knownDate(other);
          // Shown here without a year: the paper's year is this capture's year.
          if (entry.day.year === undefined && known !== undefined && Math.floor(known / 10000) !== year)
            contradict(index, 'the same paper with a year in another dump', 1);
          // A capture never lists a paper dated after it.
          if (dump.captured && known !== undefined && known > dayNumber(year, dump.captured.month, dump.captured.day))
            contradict(index, 'a paper dated after this capture', 1);
          // Upvotes only grow: fewer upvotes, earlier capture.
          const otherYear = other.state.year;
          if (
            dump.captured &&
            other.state.dump.captured &&
            otherYear !== undefined &&
            other.entry.upvotes !== entry.upvotes
          ) {
            const here = dayNumber(year, dump.captured.month, dump.captured.day);
            const there = dayNumber(otherYear, other.state.dump.captured.month, other.state.dump.captured.day);
            if (entry.upvotes < other.entry.upvotes ? here > there : here < there)
              contradict(index, 'the order of captures the upvotes imply', 0.5);
          }
        }
      });
    }
    return scores;
  };

  /** Settles every dump the evidence pins down, round after round (a settled dump is evidence for the next). */
  const settleByEvidence = (guessedChain: boolean) => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const state of states) {
        if (state.year !== undefined || state.candidates.length === 0) continue;
        const scores = weigh(state);
        const best = Math.min(...scores.map((s) => s.against));
        const winners = scores.filter((s) => s.against === best);
        // Pinned down: one year contradicts the least, and some clue ruled the others out.
        if (winners.length !== 1 || scores.length < 2) continue;
        const [winner] = winners;
        const chosen = winner!;
        state.possible = [chosen.year];
        settle(
          state,
          chosen.year,
          'evidence',
          explain(state, chosen.year, scores, guessedChain),
          guessedChain && dependsOnGuess(state),
        );
        if (chosen.against > 0) {
          problems.push({
            file: state.dump.file,
            line: state.dump.captured?.line ?? state.dump.entries[0]?.line ?? 1,
            code: 'year-clues-conflict',
            message: `clues disagree on the capture year: ${[...chosen.clues]
              .map(([clue, n]) => `${plural(n, 'clue')} (${clue})`)
              .join(', ')} point elsewhere`,
            action: `took ${chosen.year}, which contradicts the fewest clues; set captureYear for "${state.dump.name}" in ingest.yaml if it is wrong`,
          });
        }
        changed = true;
      }
    }
  };

  /** True when a dump's pinning evidence comes from a guessed dump (its year is then a guess too). */
  const dependsOnGuess = (state: State) =>
    state.dump.entries.some((entry) =>
      (sightings.get(normalizeTitle(entry.title)) ?? []).some((s) => s.state !== state && s.state.guessed),
    );

  settleByEvidence(false);
  // What the evidence leaves open: guess the likeliest year of one dump at a time (its papers may settle others).
  for (;;) {
    const open = states.filter((s) => s.year === undefined);
    if (open.length === 0) break;
    const state = open[0]!;
    const scores = weigh(state);
    if (scores.length === 0) {
      // Even the earliest year puts the capture after today: only the file can tell.
      settle(state, today.year, 'latest-possible', 'no year puts this capture before today', true);
      state.possible = [today.year];
      continue;
    }
    const best = Math.min(...scores.map((s) => s.against));
    const possible = scores.filter((s) => s.against === best).map((s) => s.year);
    state.possible = possible;
    const format = pageFormat(states);
    const fitting = format ? possible.filter((year) => fitsFormat(state, year, format)) : [];
    if (format && fitting.length > 0 && fitting.length < possible.length) {
      // The most recent capture that fits (a reader saves pages while they are current).
      const year = fitting.at(-1)!;
      settle(
        state,
        year,
        'page-format',
        hasOrganization(state.dump)
          ? `it shows organization bylines, which dumps of known year show only in captures after ${format.plainLast}`
          : `it shows no organization byline, which every dump of known year captured since ${format.orgFirst} shows: the latest year before that`,
        true,
      );
    } else if (possible[0] !== scores[0]!.year) {
      // Evidence rules out the early years: the least year left is the estimate.
      const year = possible[0]!;
      settle(
        state,
        year,
        'after-latest-explicit-year',
        state.latest !== undefined && state.latest + 1 === year
          ? `latest year written in the dump is ${state.latest}, so the capture year is at least ${year}`
          : `the other dumps' papers put this capture in ${year} or later`,
        true,
      );
    } else {
      const year = possible.at(-1)!;
      settle(
        state,
        year,
        'latest-possible',
        `no date in the dump has a year; ${year} is the latest year that puts the capture before today`,
        true,
      );
    }
    settleByEvidence(true);
  }

  // Dates, and dates after their capture.
  const inferences: YearInference[] = [];
  const entries: DatedEntry[] = [];
  for (const state of states) {
    const { dump } = state;
    const captureYear = state.year!;
    const captureDate = dump.captured ? isoDate(captureYear, dump.captured.month, dump.captured.day) : undefined;
    const inference: YearInference = {
      name: dump.name,
      file: dump.file,
      captureYear,
      ...(captureDate ? { captureDate } : {}),
      method: state.method!,
      guessed: state.guessed,
      ...(state.latest === undefined ? {} : { latestExplicitYear: state.latest }),
      possibleYears: state.possible.length > 0 ? state.possible : [captureYear],
      reason: state.reason!,
      inferred: [],
    };
    inferences.push(inference);
    if (state.guessed && dump.entries.some((e) => e.day.year === undefined)) {
      const range = inference.possibleYears;
      problems.push({
        file: dump.file,
        line: dump.captured?.line ?? dump.entries[0]?.line ?? 1,
        code: 'capture-year-guessed',
        message:
          range.length > 1
            ? `no clue pins down this dump's capture year (${range[0]}–${range.at(-1)} possible)`
            : "this dump's capture year follows only from the guessed years of other dumps",
        action: `assumed ${captureYear}; confirm it in ingest.yaml (the report ends with the block to paste) or write the year on the dump's date line`,
      });
    }
    for (const entry of dump.entries) {
      const year = entry.day.year ?? captureYear;
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
      if (captureDate && date > captureDate && !future.has(entry)) {
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
  }
  return { inferences, entries, problems };
}

/** Entries a dump needs before "shows no organization byline" says anything about when it was captured. */
const FORMAT_MIN_ENTRIES = 5;

const hasOrganization = (dump: ParsedDump) =>
  dump.entries.some((e) => e.byline !== undefined && 'organization' in e.byline);

/**
 * When listings began to carry organization bylines, as the dumps of known
 * year show it: the earliest capture showing one, and the latest (of enough
 * entries) showing none. Undefined unless both exist and they agree.
 */
function pageFormat(states: readonly State[]): { orgFirst: string; plainLast: string } | undefined {
  let orgFirst: string | undefined;
  let plainLast: string | undefined;
  for (const state of states) {
    const { dump } = state;
    if (state.guessed || state.year === undefined || !dump.captured) continue;
    const date = isoDate(state.year, dump.captured.month, dump.captured.day);
    if (date === undefined) continue;
    if (hasOrganization(dump)) {
      if (orgFirst === undefined || date < orgFirst) orgFirst = date;
    } else if (dump.entries.length >= FORMAT_MIN_ENTRIES && (plainLast === undefined || date > plainLast)) {
      plainLast = date;
    }
  }
  return orgFirst && plainLast && plainLast < orgFirst ? { orgFirst, plainLast } : undefined;
}

/** True when a capture in `year` fits the page format of its time. */
function fitsFormat(state: State, year: number, format: { orgFirst: string; plainLast: string }): boolean {
  const { dump } = state;
  if (!dump.captured) return true;
  const date = isoDate(year, dump.captured.month, dump.captured.day);
  if (date === undefined) return false;
  if (hasOrganization(dump)) return date > format.plainLast;
  return dump.entries.length < FORMAT_MIN_ENTRIES || date < format.orgFirst;
}

function settle(state: State, year: number, method: YearMethod, reason: string, guessed = false): void {
  state.year = year;
  state.method = method;
  state.reason = reason;
  state.guessed = guessed;
  if (state.possible.length === 0 && !guessed) state.possible = [year];
}

/** "every other year contradicts the evidence: 47 from a year written in the dump, 2 from …" */
function explain(
  state: State,
  year: number,
  scores: Array<{ year: number; clues: Map<string, number> }>,
  guessedChain: boolean,
): string {
  const ruledOut = new Map<string, number>();
  for (const score of scores) {
    if (score.year === year) continue;
    for (const [clue, n] of score.clues) ruledOut.set(clue, Math.max(ruledOut.get(clue) ?? 0, n));
  }
  const reasons = [...ruledOut]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([clue, n]) => `${n} from ${clue}`);
  const base = `every other year contradicts the evidence: ${reasons.join(', ')}`;
  return guessedChain && state.guessed ? `${base}, given the guessed years of other dumps` : base;
}

/**
 * The ingest.yaml block that confirms every guessed year, ready to paste
 * (undefined when no year is a guess).
 */
export function captureYearBlock(inferences: readonly YearInference[]): string | undefined {
  const guessed = inferences.filter((i) => i.guessed && i.inferred.length > 0);
  if (guessed.length === 0) return undefined;
  const lines = ['captureYear:'];
  for (const i of guessed) {
    const range =
      i.possibleYears.length > 1
        ? `${i.possibleYears[0]}–${i.possibleYears.at(-1)} possible`
        : 'follows from the guessed years of other dumps';
    const captured = i.captureDate ? `captured ${i.captureDate.slice(5)}` : 'capture day unknown';
    lines.push(`  ${JSON.stringify(i.name)}: ${i.captureYear} # ${captured}; ${range}`);
  }
  return lines.join('\n');
}

/** "content/sources/x.txt: captured 2026-01-07 (latest year …); 3 dates without a year → 2026". */
export function formatInference(inference: YearInference): string {
  const captured = inference.captureDate ?? `capture day unknown, year ${inference.captureYear}`;
  const count = inference.inferred.length;
  return `${inference.file}: captured ${captured}${inference.guessed ? ', a guess' : ''} (${inference.reason}); ${count} date${count === 1 ? '' : 's'} without a year → ${inference.captureYear}`;
}
