/**
 * Splits a build into its phases from the times its log lines arrived: ingest
 * (when `npm run build` ran it first), start-up and config, content layer
 * sync, Vite bundling (where every MDX file and page is compiled), page
 * rendering, and the output after rendering: the astro:build:done hooks and
 * the project's output stages (Pagefind and the other passes), whether they ran
 * in Astro's process or, under `npm run build`, in one of their own after it.
 */
import type { TimedLine } from './process-tree.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function plain(line: string): string {
  return line.replace(ANSI, '');
}

/** Ingest's summary, its last line: `ingest: 5 dumps, 297 entries, 264 papers — …`. */
const INGEST_DONE = /^ingest: \d+ dumps?, /;

/** The output stages' lines (src/integrations/output.ts), in Astro's process or their own. */
const OUTPUT_STAGE = '[reading-list:output]';

/**
 * Keeps Astro's own progress lines, the output stages' and ingest's summary; not the per-page list nor the lines
 * of a multi-line warning.
 */
export function isProgressLine(line: string): boolean {
  const text = plain(line);
  if (text.includes('├─') || text.includes('└─')) return false;
  if (text.includes('[WARN]')) return false;
  return /^\d\d:\d\d:\d\d /.test(text) || text.includes('generating static routes') || INGEST_DONE.test(text);
}

export type PhaseName =
  | 'ingest'
  | 'startup'
  | 'content'
  | 'setup'
  | 'bundle'
  | 'render'
  | 'postBuild'
  /** The part of postBuild after Astro's last line: the output stages' own process (`npm run build`). */
  | 'stagesProcess'
  | 'exit';

export interface BuildPhases {
  /** Ingest, when the build ran it first (`npm run build`); 0 for `astro build`. */
  ingestMs: number;
  /** Node start, config, integrations' setup hooks. */
  startupMs: number;
  /** The content layer: the glob loader reads, parses and validates every paper. */
  contentMs: number;
  /** Type generation and build info. */
  setupMs: number;
  /** Vite/Rolldown bundling: compiles every MDX file, component and page module. */
  bundleMs: number;
  /** Renders every page to HTML (getStaticPaths and page code run here). */
  renderMs: number;
  /**
   * From the last page rendered to the last line of the output: astro:build:done hooks and the output stages
   * (Pagefind indexing, the dist check, …), with Astro's exit before them when they run in a process of their own.
   */
  postBuildMs: number;
  /** From the last line of the output to the process (tree) exiting. */
  exitMs: number;
  /** Peak memory of the process tree within each phase, in bytes (when a memory timeline is given). */
  peakRssBytes?: Partial<Record<PhaseName, number>>;
  /** Progress lines printed after rendering, with seconds since rendering ended (what ran there, and when). */
  postBuildLines: string[];
}

function firstAt(lines: TimedLine[], test: (text: string) => boolean, after = -1): number | undefined {
  for (const { ms, line } of lines) if (ms >= after && test(plain(line))) return ms;
  return undefined;
}

function lastAt(lines: TimedLine[], test: (text: string) => boolean, after = -1): number | undefined {
  let last: number | undefined;
  for (const { ms, line } of lines) if (ms >= after && test(plain(line))) last = ms;
  return last;
}

/** Phases of one build; undefined when the log does not show the markers (a failed build). */
export function buildPhases(
  lines: TimedLine[],
  totalMs: number,
  timeline: { ms: number; rssBytes: number }[] = [],
): BuildPhases | undefined {
  const ingestEnd = firstAt(lines, (t) => INGEST_DONE.test(t));
  const contentStart = firstAt(lines, (t) => t.includes('Syncing content'), ingestEnd);
  const contentEnd = firstAt(lines, (t) => t.includes('Synced content'), contentStart);
  const bundleStart = firstAt(lines, (t) => t.includes('Building static entrypoints'), contentEnd);
  const renderStart = firstAt(lines, (t) => t.includes('generating static routes'), bundleStart);
  const renderEnd = firstAt(lines, (t) => /✓ Completed in/.test(t) && !t.includes('[build]'), renderStart);
  const astroEnd = firstAt(lines, (t) => /page\(s\) built in/.test(t), renderEnd);
  const stagesEnd = lastAt(lines, (t) => t.includes(OUTPUT_STAGE), renderEnd);
  const buildEnd = astroEnd === undefined ? undefined : Math.max(astroEnd, stagesEnd ?? astroEnd);
  if (
    contentStart === undefined ||
    contentEnd === undefined ||
    bundleStart === undefined ||
    renderStart === undefined ||
    renderEnd === undefined ||
    buildEnd === undefined
  ) {
    return undefined;
  }
  const [a, b, c, d, e, f] = [contentStart, contentEnd, bundleStart, renderStart, renderEnd, buildEnd];
  const started = ingestEnd ?? 0;
  const bounds: [PhaseName, number, number][] = [
    ...(ingestEnd !== undefined ? [['ingest', 0, ingestEnd] as [PhaseName, number, number]] : []),
    ['startup', started, a],
    ['content', a, b],
    ['setup', b, c],
    ['bundle', c, d],
    ['render', d, e],
    ['postBuild', e, f],
    ['exit', f, totalMs + 1000],
  ];
  const peakRssBytes: Partial<Record<PhaseName, number>> = {};
  for (const [name, from, to] of bounds) {
    // A timeline point covers the second that starts at its `ms`.
    const inside = timeline.filter((p) => p.ms + 1000 > from && p.ms < to).map((p) => p.rssBytes);
    if (inside.length > 0) peakRssBytes[name] = Math.max(...inside);
  }
  // Output stages run after Astro's last line (their own process): their peak, from the first whole second after it.
  if (stagesEnd !== undefined && astroEnd !== undefined && stagesEnd > astroEnd) {
    const after = timeline.filter((p) => p.ms >= astroEnd + 1000 && p.ms < stagesEnd).map((p) => p.rssBytes);
    if (after.length > 0) peakRssBytes.stagesProcess = Math.max(...after);
  }
  return {
    ingestMs: started,
    startupMs: a - started,
    contentMs: b - a,
    setupMs: c - b,
    bundleMs: d - c,
    renderMs: e - d,
    postBuildMs: f - e,
    exitMs: totalMs - f,
    ...(timeline.length > 0 ? { peakRssBytes } : {}),
    postBuildLines: lines
      .filter(({ ms }) => ms > e && ms <= f)
      .map(
        ({ ms, line }) =>
          `+${((ms - e) / 1000).toFixed(1)} s ${plain(line)
            .replace(/^\d\d:\d\d:\d\d /, '')
            .trim()}`,
      )
      .slice(0, 40),
  };
}
