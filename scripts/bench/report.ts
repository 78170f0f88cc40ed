/**
 * The benchmark's report: the shape of bench-results/*.json, the targets the
 * project is held to, and the aligned table printed on stdout.
 */
import type { BuildPhases, PhaseName } from './build-phases.ts';
import type { ProfileSummary } from './cpu-profile.ts';
import type { DevServerResult } from './dev-server.ts';
import type { DirStats, PaperPages } from './dist-stats.ts';
import type { SearchBytes } from './search-bytes.ts';

export interface Measured {
  ms: number;
  peakRssBytes: number;
  peakProcesses: number;
  exitCode: number;
  /** The processes and their memory when the tree's memory peaked. */
  atPeak: { name: string; rssBytes: number }[];
}

export interface SiteResult {
  build?: Measured & { phases?: BuildPhases };
  dist?: DirStats;
  pagefind?: DirStats;
  paperPages?: PaperPages;
  search?: Omit<SearchBytes, 'files'> & { files: { path: string; bytes: number; phase: string }[] };
  /** The same first search on a phone-sized page (390 x 844). */
  searchPhone?: Omit<SearchBytes, 'files'> & { files: { path: string; bytes: number; phase: string }[] };
}

export interface ProjectResult extends SiteResult {
  /**
   * `npm run build` as a whole (ingest, astro build, output stages): its time and the peak memory of its whole
   * process tree. `build` is the same run without its ingest phase.
   */
  buildWithIngest?: Measured;
  ingest?: Measured & { paperFiles: number; filesChanged: number; reportedWritten?: number };
  reingest?: Measured & { filesChanged: number; reportedWritten?: number; changedSample: string[] };
  profile?: ProfileSummary;
  dev?: DevServerResult;
  /** Where the dev server's CPU time went (--dev-profile). */
  devProfile?: ProfileSummary;
}

export interface Ratios {
  buildTime?: number;
  /** Ingest and build, as `npm run build` runs them, against the baseline's build of the same papers. */
  buildWithIngestTime?: number;
  peakMemory?: number;
  /** The peak memory of `npm run build`'s whole process tree against the baseline build's. */
  buildWithIngestPeakMemory?: number;
  distBytes?: number;
  distFiles?: number;
  pagefindBytes?: number;
  firstSearchBytes?: number;
  firstSearchPhoneBytes?: number;
  searchPageTotalBytes?: number;
}

export interface Target {
  name: string;
  value: number | boolean | undefined;
  limit: string;
  met: boolean | undefined;
}

export interface SizeResult {
  size: number;
  generated: { papers: number; entries: number; dumps: number; ms: number };
  project: ProjectResult;
  baseline?: SiteResult;
  ratios: Ratios;
  targets: Target[];
  errors: string[];
}

export interface BenchReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; platform: string };
  options: { sizes: number[]; seed: number; query: string; baseline: boolean; dev: boolean; profile: boolean };
  results: SizeResult[];
}

const GB = 1024 ** 3;
const KB = 1024;

const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;

export function computeRatios(project: ProjectResult, baseline: SiteResult | undefined): Ratios {
  if (!baseline) return {};
  // Only builds that succeeded are compared.
  const pb = project.build?.exitCode === 0 ? project.build : undefined;
  const pw = project.buildWithIngest?.exitCode === 0 ? project.buildWithIngest : undefined;
  const bb = baseline.build?.exitCode === 0 ? baseline.build : undefined;
  return {
    buildTime: ratio(pb?.ms, bb?.ms),
    buildWithIngestTime: ratio(pw?.ms, bb?.ms),
    peakMemory: ratio(pb?.peakRssBytes, bb?.peakRssBytes),
    buildWithIngestPeakMemory: ratio(pw?.peakRssBytes, bb?.peakRssBytes),
    distBytes: ratio(project.dist?.bytes, baseline.dist?.bytes),
    distFiles: ratio(project.dist?.files, baseline.dist?.files),
    pagefindBytes: ratio(project.pagefind?.bytes, baseline.pagefind?.bytes),
    firstSearchBytes: ratio(project.search?.firstSearchBytes, baseline.search?.firstSearchBytes),
    firstSearchPhoneBytes: ratio(project.searchPhone?.firstSearchBytes, baseline.searchPhone?.firstSearchBytes),
    searchPageTotalBytes: ratio(project.search?.totalBytes, baseline.search?.totalBytes),
  };
}

/** The task's targets, checked at this size (the absolute ones are stated for 10,000 papers and hold below it). */
export function checkTargets(result: Omit<SizeResult, 'targets'>): Target[] {
  const { project, ratios } = result;
  const below = (value: number | undefined, limit: number): boolean | undefined =>
    value === undefined ? undefined : value < limit;
  const atMost = (value: number | undefined, limit: number): boolean | undefined =>
    value === undefined ? undefined : value <= limit;
  const heaviest = project.paperPages?.heaviest;
  // A failed step has no time worth comparing.
  const okMs = (m: Measured | undefined): number | undefined => (m && m.exitCode === 0 ? m.ms : undefined);
  const ingestMs = okMs(project.ingest);
  const reingestMs = okMs(project.reingest);
  const builtOk = project.build?.exitCode === 0 ? project.build : undefined;
  const wholeOk = project.buildWithIngest?.exitCode === 0 ? project.buildWithIngest : undefined;
  return [
    { name: 'ingest time (s)', value: sec(ingestMs), limit: '< 3', met: below(ingestMs, 3000) },
    { name: 'no-op re-ingest time (s)', value: sec(reingestMs), limit: '< 1', met: below(reingestMs, 1000) },
    {
      name: 'no-op re-ingest files written',
      value: project.reingest?.filesChanged,
      limit: '= 0',
      met: project.reingest ? project.reingest.filesChanged === 0 : undefined,
    },
    { name: 'build time vs baseline', value: ratios.buildTime, limit: '<= 1.3x', met: atMost(ratios.buildTime, 1.3) },
    {
      name: 'ingest + build time vs baseline',
      value: ratios.buildWithIngestTime,
      limit: '<= 1.3x',
      met: atMost(ratios.buildWithIngestTime, 1.3),
    },
    {
      name: 'build peak memory vs baseline',
      value: ratios.peakMemory,
      limit: '<= 1.3x',
      met: atMost(ratios.peakMemory, 1.3),
    },
    {
      name: 'build peak memory (GB)',
      value: builtOk ? round(builtOk.peakRssBytes / GB, 2) : undefined,
      limit: '< 4',
      met: below(builtOk?.peakRssBytes, 4 * GB),
    },
    {
      name: 'ingest + build peak memory vs baseline',
      value: ratios.buildWithIngestPeakMemory,
      limit: '<= 1.3x',
      met: atMost(ratios.buildWithIngestPeakMemory, 1.3),
    },
    {
      name: 'ingest + build peak memory (GB)',
      value: wholeOk ? round(wholeOk.peakRssBytes / GB, 2) : undefined,
      limit: '< 4',
      met: below(wholeOk?.peakRssBytes, 4 * GB),
    },
    {
      name: 'first search fetch (KB, gzip)',
      value: project.search ? round(project.search.firstSearchBytes / KB, 1) : undefined,
      limit: '< 150',
      met: below(project.search?.firstSearchBytes, 150 * KB),
    },
    {
      name: 'paper page HTML+CSS (KB)',
      value: heaviest ? round(heaviest.totalBytes / KB, 1) : undefined,
      limit: '< 30',
      met: below(heaviest?.totalBytes, 30 * KB),
    },
    {
      name: 'paper page readable without JS',
      value: heaviest?.readableWithoutJs,
      limit: 'yes',
      met: heaviest?.readableWithoutJs,
    },
    {
      name: 'dev server start to paper page (s)',
      value: sec(project.dev?.startMs),
      limit: '< 15',
      met: below(project.dev?.startMs, 15_000),
    },
    {
      name: 'dev server note save to page (s, median)',
      value: sec(project.dev?.editMedianMs),
      limit: '< 1',
      met: below(project.dev?.editMedianMs, 1000),
    },
  ];
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
function sec(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : round(ms / 1000, 2);
}

// ---- the table --------------------------------------------------------------

const fmtS = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
const fmtMB = (b: number | undefined): string => (b === undefined ? '-' : `${(b / 1024 ** 2).toFixed(0)} MB`);
const fmtKB = (b: number | undefined): string => (b === undefined ? '-' : `${(b / 1024).toFixed(1)} KB`);
const fmtN = (n: number | undefined): string => (n === undefined ? '-' : n.toLocaleString('en-US'));
const fmtX = (r: number | undefined): string => (r === undefined ? '' : `${r.toFixed(2)}x`);
/** The largest processes at a run's peak, e.g. `MainThread (astro.mjs) 1461 MB + pagefind_extend 287 MB`. */
const fmtProcesses = (m: Measured | undefined): string =>
  m
    ? m.atPeak
        .filter((p) => p.rssBytes >= 32 * 1024 ** 2)
        .slice(0, 3)
        .map((p) => `${p.name} ${fmtMB(p.rssBytes)}`)
        .join(' + ') || '-'
    : '-';

function aligned(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatSize(result: SizeResult): string {
  const p = result.project;
  const b = result.baseline;
  const r = result.ratios;
  const rows: string[][] = [['', 'project', 'baseline', 'ratio']];
  rows.push(['ingest', fmtS(p.ingest?.ms), '', '']);
  rows.push(['no-op re-ingest', `${fmtS(p.reingest?.ms)}, ${fmtN(p.reingest?.filesChanged)} written`, '', '']);
  rows.push(['full build', fmtS(p.build?.ms), fmtS(b?.build?.ms), fmtX(r.buildTime)]);
  rows.push([
    'ingest + full build (npm run build)',
    fmtS(p.buildWithIngest?.ms),
    fmtS(b?.build?.ms),
    fmtX(r.buildWithIngestTime),
  ]);
  rows.push([
    'build peak memory (tree RSS)',
    fmtMB(p.build?.peakRssBytes),
    fmtMB(b?.build?.peakRssBytes),
    fmtX(r.peakMemory),
  ]);
  rows.push([
    'ingest + build peak memory (tree RSS)',
    fmtMB(p.buildWithIngest?.peakRssBytes),
    fmtMB(b?.build?.peakRssBytes),
    fmtX(r.buildWithIngestPeakMemory),
  ]);
  rows.push(['dist size', fmtMB(p.dist?.bytes), fmtMB(b?.dist?.bytes), fmtX(r.distBytes)]);
  rows.push(['dist files', fmtN(p.dist?.files), fmtN(b?.dist?.files), fmtX(r.distFiles)]);
  rows.push(['Pagefind index', fmtMB(p.pagefind?.bytes), fmtMB(b?.pagefind?.bytes), fmtX(r.pagefindBytes)]);
  rows.push([
    'first search (engine+index+results)',
    fmtKB(p.search?.firstSearchBytes),
    fmtKB(b?.search?.firstSearchBytes),
    fmtX(r.firstSearchBytes),
  ]);
  for (const kind of ['engine', 'metadata', 'filters', 'index', 'fragments', 'other']) {
    const pv = p.search?.firstSearchByKind[kind];
    const bv = b?.search?.firstSearchByKind[kind];
    if (pv !== undefined || bv !== undefined)
      rows.push([`  ${kind}`, p.search ? fmtKB(pv ?? 0) : '-', b?.search ? fmtKB(bv ?? 0) : '-', '']);
  }
  rows.push([
    '  same, uncompressed files',
    fmtKB(p.search?.firstSearchFileBytes),
    fmtKB(b?.search?.firstSearchFileBytes),
    '',
  ]);
  rows.push(['  after the keystroke only', fmtKB(p.search?.searchBytes), fmtKB(b?.search?.searchBytes), '']);
  rows.push([
    '  on a phone-sized page (390x844)',
    fmtKB(p.searchPhone?.firstSearchBytes),
    fmtKB(b?.searchPhone?.firstSearchBytes),
    fmtX(r.firstSearchPhoneBytes),
  ]);
  if (p.searchPhone) {
    const bf = b?.searchPhone ? fmtKB(b.searchPhone.firstSearchByKind.filters ?? 0) : '-';
    rows.push(['    of which filters', fmtKB(p.searchPhone.firstSearchByKind.filters ?? 0), bf, '']);
  }
  rows.push([
    'search page load + first search',
    fmtKB(p.search?.totalBytes),
    fmtKB(b?.search?.totalBytes),
    fmtX(r.searchPageTotalBytes),
  ]);
  rows.push(['  results shown', fmtN(p.search?.results), fmtN(b?.search?.results), '']);
  const thread = (m: SearchBytes['mainThread'] | undefined): string =>
    m ? `${fmtN(m.longestTaskMs)} / ${fmtN(m.blockingMs)} ms` : '-';
  rows.push([
    '  page thread: longest task / blocking',
    thread(p.search?.mainThread),
    thread(b?.search?.mainThread),
    '',
  ]);
  const ph = p.paperPages?.heaviest;
  const bh = b?.paperPages?.heaviest;
  rows.push(['paper page HTML+CSS (heaviest)', fmtKB(ph?.totalBytes), fmtKB(bh?.totalBytes), '']);
  rows.push([
    'paper page scripts (heaviest)',
    ph ? `${ph.scripts} (${fmtKB(ph.scriptBytes)})` : '-',
    bh ? `${bh.scripts}` : '-',
    '',
  ]);
  rows.push(['dev server: start to paper page', fmtS(p.dev?.startMs), '', '']);
  rows.push([
    'dev server: note save to page (median)',
    p.dev?.editMedianMs === undefined
      ? '-'
      : `${fmtS(p.dev.editMedianMs)} (${p.dev.editMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')})`,
    '',
    '',
  ]);
  if (p.devProfile) {
    rows.push([`dev server CPU (${fmtS(p.devProfile.sampledMs)} sampled), self time by group:`, '', '', '']);
    for (const group of p.devProfile.groups.slice(0, 10)) rows.push([`  ${group.name}`, fmtS(group.selfMs), '', '']);
  }
  const phases = p.build?.phases;
  const bphases = b?.build?.phases;
  if (phases || bphases) {
    rows.push(['build phases:', '', '', '']);
    const keys: [keyof BuildPhases, string][] = [
      ['ingestMs', '  ingest (npm run build)'],
      ['startupMs', '  start-up + config'],
      ['contentMs', '  content layer sync'],
      ['setupMs', '  types + build info'],
      ['bundleMs', '  Vite bundle (MDX compile)'],
      ['renderMs', '  render pages'],
      ['postBuildMs', '  output stages (Pagefind...)'],
      ['exitMs', '  exit'],
    ];
    for (const [key, label] of keys) {
      const pv = phases?.[key] as number | undefined;
      const bv = bphases?.[key] as number | undefined;
      rows.push([label, fmtS(pv), fmtS(bv), fmtX(ratio(pv, bv))]);
    }
    rows.push(['peak memory by phase:', '', '', '']);
    const names: [PhaseName, string][] = [
      ['ingest', '  ingest'],
      ['content', '  content layer sync'],
      ['bundle', '  Vite bundle'],
      ['render', '  render pages'],
      ['postBuild', '  output stages'],
      ['stagesProcess', '    in their own process'],
    ];
    for (const [name, label] of names) {
      const pv = phases?.peakRssBytes?.[name];
      const bv = bphases?.peakRssBytes?.[name];
      rows.push([label, fmtMB(pv), fmtMB(bv), fmtX(ratio(pv, bv))]);
    }
  }
  const head = `${fmtN(result.size)} papers (${fmtN(result.generated.entries)} dump entries in ${result.generated.dumps} dumps)`;
  const targets = result.targets
    .map(
      (t) =>
        `  ${t.met === undefined ? '?' : t.met ? 'ok' : 'MISSED'}  ${t.name}: ${t.value ?? '-'} (target ${t.limit})`,
    )
    .join('\n');
  const errors = result.errors.length ? `\nerrors:\n${result.errors.map((e) => `  ${e}`).join('\n')}` : '';
  const peaks = `processes at the peak: project (npm run build) ${fmtProcesses(p.buildWithIngest)}; baseline ${fmtProcesses(b?.build)}`;
  return `${head}\n${aligned(rows)}\n${peaks}\ntargets:\n${targets}${errors}\n`;
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const intro = `reading-list bench — ${m.cpus} × ${m.cpuModel}, ${(m.memoryBytes / GB).toFixed(0)} GB, Node ${m.node}; query "${report.options.query}"`;
  return [intro, '', ...report.results.map(formatSize)].join('\n');
}
