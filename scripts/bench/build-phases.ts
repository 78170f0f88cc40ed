/**
 * Splits an `astro build` into its phases from the times its log lines
 * arrived: start-up and config, content layer sync, Vite bundling (where every
 * MDX file and page is compiled), page rendering, and the astro:build:done
 * hooks (Pagefind and the other post-build passes).
 */
import type { TimedLine } from './process-tree.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function plain(line: string): string {
  return line.replace(ANSI, '');
}

/** Keeps Astro's own progress lines, not the per-page list nor the lines of a multi-line warning. */
export function isProgressLine(line: string): boolean {
  const text = plain(line);
  if (text.includes('├─') || text.includes('└─')) return false;
  if (text.includes('[WARN]')) return false;
  return /^\d\d:\d\d:\d\d /.test(text) || text.includes('generating static routes');
}

export type PhaseName = 'startup' | 'content' | 'setup' | 'bundle' | 'render' | 'postBuild' | 'exit';

export interface BuildPhases {
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
  /** astro:build:done hooks: Pagefind indexing, relative URLs, other post-build passes. */
  postBuildMs: number;
  /** From "Complete" to the process exiting. */
  exitMs: number;
  /** Peak memory of the process tree within each phase, in bytes (when a memory timeline is given). */
  peakRssBytes?: Partial<Record<PhaseName, number>>;
  /** Progress lines printed during the post-build hooks, with seconds since rendering ended (what ran there, and when). */
  postBuildLines: string[];
}

function firstAt(lines: TimedLine[], test: (text: string) => boolean, after = -1): number | undefined {
  for (const { ms, line } of lines) if (ms >= after && test(plain(line))) return ms;
  return undefined;
}

/** Phases of one build; undefined when the log does not show the markers (a failed build). */
export function buildPhases(
  lines: TimedLine[],
  totalMs: number,
  timeline: { ms: number; rssBytes: number }[] = [],
): BuildPhases | undefined {
  const contentStart = firstAt(lines, (t) => t.includes('Syncing content'));
  const contentEnd = firstAt(lines, (t) => t.includes('Synced content'), contentStart);
  const bundleStart = firstAt(lines, (t) => t.includes('Building static entrypoints'), contentEnd);
  const renderStart = firstAt(lines, (t) => t.includes('generating static routes'), bundleStart);
  const renderEnd = firstAt(lines, (t) => /✓ Completed in/.test(t) && !t.includes('[build]'), renderStart);
  const buildEnd = firstAt(lines, (t) => /page\(s\) built in/.test(t), renderEnd);
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
  const bounds: [PhaseName, number, number][] = [
    ['startup', 0, a],
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
  return {
    startupMs: a,
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
