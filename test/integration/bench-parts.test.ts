// The benchmark's pieces on their own: the synthetic list generator, the
// baseline's MDX pages, the process-tree memory sampler, the build-phase split,
// the ingest-report reader and the on-disk change detector.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselinePage } from '../../scripts/bench/baseline.ts';
import { buildPhases, isProgressLine } from '../../scripts/bench/build-phases.ts';
import { groupOf } from '../../scripts/bench/cpu-profile.ts';
import { pageWeight } from '../../scripts/bench/dist-stats.ts';
import { createRandom, formatDumpDate, generateList, type SyntheticList } from '../../scripts/bench/generate.ts';
import { processTree, runMeasured } from '../../scripts/bench/process-tree.ts';
import { fileKind, isEngineFile, serveStatic } from '../../scripts/bench/search-bytes.ts';
import { changedFiles, lastJson, reportedWrites, snapshot } from '../../scripts/bench/project.ts';
import { loadVocabulary, type Vocabulary } from '../../scripts/bench/vocabulary.ts';
import { parseDump } from '../../src/lib/ingest/parse.ts';
import { slugify } from '../../src/lib/text/slug.ts';

const SOURCES = path.resolve('content/sources');
let vocabulary: Vocabulary;
let list: SyntheticList;

beforeAll(async () => {
  vocabulary = await loadVocabulary(SOURCES);
  list = generateList(vocabulary, { papers: 600, seed: 7, papersPerDump: 150 });
});

describe('vocabulary from the default list', () => {
  it('reads every distinct paper of the seed dumps and their organizations', () => {
    expect(vocabulary.papers).toHaveLength(264);
    expect(vocabulary.organizations.map((o) => o.slug)).toContain('amazon');
    expect(vocabulary.papers.every((p) => p.sentences.length > 0)).toBe(true);
  });
});

describe('synthetic reading lists', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    const again = generateList(vocabulary, { papers: 600, seed: 7, papersPerDump: 150 });
    expect(again.dumps.map((d) => d.text)).toEqual(list.dumps.map((d) => d.text));
    const other = generateList(vocabulary, { papers: 600, seed: 8, papersPerDump: 150 });
    expect(other.dumps[0]?.text).not.toEqual(list.dumps[0]?.text);
  });

  it('have the requested number of papers with unique titles and ids', () => {
    expect(list.papers).toHaveLength(600);
    expect(new Set(list.papers.map((p) => p.title.toLowerCase())).size).toBe(600);
    expect(new Set(list.papers.map((p) => slugify(p.title))).size).toBe(600);
  });

  it('spread papers over several dumps with some duplicated across dumps', () => {
    expect(list.dumps.length).toBe(4);
    const duplicated = list.papers.filter((p) => p.dumps.length > 1).length;
    expect(duplicated).toBeGreaterThan(20);
    expect(list.entries).toBe(600 + duplicated);
  });

  it('parse with the ingest parser without a problem, entry for entry', () => {
    let entries = 0;
    for (const dump of list.dumps) {
      const { dump: parsed, problems } = parseDump(dump.text, { name: dump.name, file: dump.name });
      expect(problems).toEqual([]);
      expect(parsed.entries).toHaveLength(dump.entries);
      expect(parsed.captured).toBeDefined();
      entries += parsed.entries.length;
    }
    expect(entries).toBe(list.entries);
  });

  it('write dates without a year in the capture year, never after the capture', () => {
    const yearless = list.dumps
      .flatMap((d) => parseDump(d.text, { name: d.name, file: d.name }).dump.entries)
      .filter((e) => e.day.year === undefined);
    expect(yearless.length).toBeGreaterThan(10);
    for (const paper of list.papers) {
      for (const name of paper.dumps) {
        const dump = list.dumps.find((d) => d.name === name);
        expect(paper.date <= (dump?.captured ?? '')).toBe(true);
      }
    }
    expect(formatDumpDate(Date.UTC(2025, 3, 11), 2026)).toBe('Apr 11, 2025');
    expect(formatDumpDate(Date.UTC(2025, 3, 11), 2025)).toBe('Apr 11');
  });

  it('reuse the default list vocabulary, so abstracts read like the seeds', () => {
    const seedSentences = new Set(vocabulary.papers.flatMap((p) => p.sentences));
    const reused = list.papers.filter((p) =>
      [...seedSentences].some((s) => s.length > 60 && p.abstract.includes(s)),
    ).length;
    expect(reused / list.papers.length).toBeGreaterThan(0.9);
  });

  it('draw from a PRNG that repeats for a seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('baseline pages', () => {
  it('keep the paper in YAML frontmatter, so MDX syntax in an abstract stays text', () => {
    const page = baselinePage({
      id: 'a',
      title: 'A: b',
      abstract: 'x {alert(1)} <b>',
      date: '2025-01-02',
      upvotes: 0,
      dumps: [],
    });
    expect(page).toBe('---\ntitle: "A: b"\ndate: 2025-01-02\nabstract: x {alert(1)} <b>\n---\n');
  });
});

describe('process-tree measurement', () => {
  it('counts the memory of grandchildren and reports the exit code', async () => {
    // A child that starts a grandchild holding ~200 MB, then exits 3.
    const grandchild = 'const b = Buffer.alloc(200 * 1024 * 1024, 1); setTimeout(() => console.log(b[5]), 800);';
    const child = `const { spawnSync } = require('node:child_process'); spawnSync(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); process.exit(3);`;
    const run = await runMeasured(process.execPath, ['-e', child], { intervalMs: 25, keepLine: () => true });
    expect(run.exitCode).toBe(3);
    expect(run.peakProcesses).toBeGreaterThanOrEqual(2);
    expect(run.peakRssBytes).toBeGreaterThan(200 * 1024 * 1024);
    expect(run.atPeak.length).toBeGreaterThanOrEqual(2);
    expect(run.lines.map((l) => l.line)).toEqual(['1']);
    expect(Math.max(...run.timeline.map((t) => t.rssBytes))).toBe(run.peakRssBytes);
  });

  it('finds the current process in its own tree', () => {
    expect(processTree(process.pid)).toContain(process.pid);
  });
});

describe('build phases from the Astro log', () => {
  it('split a build at its progress lines', () => {
    const log: [number, string][] = [
      [900, '08:20:54 [content] Syncing content'],
      [1000, '08:20:54 [content] Synced content'],
      [1100, '08:20:54 [build] Building static entrypoints...'],
      [1150, '08:21:04 [WARN] [vite] module level directive'],
      [5000, ' generating static routes '],
      [5100, '08:21:05   ├─ /papers/a.html (+3ms)'],
      [7000, '08:21:08 ✓ Completed in 3.12s.'],
      [7050, '08:21:08 [build] ✓ Completed in 14.09s.'],
      [7500, '08:21:09 [pagefind] indexed 10 pages'],
      [9000, '08:21:09 [build] 1001 page(s) built in 17.06s'],
    ];
    const lines = log.filter(([, l]) => isProgressLine(l)).map(([ms, line]) => ({ ms, line }));
    expect(lines.some((l) => l.line.includes('├─'))).toBe(false);
    const phases = buildPhases(lines, 9200);
    expect(phases).toMatchObject({
      startupMs: 900,
      contentMs: 100,
      setupMs: 100,
      bundleMs: 3900,
      renderMs: 2000,
      postBuildMs: 2000,
      exitMs: 200,
    });
    expect(phases?.postBuildLines).toContain('+0.5 s [pagefind] indexed 10 pages');
    expect(buildPhases(lines.slice(0, 3), 9200)).toBeUndefined();
    const withMemory = buildPhases(lines, 9200, [
      { ms: 0, rssBytes: 100 },
      { ms: 5000, rssBytes: 500 },
      { ms: 8000, rssBytes: 300 },
    ]);
    expect(withMemory?.peakRssBytes).toMatchObject({ startup: 100, render: 500, postBuild: 300 });
    expect(phases?.ingestMs).toBe(0);
  });

  it('split `npm run build`: ingest first, and the output stages in their own process after Astro exited', () => {
    const log: [number, string][] = [
      [2000, 'warning: 001.txt:3: "A" has no byline and date'],
      [3000, 'ingest: 5 dumps, 2174 entries, 2000 papers — 2000 new, 0 updated, 0 unchanged, 0 moved'],
      [3900, '08:20:54 [content] Syncing content'],
      [4000, '08:20:54 [content] Synced content'],
      [4100, '08:20:54 [build] Building static entrypoints...'],
      [8000, ' generating static routes '],
      [10000, '08:21:08 ✓ Completed in 3.12s.'],
      [10100, '08:21:09 [reading-list:output] 5 stages handed over to a process of their own'],
      [10200, '08:21:09 [build] 2036 page(s) built in 17.06s'],
      [10300, '08:21:09 [build] Complete!'],
      [12000, '08:21:11 [reading-list:output] search script: search/search.js (13772 bytes) (0.1 s)'],
      [20000, '08:21:19 [reading-list:output] search index: Pagefind: 2000 papers indexed (8.0 s)'],
      [20100, '08:21:19 [reading-list:output] dist check: 48424 internal URLs (8.0 s)'],
      [21000, '08:21:20 [reading-list:output] summary: built 2000 paper pages (0.9 s)'],
    ];
    const lines = log.filter(([, l]) => isProgressLine(l)).map(([ms, line]) => ({ ms, line }));
    expect(lines.map((l) => l.ms)).not.toContain(2000);
    const phases = buildPhases(lines, 21500, [
      { ms: 2000, rssBytes: 300 },
      { ms: 9000, rssBytes: 1500 },
      { ms: 10000, rssBytes: 1400 },
      { ms: 15000, rssBytes: 700 },
    ]);
    expect(phases).toMatchObject({
      ingestMs: 3000,
      startupMs: 900,
      contentMs: 100,
      bundleMs: 3900,
      renderMs: 2000,
      postBuildMs: 11000,
      exitMs: 500,
    });
    // Astro's last second counts in the output stages, not in their own process's peak.
    expect(phases?.peakRssBytes).toMatchObject({ ingest: 300, render: 1500, postBuild: 1400, stagesProcess: 700 });
    expect(phases?.postBuildLines).toContain('+11.0 s [reading-list:output] summary: built 2000 paper pages (0.9 s)');
  });
});

describe('ingest reports and files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bench-parts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('read the JSON report after progress lines, and its count of writes', () => {
    expect(
      lastJson('reading dumps\n{\n  "summary": {"new": 3, "updated": 1, "unchanged": 5, "moved": 0}\n}\n'),
    ).toEqual({
      summary: { new: 3, updated: 1, unchanged: 5, moved: 0 },
    });
    expect(reportedWrites({ summary: { new: 3, updated: 1, unchanged: 5, moved: 0 } })).toBe(4);
    expect(reportedWrites({ written: ['a.mdx', 'b.mdx'] })).toBe(2);
    expect(reportedWrites({ nothing: true })).toBeUndefined();
  });

  it('tell a rewrite with the same bytes from an untouched file', async () => {
    await writeFile(path.join(dir, 'a.mdx'), 'same');
    await writeFile(path.join(dir, 'b.mdx'), 'same');
    const before = await snapshot(dir);
    await new Promise((r) => setTimeout(r, 20));
    // temp file + rename, as ingest writes
    await writeFile(path.join(dir, 'b.tmp'), 'same');
    await import('node:fs/promises').then((fs) => fs.rename(path.join(dir, 'b.tmp'), path.join(dir, 'b.mdx')));
    await writeFile(path.join(dir, 'c.mdx'), 'new');
    expect(changedFiles(before, await snapshot(dir))).toEqual(['b.mdx', 'c.mdx']);
    expect(changedFiles(before, before)).toEqual([]);
  });

  it('weigh a page with its stylesheet and scripts', async () => {
    await writeFile(path.join(dir, 'site.css'), 'body{color:red}');
    await writeFile(
      path.join(dir, 'p.html'),
      '<html><head><title>T</title><link rel="stylesheet" href="site.css"><style>a{}</style></head><body><h1>T</h1><script>1</script></body></html>',
    );
    const w = await pageWeight(dir, 'p.html');
    expect(w.cssBytes).toBe(15 + 3);
    expect(w.scripts).toBe(1);
    expect(w.scriptBytes).toBe(1);
    expect(w.readableWithoutJs).toBe(true);
    // The inline <style> is part of the HTML's bytes: counted once, not again as CSS.
    expect(w.totalBytes).toBe(w.htmlBytes + 15);
  });
});

describe('first-search accounting', () => {
  it('sorts Pagefind files into engine, metadata, filters, index and fragments, UI bundles aside', () => {
    expect(fileKind('/pagefind/pagefind.js')).toBe('engine');
    expect(fileKind('/pagefind/pagefind-worker.js')).toBe('engine');
    expect(fileKind('/pagefind/wasm.en.pagefind')).toBe('engine');
    expect(fileKind('/pagefind/pagefind.en_39add7ab15.pf_meta')).toBe('metadata');
    expect(fileKind('/pagefind/pagefind-entry.json')).toBe('metadata');
    expect(fileKind('/pagefind/filter/en_1.pf_filter')).toBe('filters');
    expect(fileKind('/pagefind/index/en_1.pf_index')).toBe('index');
    expect(fileKind('/pagefind/fragment/en_1.pf_fragment')).toBe('fragments');
    expect(fileKind('/search/search.js')).toBe('other');
    expect(isEngineFile('/pagefind/pagefind-ui.js')).toBe(false);
    expect(isEngineFile('/pagefind/index/en_1.pf_index')).toBe(true);
  });

  it('serves files gzipped as a static host does and records what it sent', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-serve-'));
    try {
      await writeFile(path.join(dir, 'a.js'), 'x'.repeat(10_000));
      const site = await serveStatic(dir);
      try {
        const gz = await fetch(`${site.origin}/a.js`, { headers: { 'accept-encoding': 'gzip' } });
        expect(await gz.text()).toBe('x'.repeat(10_000));
        const missing = await fetch(`${site.origin}/../../etc/passwd`);
        expect(missing.status).toBe(404);
        await new Promise((r) => setTimeout(r, 50));
        const served = site.served.find((s) => s.path === '/a.js');
        expect(served?.fileBytes).toBe(10_000);
        expect(served?.bytes).toBeLessThan(1_000);
      } finally {
        await site.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('CPU profile groups', () => {
  it('attribute frames to packages, project files and V8', () => {
    const root = '/work/x/';
    const frame = (url: string, functionName = 'f') => ({ url, functionName, lineNumber: 0 });
    expect(groupOf(frame('file:///work/x/node_modules/@astrojs/mdx/dist/index.js'), root)).toBe('@astrojs/mdx');
    expect(groupOf(frame('file:///work/x/node_modules/.pnpm/x/node_modules/vite/dist/a.js'), root)).toBe('vite');
    expect(groupOf(frame('file:///work/x/src/lib/related.ts'), root)).toBe('src/lib/related.ts');
    expect(groupOf(frame('', '(garbage collector)'), root)).toBe('(garbage collection)');
    expect(groupOf(frame('node:fs'), root)).toBe('node (built-in modules)');
  });
});

describe('the benchmark CLI', () => {
  it('refuses a size it cannot make, with the fix', async () => {
    const child = spawn(process.execPath, ['scripts/bench/index.ts', '--sizes', 'lots'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--sizes lots: expected whole numbers of papers');
    expect(await readFile('package.json', 'utf8')).toContain('"bench": "node scripts/bench/index.ts"');
  });
});
