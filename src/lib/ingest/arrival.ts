/**
 * When a paper arrived in the list: the `added` day ingest writes once, in
 * the file it creates (or in a file of an earlier ingest that has none yet),
 * and never again. The day is the capture date of the earliest dump holding
 * the paper, the day the reader saw it listed; a paper none of whose dumps
 * shows a capture day arrived today. A capture date after today (a header
 * year written wrong) counts as today. Pure: no clock, `today` is an input.
 *
 * Deterministic on the same dumps, so re-ingesting committed content writes
 * nothing; and since the key is only ever written where it is missing, a
 * later dump, a later today, a theme move or the reader's own edit never
 * changes it.
 */
import type { YearInference } from './years.ts';

/** Capture date (YYYY-MM-DD) of each dump that shows its capture day, by dump file name. */
export function captureDates(inferences: readonly Pick<YearInference, 'name' | 'captureDate'>[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const inference of inferences) if (inference.captureDate) dates.set(inference.name, inference.captureDate);
  return dates;
}

/**
 * The day a paper arrived, YYYY-MM-DD.
 * @param sources the dumps that hold the paper (file names)
 * @param captures capture date by dump file name (see captureDates)
 * @param today YYYY-MM-DD
 */
export function arrivalDay(sources: readonly string[], captures: ReadonlyMap<string, string>, today: string): string {
  let earliest: string | undefined;
  for (const source of sources) {
    const captured = captures.get(source);
    if (captured !== undefined && (earliest === undefined || captured < earliest)) earliest = captured;
  }
  return earliest === undefined || earliest > today ? today : earliest;
}
