/**
 * `npm run bench`: measures the project on synthetic reading lists of several
 * sizes against a bare Astro + MDX + Pagefind baseline built from the same
 * papers, in one run.
 *
 * For each size: generate the dumps; ingest them (time, memory); ingest again
 * (time, and proof on disk that nothing was written); run `npm run build`
 * (ingest, astro build, then the output stages in a process of their own) on
 * a not yet ingested copy of the dumps with a cold cache (time and peak memory
 * of its whole process tree, and of the build without its ingest; phases, and
 * the processes at the peak); weigh
 * dist/, the Pagefind index and a paper page; count the bytes Chromium fetches
 * for a first search. Then the same build and measures for the baseline, and
 * the project/baseline ratios. Between the project's build and the baseline,
 * the project's dev server: time from `astro dev` to a paper page, and from
 * saving a note to the open page showing it (see dev-server.ts).
 *
 *   npm run bench -- [--sizes 1000,5000,10000] [--skip-baseline] [--skip-dev] [--dev-timeout 180] [--keep]
 *                    [--seed 1] [--query "long context"] [--out bench-results]
 *                    [--profile] [--work /tmp] [--only-dev] [--reuse DIR] [--dev-profile]
 *
 * Prints a table and writes <out>/bench-<timestamp>.json and <out>/latest.json.
 * --profile adds a second project build under `node --cpu-prof` (not timed)
 * and reports where its CPU time went. Exits non-zero when a step failed;
 * a missed target is reported, not an error.
 *
 * The dev server alone, quickly (one size at a time):
 *   npm run bench -- --sizes 2000 --only-dev --reuse /tmp/dev-2000 [--dev-profile]
 * --only-dev measures only the dev server: no re-ingest, no build, no baseline.
 * --reuse DIR (with --only-dev only) keeps the work folder in DIR and, when DIR already holds an
 * ingested content root (from an earlier run with the same --reuse), skips
 * generating and ingesting; the site's sources are copied afresh each run, so
 * the current code is measured, and the dev server's cache starts cold.
 * --dev-profile runs `astro dev` under `node --cpu-prof` (so its times are not
 * comparable with a run without it) and reports where its CPU time went, from
 * the spawn through the timed edits.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../src/lib/fs/files.ts';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { baselineBuildCommand, linkNodeModules, prepareBaseline, PROJECT_ROOT } from './baseline.ts';
import { type BuildPhases, buildPhases, isProgressLine } from './build-phases.ts';
import { summarizeProfiles } from './cpu-profile.ts';
import { measureDevServer } from './dev-server.ts';
import { dirStats, paperPages } from './dist-stats.ts';
import { generateList } from './generate.ts';
import { runMeasured, type RunResult } from './process-tree.ts';
import { prepareProject, prepareSiteRoot, projectBuildCommand, projectSite, runIngest } from './project.ts';
import {
  checkTargets,
  computeRatios,
  formatReport,
  formatSize,
  type BenchReport,
  type Measured,
  type ProjectResult,
  type SiteResult,
  type SizeResult,
} from './report.ts';
import { measureFirstSearch } from './search-bytes.ts';
import { loadVocabulary } from './vocabulary.ts';

/** The project's search page: its own search box (the header's is on every page) and its result list. */
const PROJECT_SEARCH = { inputSelector: '#search-q', resultSelector: '[data-search-results] .search-result' };
/** A phone's page size, where the project's search page folds its filters away (their files load when opened). */
const PHONE_VIEWPORT = { width: 390, height: 844 };
/** Pagefind's default UI on the baseline's search page. */
const BASELINE_SEARCH = { inputSelector: '.pagefind-ui__search-input', resultSelector: '.pagefind-ui__result' };

export interface BenchOptions {
  sizes: number[];
  seed: number;
  query: string;
  baseline: boolean;
  /** Measure the project's dev server (start, and a saved note reaching the open page). */
  dev: boolean;
  /** Seconds the dev server may take to serve the paper page (each edit gets a third of it). */
  devTimeoutS: number;
  keep: boolean;
  profile: boolean;
  /** Measure only the dev server (generate and ingest when needed; no re-ingest, build or baseline). */
  onlyDev: boolean;
  /** A work folder to keep and reuse: its ingested content root is used as it is. */
  reuse?: string;
  /** Run the dev server under `node --cpu-prof` and summarize its profile. */
  devProfile: boolean;
  out: string;
  work: string;
  /** Progress messages (stderr by default). */
  log: (message: string) => void;
}

function measured(run: RunResult): Measured {
  return {
    ms: Math.round(run.ms),
    peakRssBytes: run.peakRssBytes,
    peakProcesses: run.peakProcesses,
    exitCode: run.exitCode,
    atPeak: run.atPeak.slice(0, 8).map(({ name, rssBytes }) => ({ name, rssBytes })),
  };
}

function failure(step: string, run: RunResult, logFile: string): string {
  const tail = (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-8).join('\n    ');
  return `${step} exited with code ${run.exitCode} (full log: ${logFile}):\n    ${tail}`;
}

/**
 * The site build alone, from a run of `npm run build`: its time and peak memory without the ingest phase (the
 * memory from the first second after ingest ended).
 */
function withoutIngest(whole: Measured, run: RunResult, phases: BuildPhases | undefined): Measured {
  const ingestMs = phases?.ingestMs ?? 0;
  if (ingestMs === 0) return whole;
  const after = run.timeline.filter((point) => point.ms >= ingestMs).map((point) => point.rssBytes);
  const peakRssBytes = after.length > 0 ? Math.max(...after) : whole.peakRssBytes;
  return {
    ...whole,
    ms: Math.round(run.ms - ingestMs),
    peakRssBytes,
    atPeak: peakRssBytes === whole.peakRssBytes ? whole.atPeak : [],
  };
}

/** Builds one site, measured, and weighs what it produced. */
async function buildSite(
  name: string,
  command: { command: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string },
  out: string,
  workDir: string,
  options: BenchOptions,
  errors: string[],
  searchPage: { inputSelector: string; resultSelector: string },
): Promise<SiteResult & Pick<ProjectResult, 'buildWithIngest'>> {
  const logFile = path.join(workDir, `${name}-build.log`);
  options.log(`  ${name}: build`);
  const run = await runMeasured(command.command, command.args, {
    cwd: command.cwd,
    env: command.env,
    logFile,
    keepLine: isProgressLine,
    keepBytes: 64 * 1024,
  });
  const phases = buildPhases(run.lines, run.ms, run.timeline);
  const whole = measured(run);
  const result: SiteResult & Pick<ProjectResult, 'buildWithIngest'> = {
    build: { ...withoutIngest(whole, run, phases), ...(phases ? { phases } : {}) },
    // A build that ran ingest first (`npm run build`) is also measured as a whole.
    ...(phases && phases.ingestMs > 0 ? { buildWithIngest: whole } : {}),
  };
  if (run.exitCode !== 0) {
    errors.push(failure(`${name} build`, run, logFile));
    return result;
  }
  result.dist = await dirStats(out);
  result.pagefind = await dirStats(path.join(out, 'pagefind'));
  result.paperPages = await paperPages(out);
  options.log(`  ${name}: first search in Chromium`);
  try {
    result.search = await measureFirstSearch({ dist: out, query: options.query, ...searchPage });
    result.searchPhone = await measureFirstSearch({
      dist: out,
      query: options.query,
      ...searchPage,
      viewport: PHONE_VIEWPORT,
    });
  } catch (error) {
    errors.push(`${name} search: ${(error as Error).message}`);
  }
  return result;
}

async function benchSize(
  size: number,
  options: BenchOptions,
  vocabulary: Awaited<ReturnType<typeof loadVocabulary>>,
): Promise<SizeResult> {
  const errors: string[] = [];
  const workDir = options.reuse
    ? path.resolve(options.reuse)
    : await mkdtemp(path.join(options.work, `reading-list-bench-${size}-`));
  if (options.reuse) await mkdir(workDir, { recursive: true });
  options.log(`${size} papers (work folder ${workDir})`);
  try {
    if (options.reuse && (await isIngested(workDir))) return await reusedDevOnly(size, workDir, options, errors);
    await linkNodeModules(workDir);
    const t0 = performance.now();
    const list = generateList(vocabulary, { papers: size, seed: options.seed });
    const generated = {
      papers: list.papers.length,
      entries: list.entries,
      dumps: list.dumps.length,
      ms: Math.round(performance.now() - t0),
    };

    // ---- the project ----
    const project: ProjectResult = {};
    const site = await prepareProject(workDir, list);
    options.log('  project: ingest');
    const first = await runIngest(site, path.join(workDir, 'ingest.log'));
    project.ingest = {
      ...measured(first.run),
      paperFiles: first.paperFiles,
      filesChanged: first.changed.length,
      ...(first.reportedWritten !== undefined ? { reportedWritten: first.reportedWritten } : {}),
    };
    if (first.run.exitCode !== 0) errors.push(failure('ingest', first.run, path.join(workDir, 'ingest.log')));
    if (first.paperFiles !== size) errors.push(`ingest wrote ${first.paperFiles} paper files for ${size} papers`);
    if (first.run.exitCode === 0 && !options.onlyDev) {
      options.log('  project: no-op re-ingest');
      const again = await runIngest(site, path.join(workDir, 'reingest.log'));
      project.reingest = {
        ...measured(again.run),
        filesChanged: again.changed.length,
        changedSample: again.changed.slice(0, 10),
        ...(again.reportedWritten !== undefined ? { reportedWritten: again.reportedWritten } : {}),
      };
      if (again.run.exitCode !== 0) errors.push(failure('re-ingest', again.run, path.join(workDir, 'reingest.log')));
      if (again.changed.length > 0)
        errors.push(`no-op re-ingest changed ${again.changed.length} files, e.g. ${again.changed[0]}`);
      if (again.reportedWritten !== undefined && again.reportedWritten !== 0) {
        errors.push(`no-op re-ingest reports ${again.reportedWritten} files written`);
      }

      Object.assign(
        project,
        await buildSite('project', projectBuildCommand(site), site.out, workDir, options, errors, PROJECT_SEARCH),
      );

      if (options.profile) {
        options.log('  project: profiled build (--cpu-prof)');
        const profileDir = path.join(workDir, 'cpu-profiles');
        const profiled = { ...site, out: `${site.out}-profiled`, cache: `${site.cache}-profiled` };
        const command = projectBuildCommand(profiled);
        const run = await runMeasured(command.command, command.args, {
          cwd: command.cwd,
          env: command.env,
          nodeOptions: `--cpu-prof --cpu-prof-dir=${profileDir}`,
          logFile: path.join(workDir, 'project-profiled-build.log'),
          keepBytes: 64 * 1024,
        });
        if (run.exitCode === 0) project.profile = await summarizeProfiles(profileDir, PROJECT_ROOT);
        else errors.push(failure('profiled build', run, path.join(workDir, 'project-profiled-build.log')));
        await rm(profiled.out, { recursive: true, force: true });
      }
    }

    // ---- the project's dev server ----
    if ((options.dev || options.onlyDev) && first.run.exitCode === 0)
      await devMeasure(project, site, workDir, options, errors);

    // ---- the baseline ----
    let baseline: SiteResult | undefined;
    if (options.baseline && !options.onlyDev) {
      const bsite = await prepareBaseline(workDir, list.papers);
      baseline = await buildSite(
        'baseline',
        baselineBuildCommand(bsite),
        bsite.out,
        workDir,
        options,
        errors,
        BASELINE_SEARCH,
      );
    }

    const partial = {
      size,
      generated,
      project,
      ...(baseline ? { baseline } : {}),
      ratios: computeRatios(project, baseline),
      errors,
    };
    return { ...partial, targets: checkTargets(partial) };
  } finally {
    if (!options.keep && !options.reuse) await rm(workDir, { recursive: true, force: true });
  }
}

/** Whether a work folder holds an ingested content root (a paper file under project-content/papers). */
async function isIngested(workDir: string): Promise<boolean> {
  const papers = path.join(projectSite(workDir).content, 'papers');
  return stat(papers).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The dev server's measures on a content root ingested by an earlier run: the sources copied afresh, a cold cache. */
async function reusedDevOnly(
  size: number,
  workDir: string,
  options: BenchOptions,
  errors: string[],
): Promise<SizeResult> {
  options.log('  project: reusing the ingested content root');
  const site = projectSite(workDir);
  await prepareSiteRoot(site);
  const project: ProjectResult = {};
  await devMeasure(project, site, workDir, options, errors);
  const generated = { papers: size, entries: size, dumps: 0, ms: 0 };
  const partial = { size, generated, project, ratios: computeRatios(project, undefined), errors };
  return { ...partial, targets: checkTargets(partial) };
}

/** Measures the dev server into `project.dev` (and, with --dev-profile, its CPU profile into `project.devProfile`). */
async function devMeasure(
  project: ProjectResult,
  site: Awaited<ReturnType<typeof prepareProject>>,
  workDir: string,
  options: BenchOptions,
  errors: string[],
): Promise<void> {
  const profileDir = path.join(workDir, 'dev-cpu-profiles');
  await rm(`${site.cache}-dev`, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
  try {
    project.dev = await measureDevServer({
      site,
      logFile: path.join(workDir, 'project-dev.log'),
      startTimeoutMs: options.devTimeoutS * 1000,
      editTimeoutMs: (options.devTimeoutS * 1000) / 3,
      log: options.log,
      ...(options.devProfile ? { cpuProfileDir: profileDir } : {}),
    });
  } catch (error) {
    errors.push(`dev server: ${(error as Error).message}`);
  }
  if (options.devProfile) {
    try {
      project.devProfile = await summarizeProfiles(profileDir, PROJECT_ROOT);
    } catch (error) {
      errors.push(`dev server profile: ${(error as Error).message}`);
    }
  }
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const vocabulary = await loadVocabulary(path.join(PROJECT_ROOT, 'content', 'sources'));
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    const result = await benchSize(size, options, vocabulary);
    results.push(result);
    options.log(`\n${formatSize(result)}`);
  }
  const cpus = os.cpus();
  return {
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryBytes: os.totalmem(),
      node: process.versions.node,
      platform: `${os.platform()} ${os.release()}`,
    },
    options: {
      sizes: options.sizes,
      seed: options.seed,
      query: options.query,
      baseline: options.baseline,
      dev: options.dev,
      profile: options.profile,
    },
    results,
  };
}

export async function writeReport(report: BenchReport, outDir: string): Promise<string> {
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = path.join(outDir, `bench-${stamp}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileAtomic(file, json);
  writeFileAtomic(path.join(outDir, 'latest.json'), json);
  return file;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,5000,10000' },
      'skip-baseline': { type: 'boolean', default: false },
      'skip-dev': { type: 'boolean', default: false },
      'only-dev': { type: 'boolean', default: false },
      reuse: { type: 'string' },
      'dev-profile': { type: 'boolean', default: false },
      'dev-timeout': { type: 'string', default: '180' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      query: { type: 'string', default: 'long context' },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'bench-results') },
      work: { type: 'string', default: os.tmpdir() },
    },
    strict: true,
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  const bad = sizes.find((n) => !Number.isInteger(n) || n < 10);
  if (bad !== undefined || sizes.length === 0) {
    throw new Error(
      `--sizes ${values.sizes}: expected whole numbers of papers, at least 10 each, e.g. --sizes 1000,5000,10000`,
    );
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: expected a whole number, e.g. --seed 1`);
  // A kept folder holding an ingested list is reused as it is, which only the dev server's measure can do (a full
  // run generates, ingests and builds its list afresh): refused rather than quietly measuring the dev server alone.
  if (values.reuse && !values['only-dev']) {
    throw new Error(
      `--reuse ${values.reuse}: only with --only-dev (a full run starts from a fresh list; --keep keeps its folders)`,
    );
  }
  const devTimeoutS = Number(values['dev-timeout']);
  if (!(devTimeoutS > 0)) {
    throw new Error(`--dev-timeout ${values['dev-timeout']}: expected a number of seconds, e.g. --dev-timeout 180`);
  }
  return {
    sizes,
    seed,
    devTimeoutS,
    query: values.query,
    baseline: !values['skip-baseline'],
    dev: !values['skip-dev'],
    keep: values.keep,
    profile: values.profile,
    onlyDev: values['only-dev'],
    ...(values.reuse ? { reuse: path.resolve(values.reuse) } : {}),
    devProfile: values['dev-profile'],
    out: path.resolve(values.out),
    work: path.resolve(values.work),
    log: (message) => process.stderr.write(`${message}\n`),
  };
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const report = await runBench(options);
  const file = await writeReport(report, options.out);
  process.stdout.write(`${formatReport(report)}\nreport: ${path.relative(process.cwd(), file)}\n`);
  if (report.results.some((r) => r.errors.length > 0)) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
