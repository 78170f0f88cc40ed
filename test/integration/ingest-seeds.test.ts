// Ingest of the five real seed dumps: counts, fields, year inferences, and a second run that writes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import {
  CLI,
  PROJECT,
  makeRoot,
  paperFiles,
  readPaper,
  runCli,
  snapshot,
  removeRoots,
} from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const DUMPS = [
  '000_0331881b8cc86f1c.txt',
  '001_b8d7ce8aaaa69b2c.txt',
  '002_aea1191a128dc6dc.txt',
  '003_d7dad95a8af9272b.txt',
  '004_cd041472dc158a1d.txt',
];

describe('ingest of the seed dumps', () => {
  let root: string;
  let first: IngestReport;
  const paper = (id: string) => {
    const rel = paperFiles(root).find((p) => p.endsWith(`/${id}.mdx`));
    if (!rel) throw new Error(`no file for ${id}`);
    return { rel, ...readPaper(path.join(root, 'papers', rel)) };
  };

  beforeAll(async () => {
    root = makeRoot({ seeds: true });
    first = await runIngestAsync({ contentRoot: root, cwd: root });
  });

  it('reads 297 entries from 5 dumps and writes 264 papers', async () => {
    expect(first.summary).toMatchObject({
      dumps: 5,
      entries: 297,
      papers: 264,
      new: 264,
      updated: 0,
      unchanged: 0,
      moved: 0,
      skipped: 0,
    });
    expect(first.dumps.map((d) => [d.name, d.entries])).toEqual([
      [DUMPS[0], 26],
      [DUMPS[1], 82],
      [DUMPS[2], 56],
      [DUMPS[3], 48],
      [DUMPS[4], 85],
    ]);
    expect(paperFiles(root)).toHaveLength(264);
    expect(first.writes.filter((w) => w.action === 'create')).toHaveLength(264);
  });

  it('writes files that match the paper schema, each in the folder of its primary theme, with an empty body', async () => {
    const taxonomyIds = ['kv-cache', 'attention', 'long-context', 'other'];
    for (const rel of paperFiles(root)) {
      const { data, body } = readPaper(path.join(root, 'papers', rel));
      const parsed = PaperSchema.parse(data);
      expect(rel).toBe(`${parsed.themes[0]}/${parsed.id}.mdx`);
      expect(parsed.themes.every((t) => taxonomyIds.includes(t))).toBe(true);
      expect(parsed.sources.length).toBeGreaterThan(0);
      expect((parsed.authors === undefined) !== (parsed.organization === undefined)).toBe(true);
      expect(body.length).toBe(0);
    }
  });

  it('lists the year inference of every dump', async () => {
    expect(
      first.yearInferences.map((y) => [y.name, y.captureDate, y.method, y.latestExplicitYear, y.inferred.length]),
    ).toEqual([
      [DUMPS[0], '2026-01-07', 'evidence', 2025, 0],
      [DUMPS[1], '2025-11-04', 'evidence', 2024, 26],
      [DUMPS[2], '2026-03-10', 'evidence', 2025, 4],
      [DUMPS[3], '2025-12-08', 'evidence', 2024, 22],
      [DUMPS[4], '2025-10-28', 'after-latest-explicit-year', 2024, 31],
    ]);
    const withInferredYear = new Set(first.entries.filter((e) => e.yearInferred).map((e) => e.id));
    expect(withInferredYear.size).toBe(82);
  });

  it('reports the 14 entries cut short (no byline, no date) with file:line, and the one year still a guess', async () => {
    expect(first.problems.filter((p) => p.code !== 'truncated-entry')).toEqual([
      expect.objectContaining({ code: 'capture-year-guessed', file: `sources/${DUMPS[4]}`, line: 11 }),
    ]);
    expect(first.problems.filter((p) => p.code === 'truncated-entry')).toHaveLength(14);
    expect(first.captureYearFix).toBe(`captureYear:\n  "${DUMPS[4]}": 2025 # captured 10-28; 2025–2026 possible`);
    expect(first.problems[0]).toMatchObject({ file: `sources/${DUMPS[1]}`, line: 29 });
    expect(first.problems[0]!.message).toContain("Learning What Reinforcement Learning Can't");
  });

  it.each([
    [
      'an organization byline and upvotes after a date without a year',
      'compllm-compression-for-long-context-q-a',
      {
        title: 'CompLLM: Compression for Long Context Q&A',
        date: '2025-09-23',
        organization: 'Amazon',
        upvotes: 4,
        sources: [DUMPS[1], DUMPS[3]],
      },
    ],
    [
      'a paper in three dumps',
      'bytescale-efficient-scaling-of-llm-training-with-a-2048k-context-length-on-more',
      {
        date: '2025-02-28',
        authors: 9,
        upvotes: 0,
        sources: [DUMPS[0], DUMPS[2], DUMPS[3]],
      },
    ],
    [
      'a title kept as written, typo included, with upvotes after a full date',
      'gear-an-efficient-kv-cache-compression-recipefor-near-lossless-generative',
      {
        title: 'GEAR: An Efficient KV Cache Compression Recipefor Near-Lossless Generative Inference of LLM',
        date: '2024-03-08',
        authors: 7,
        upvotes: 2,
      },
    ],
    [
      'a year inferred in a dump captured in 2026',
      'allmem-a-memory-centric-recipe-for-efficient-long-context-modeling',
      { date: '2026-02-14', authors: 8, sources: [DUMPS[2]] },
    ],
  ])('gets the fields right for %s', (_name, id, expected) => {
    const { data } = paper(id);
    expect(data).toMatchObject({ id, ...expected });
    if ('organization' in expected) expect(data).not.toHaveProperty('authors');
  });

  it('keeps LaTeX and braces of abstracts as YAML text', async () => {
    const withLatex = paperFiles(root)
      .map((rel) => readPaper(path.join(root, 'papers', rel)).data)
      .filter((d) => typeof d.abstract === 'string' && /\\[a-z]+\{|\$/.test(d.abstract));
    expect(withLatex.length).toBeGreaterThan(0);
    const source = DUMPS.map((d) => fs.readFileSync(path.join(root, 'sources', d), 'utf8')).join('\n');
    for (const data of withLatex) expect(source).toContain(data.abstract as string);
  });

  it('writes nothing on a second run with the same inputs (no write, no mtime change)', async () => {
    const before = snapshot(path.join(root, 'papers'));
    const second = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(second.writes).toEqual([]);
    expect(second.summary).toMatchObject({ papers: 264, new: 0, updated: 0, unchanged: 264, moved: 0 });
    const after = snapshot(path.join(root, 'papers'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [rel, state] of before) {
      expect(after.get(rel)!.mtimeMs).toBe(state.mtimeMs);
      expect(after.get(rel)!.ino).toBe(state.ino);
    }
  });

  it('writes the same files from scratch every time (deterministic output)', async () => {
    const again = makeRoot({ seeds: true });
    await runIngestAsync({ contentRoot: again, cwd: again });
    const a = snapshot(path.join(root, 'papers'));
    const b = snapshot(path.join(again, 'papers'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [rel, state] of a) expect(b.get(rel)!.bytes.equals(state.bytes)).toBe(true);
  });
});

describe('ingest CLI on the seed dumps', () => {
  it('--dry-run writes nothing and says what it would create', async () => {
    const root = makeRoot({ seeds: true });
    const { status, stdout } = runCli(['--content', root, '--dry-run', '--verbose']);
    expect(status).toBe(0);
    expect(fs.existsSync(path.join(root, 'papers'))).toBe(false);
    expect(stdout).toContain(
      'ingest (dry run, nothing written): 5 dumps, 297 entries, 264 papers — 264 new, 0 updated, 0 unchanged, 0 moved, 15 warnings',
    );
    expect(stdout.match(/^would create /gm)).toHaveLength(264);
  });

  it('prints problems, the year inferences and the summary line', async () => {
    const root = makeRoot({ seeds: true });
    const { status, stdout, stderr } = runCli(['--content', root]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(
      'ingest: 5 dumps, 297 entries, 264 papers — 264 new, 0 updated, 0 unchanged, 0 moved, 15 warnings',
    );
    expect(lines).toContain('year inference:');
    expect(stdout).toMatch(
      /000_0331881b8cc86f1c\.txt: captured 2026-01-07 \(every other year contradicts the evidence: 26 from a year written in the dump, 18 from a paper dated after this capture\); 0 dates without a year → 2026/,
    );
    expect(stdout).toContain(
      `capture years still guessed: check them, then paste this into ingest.yaml in the content root:\n  captureYear:\n    "${DUMPS[4]}": 2025 # captured 10-28; 2025–2026 possible\n`,
    );
    // The shipped dumps' known problems are one count; --verbose lists each.
    expect(stdout).toMatch(
      /^warning: 14 known problems in the default dumps that ship with the project \(truncated-entry: 14, in 4 files\)/m,
    );
    expect(stdout).not.toMatch(/001_b8d7ce8aaaa69b2c\.txt:29:/);
    const verbose = runCli(['--content', makeRoot({ seeds: true }), '--verbose', '--dry-run']).stdout;
    expect(verbose).toMatch(/^warning: .*001_b8d7ce8aaaa69b2c\.txt:29: "Learning What/m);
    expect(verbose.match(/^warning: .*has no byline and date/gm)).toHaveLength(14);
  });

  it('--json prints the whole report, and --strict turns the warnings into exit status 1', async () => {
    const root = makeRoot({ seeds: true });
    const { status, stdout } = runCli(['--content', root, '--json', '--strict']);
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as IngestReport;
    expect(report.summary).toMatchObject({ dumps: 5, entries: 297, papers: 264, new: 264, warnings: 15 });
    expect(report.entries).toHaveLength(297);
    expect(report.yearInferences).toHaveLength(5);
    expect(report.papers.every((p) => p.themes.length > 0 && Array.isArray(p.matches))).toBe(true);
    expect(report.writes).toHaveLength(264);
  });

  it('takes the content root from READING_LIST_CONTENT', async () => {
    const root = makeRoot({ seeds: true });
    const { status, stdout } = runCli(['--json'], { READING_LIST_CONTENT: root });
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as IngestReport).summary.new).toBe(264);
    expect(paperFiles(root)).toHaveLength(264);
  });

  it('shows progress on stderr when it is a terminal, and none otherwise', async () => {
    const root = makeRoot({ seeds: true });
    // script(1) gives the command a terminal, as a reader's shell would.
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" --content "${root}"`, '/dev/null'], {
      cwd: PROJECT,
      encoding: 'utf8',
    });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain('assigning themes 264/264');
    expect(tty.stdout).toContain('writing papers 264/264');
    const piped = runCli(['--content', makeRoot({ seeds: true })]);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('writing papers');
  });
});
