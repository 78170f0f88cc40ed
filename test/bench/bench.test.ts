// `npm run bench` end to end at a small size: generate 200 papers, ingest them
// twice, build the site and the bare baseline, search both in Chromium, start
// the dev server and save a note with its page open, and check the report's
// structure and sanity (never its timings).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport, SizeResult } from '../../scripts/bench/report.ts';

let dir: string;
let report: BenchReport;
let result: SizeResult;
let stdout = '';
let stderr = '';
let exitCode: number | null;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bench-e2e-'));
  const child = spawn(
    process.execPath,
    // A generous limit for the dev server: the run checks shapes, and a busy machine must not fail it.
    [
      'scripts/bench/index.ts',
      '--sizes',
      '200',
      '--dev-timeout',
      '900',
      '--out',
      path.join(dir, 'results'),
      '--work',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  exitCode = await new Promise((resolve) => child.on('close', resolve));
  report = JSON.parse(await readFile(path.join(dir, 'results', 'latest.json'), 'utf8')) as BenchReport;
  result = report.results[0] as SizeResult;
}, 900_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run bench at 200 papers', () => {
  it('runs every step without an error', () => {
    expect(result.errors.join('\n'), stderr.slice(-4000)).toBe('');
    expect(exitCode).toBe(0);
  });

  it('writes a timestamped report beside latest.json and cleans its work folder', async () => {
    const files = await readdir(path.join(dir, 'results'));
    expect(files.filter((f) => /^bench-.+\.json$/.test(f))).toHaveLength(1);
    expect(files).toContain('latest.json');
    expect((await readdir(dir)).filter((f) => f.startsWith('reading-list-bench-'))).toEqual([]);
    expect(report.version).toBe(1);
    expect(report.options).toMatchObject({ sizes: [200], baseline: true, dev: true });
    expect(report.machine.cpus).toBeGreaterThan(0);
  });

  it('generates the requested papers, with duplicates across dumps', () => {
    expect(result.size).toBe(200);
    expect(result.generated.papers).toBe(200);
    expect(result.generated.dumps).toBeGreaterThanOrEqual(3);
    expect(result.generated.entries).toBeGreaterThan(200);
  });

  it('ingests one paper file per paper, and the second ingest writes nothing', () => {
    const { ingest, reingest } = result.project;
    expect(ingest?.exitCode).toBe(0);
    expect(ingest?.paperFiles).toBe(200);
    expect(ingest?.filesChanged).toBeGreaterThanOrEqual(200);
    expect(reingest?.exitCode).toBe(0);
    expect(reingest?.filesChanged).toBe(0);
    if (reingest?.reportedWritten !== undefined) expect(reingest.reportedWritten).toBe(0);
    expect(ingest?.ms).toBeGreaterThan(0);
    expect(ingest?.peakRssBytes).toBeGreaterThan(0);
  });

  for (const side of ['project', 'baseline'] as const) {
    it(`measures the ${side} build, its output and a first search`, () => {
      const site = result[side];
      expect(site?.build?.exitCode).toBe(0);
      expect(site?.build?.ms).toBeGreaterThan(0);
      expect(site?.build?.peakRssBytes).toBeGreaterThan(50 * 1024 * 1024);
      expect(site?.build?.phases?.renderMs).toBeGreaterThanOrEqual(0);
      expect(site?.dist?.files).toBeGreaterThan(200);
      expect(site?.dist?.bytes).toBeGreaterThan(0);
      expect(site?.pagefind?.files).toBeGreaterThan(0);
      expect(site?.pagefind?.bytes).toBeLessThan(site?.dist?.bytes ?? 0);
      expect(site?.paperPages?.count).toBe(200);
      expect(site?.paperPages?.heaviest.htmlBytes).toBeGreaterThanOrEqual(
        site?.paperPages?.medianHtmlBytes ?? Infinity,
      );
      expect(site?.paperPages?.heaviest.readableWithoutJs).toBe(true);
      const search = site?.search;
      expect(search?.results).toBeGreaterThan(0);
      expect(search?.searchBytes).toBeGreaterThan(0);
      expect(search?.totalBytes).toBe((search?.pageBytes ?? 0) + (search?.searchBytes ?? 0));
      expect(search?.firstSearchBytes).toBeGreaterThanOrEqual(search?.searchBytes ?? Infinity);
      expect(search?.firstSearchBytes).toBeLessThanOrEqual(search?.totalBytes ?? 0);
      // The page's thread during the search: a long task is one over 50 ms, blocking is their time over 50 ms.
      const thread = search?.mainThread;
      expect(thread?.longestTaskMs === 0 || (thread?.longestTaskMs ?? 0) >= 50).toBe(true);
      expect(thread?.blockingMs).toBeGreaterThanOrEqual(0);
      if (thread?.longestTaskMs === 0) expect(thread.blockingMs).toBe(0);
      // The engine's WebAssembly is fetched once, before or after the keystroke.
      expect(search?.files.filter((f) => f.path.endsWith('.pagefind') && f.path.includes('wasm.'))).toHaveLength(1);
      expect(search?.files.some((f) => f.phase === 'search' && f.path.includes('/pagefind/'))).toBe(true);
    });
  }

  it('measures npm run build as a whole: ingest, astro build, then the output stages in their own process', () => {
    const whole = result.project.buildWithIngest;
    const build = result.project.build;
    expect(whole?.exitCode).toBe(0);
    expect(whole?.ms).toBeGreaterThan(build?.ms ?? Infinity);
    expect(whole?.peakRssBytes).toBeGreaterThanOrEqual(build?.peakRssBytes ?? Infinity);
    expect(whole?.atPeak.length).toBeGreaterThan(0);
    expect(build?.phases?.ingestMs).toBeGreaterThan(0);
    const after = build?.phases?.postBuildLines ?? [];
    expect(
      after.some((line) => /\[reading-list:output\] 5 stages handed over/.test(line)),
      after.join('\n'),
    ).toBe(true);
    for (const stage of ['search index', 'dist check', 'summary'])
      expect(
        after.some((line) => line.includes(`[reading-list:output] ${stage}: `)),
        stage,
      ).toBe(true);
    expect(result.baseline?.build?.phases?.ingestMs).toBe(0);
  });

  it('measures the dev server: its start to a paper page and three saved notes reaching the open page', () => {
    const dev = result.project.dev;
    expect(dev?.page).toMatch(/^\/papers\/[^/]+$|^\/papers\/[^/]+\.html$/);
    expect(Number.isFinite(dev?.startMs)).toBe(true);
    expect(dev?.startMs).toBeGreaterThan(0);
    expect(dev?.editMs).toHaveLength(3);
    for (const ms of dev?.editMs ?? []) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
    const sorted = [...(dev?.editMs ?? [])].sort((a, b) => a - b);
    expect(dev?.editMedianMs).toBe(sorted[1]);
    expect(stdout).toMatch(/dev server: start to paper page\s+\d+\.\d\d s/);
    expect(stdout).toMatch(/dev server: note save to page \(median\)\s+\d+\.\d\d s \(/);
  });

  it('leaves no process of the run behind (the dev server and its children are killed)', () => {
    const left = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          return '';
        }
      })
      .filter((cmd) => cmd.includes(dir));
    expect(left).toEqual([]);
  });

  it('computes every project/baseline ratio', () => {
    for (const key of [
      'buildTime',
      'buildWithIngestTime',
      'peakMemory',
      'buildWithIngestPeakMemory',
      'distBytes',
      'distFiles',
      'pagefindBytes',
      'firstSearchBytes',
      'searchPageTotalBytes',
    ] as const) {
      expect(result.ratios[key], key).toBeGreaterThan(0);
      expect(Number.isFinite(result.ratios[key]), key).toBe(true);
    }
    expect(result.ratios.buildTime).toBeCloseTo((result.project.build?.ms ?? 0) / (result.baseline?.build?.ms ?? 1), 1);
  });

  it('checks every target and prints the table', () => {
    expect(result.targets.map((t) => t.name)).toHaveLength(14);
    for (const target of result.targets) expect(typeof target.met, target.name).toBe('boolean');
    expect(result.targets.find((t) => t.name === 'no-op re-ingest files written')?.met).toBe(true);
    expect(stdout).toContain('200 papers');
    expect(stdout).toMatch(/full build\s+\d+\.\d\d s\s+\d+\.\d\d s\s+\d+\.\d\dx/);
    expect(stdout).toContain('targets:');
    expect(stdout).toMatch(/ingest \+ build peak memory \(tree RSS\)\s+\d+ MB\s+\d+ MB\s+\d+\.\d\dx/);
    expect(stdout).toMatch(/processes at the peak: project \(npm run build\) .*MainThread/);
  });
});
