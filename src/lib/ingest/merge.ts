/**
 * Merges entries that are the same paper (same normalized title) across and
 * within dumps. The most recently captured dump's fields win (upvotes grow
 * over time); a field missing there is taken from the next most recent dump
 * that has it. `sources` lists every dump the paper was read from.
 *
 * Explicit beats inferred: a date whose year was written out wins over one
 * whose year was inferred, and a capture whose year is only a guess is
 * "latest" only when its upvotes say so (they never shrink).
 * An explicit value beats a page's text: title, abstract, date and byline
 * come from a JSON source (Hugging Face's own answer) when one holds the
 * paper, and the arXiv id, author names and links only ever come from there.
 */
import type { Problem } from '../project/errors.ts';
import type { DatedEntry, EntryDetails, MergedPaper } from './types.ts';
import type { YearInference } from './years.ts';

/** The duplicate key: NFKC, case-folded, whitespace collapsed. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function normalizeText(text: string | undefined): string {
  return (text ?? '').normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * Orders dumps from most to least recently captured: by capture date, then
 * capture year, then file name (later name first), so the order is total.
 */
export function captureOrder(inferences: readonly YearInference[]): string[] {
  const key = (i: YearInference) => i.captureDate ?? `${String(i.captureYear).padStart(4, '0')}-00-00`;
  return [...inferences]
    .sort((a, b) => (key(a) === key(b) ? (a.name < b.name ? 1 : a.name > b.name ? -1 : 0) : key(a) < key(b) ? 1 : -1))
    .map((i) => i.name);
}

export interface MergeResult {
  papers: MergedPaper[];
  problems: Problem[];
}

/**
 * Merges dated entries into papers.
 * @param order dump file names, most recently captured first (see captureOrder)
 */
export function mergeEntries(
  entries: readonly DatedEntry[],
  order: readonly string[],
  guessed: ReadonlySet<string> = new Set(),
): MergeResult {
  const rank = new Map(order.map((name, index) => [name, index]));
  /** True when `a` was captured after `b`: by capture date when both years are known, else by upvotes. */
  const later = (a: DatedEntry, b: DatedEntry) => {
    if ((guessed.has(a.name) || guessed.has(b.name)) && a.upvotes !== b.upvotes) return a.upvotes > b.upvotes;
    return (rank.get(a.name) ?? order.length) < (rank.get(b.name) ?? order.length);
  };
  /**
   * Which date to trust: Hugging Face's JSON (an exact date) over a written-out year, a written-out year over an
   * inferred one, a known capture year over a guessed one.
   */
  const trust = (e: DatedEntry) => (e.details !== undefined ? 3 : e.yearInferred ? (guessed.has(e.name) ? 0 : 1) : 2);
  const groups = new Map<string, DatedEntry[]>();
  for (const entry of entries) {
    const key = normalizeTitle(entry.title);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }

  const problems: Problem[] = [];
  const papers: MergedPaper[] = [];
  for (const [key, group] of groups) {
    const sorted = [...group].sort(
      (a, b) => (rank.get(a.name) ?? order.length) - (rank.get(b.name) ?? order.length) || a.line - b.line,
    );
    // The latest capture gives the upvotes (they only grow).
    const latest = sorted.reduce((best, e) => (later(e, best) ? e : best));
    sorted.splice(sorted.indexOf(latest), 1);
    sorted.unshift(latest);
    // The most recent JSON source, when there is one, holds the explicit values.
    const explicit = sorted.find((e) => e.details !== undefined);
    const titled = explicit ?? latest;
    const dated = sorted.reduce((best, e) => (trust(e) > trust(best) ? e : best));
    const withAbstract = explicit?.abstract !== undefined ? explicit : sorted.find((e) => e.abstract !== undefined);
    const withByline = explicit?.byline !== undefined ? explicit : sorted.find((e) => e.byline !== undefined);
    const details = mergeDetails(sorted);
    for (const other of sorted) {
      if (
        other !== withAbstract &&
        other.abstract !== undefined &&
        withAbstract &&
        normalizeText(other.abstract) !== normalizeText(withAbstract.abstract)
      ) {
        problems.push({
          file: other.file,
          line: other.line,
          code: 'conflicting-abstract',
          message: `same title as ${withAbstract.file}:${withAbstract.line} but a different abstract`,
          action: `kept the abstract from ${withAbstract.name} (${withAbstract === explicit ? "Hugging Face's JSON" : 'captured most recently'})`,
        });
      }
    }
    for (const other of sorted) {
      if (other.date !== dated.date) {
        const why =
          trust(dated) === 3
            ? "Hugging Face's JSON, an exact date"
            : trust(dated) > trust(other)
              ? dated.yearInferred
                ? 'its capture year is known, the other is a guess'
                : 'its year is written out, the other was inferred'
              : 'captured most recently';
        problems.push({
          file: other.file,
          line: other.dateLine,
          code: 'conflicting-date',
          message: `same title as ${dated.file}:${dated.line} but date ${other.date}${other.yearInferred ? ' (year inferred)' : ''} instead of ${dated.date}`,
          action: `kept ${dated.date} from ${dated.name} (${why})`,
        });
      }
    }
    const byline = withByline?.byline;
    const authorNames = details.authorNames;
    papers.push({
      key,
      title: titled.title,
      ...(withAbstract?.abstract === undefined ? {} : { abstract: withAbstract.abstract }),
      date: dated.date,
      yearInferred: dated.yearInferred,
      ...(byline === undefined
        ? {}
        : 'authors' in byline
          ? { authors: byline.authors }
          : { organization: byline.organization }),
      // Names give the count too, next to an organization.
      ...(authorNames ? { authors: authorNames.length } : {}),
      ...(Object.keys(details).length > 0 ? { details } : {}),
      upvotes: latest.upvotes,
      sources: [...new Set(sorted.map((e) => e.name))].sort(),
      occurrences: sorted.map((e) => ({ file: e.file, line: e.line })),
    });
  }
  return { papers, problems };
}

/** Each detail from the most recently captured entry that has it. */
function mergeDetails(sorted: readonly DatedEntry[]): EntryDetails {
  const details: EntryDetails = {};
  for (const key of ['arxiv', 'authorNames', 'code', 'project'] as const) {
    const found = sorted.find((e) => e.details?.[key] !== undefined)?.details?.[key];
    if (found !== undefined) (details as Record<string, unknown>)[key] = found;
  }
  return details;
}
