// The run record on the real seed dumps: a re-run on unchanged inputs answers from it with exactly the report a
// full run gives; any change to a paper file or an input (or a missing or broken record) means a full run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { recordName } from '../../src/lib/ingest/record.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { makeRoot, paperFiles, removeRoots, snapshot } from '../fixtures/ingest/helpers.ts';

const recordDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-record-'));
afterAll(async () => {
  removeRoots();
  fs.rmSync(recordDir, { recursive: true, force: true });
});

/** What a full run (no record) reports for the root as it is now, writing nothing. */
const fullReport = (root: string, dryRun = false): Promise<IngestReport> =>
  runIngestAsync({ contentRoot: root, cwd: root, recordDir: false, dryRun });
const recordFile = (root: string) => path.join(recordDir, recordName(path.resolve(root)));

describe('the run record', () => {
  let root: string;
  beforeEach(async () => {
    root = makeRoot({ seeds: true });
  });

  it("is kept by a clean run, outside the content root, and a re-run answers from it with the full run's report", async () => {
    const first = await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    expect(first.summary.new).toBe(264);
    expect(fs.existsSync(recordFile(root))).toBe(true);
    expect(fs.readdirSync(root).sort()).toEqual(['papers', 'sources', 'themes.yaml']);
    const before = snapshot(path.join(root, 'papers'));
    const again = await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    expect(again.summary).toMatchObject({ papers: 264, unchanged: 264, new: 0, updated: 0, moved: 0 });
    expect(again.writes).toEqual([]);
    expect(again).toEqual(await fullReport(root));
    expect(snapshot(path.join(root, 'papers'))).toEqual(before);
    // The seed dumps' own warnings (truncated entries) are part of every report, the recorded one too.
    expect(again.problems.length).toBeGreaterThan(0);
    expect(again.problems).toEqual(first.problems);
  });

  it('is what the re-run answers from (it reads no paper file)', async () => {
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    const record = JSON.parse(fs.readFileSync(recordFile(root), 'utf8'));
    record.report.papers[0].title = 'Only the record says this';
    fs.writeFileSync(recordFile(root), JSON.stringify(record));
    expect((await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).papers[0]!.title).toBe(
      'Only the record says this',
    );
  });

  it('answers a dry run too, as a dry run', async () => {
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    const dry = await runIngestAsync({ contentRoot: root, cwd: root, recordDir, dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry).toEqual(await fullReport(root, true));
  });

  it('is not trusted once a reader edits a paper file: the run reads every file again', async () => {
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    const rel = paperFiles(root)[0]!;
    const file = path.join(root, 'papers', rel);
    // A reader changes an ingest-owned key; a full run puts it back.
    const text = fs.readFileSync(file, 'utf8');
    const upvotes = Number(/^upvotes: (\d+)$/m.exec(text)![1]);
    fs.writeFileSync(file, text.replace(/^upvotes: \d+$/m, 'upvotes: 999999'));
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    expect(report.summary.updated).toBe(1);
    expect(report.writes).toEqual([
      { action: 'update', path: `papers/${rel}`, changes: [{ key: 'upvotes', old: 999999, new: upvotes }] },
    ]);
    expect(await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).toEqual(await fullReport(root));
  });

  it('is not trusted when a paper file appears or goes, or a temp file is left', async () => {
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    const rel = paperFiles(root)[0]!;
    const file = path.join(root, 'papers', rel);
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    expect((await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).writes).toEqual([
      { action: 'create', path: `papers/${rel}` },
    ]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-4242`);
    fs.writeFileSync(temp, 'half');
    expect((await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).removedTempFiles).toEqual([
      `papers/${path.dirname(rel)}/${path.basename(temp)}`,
    ]);
    fs.writeFileSync(path.join(root, 'papers', 'hand-added.mdx'), '---\nid: hand-added\ntitle: A paper I added\n---\n');
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    expect(report.summary.kept).toBe(1);
    expect(report).toEqual(await fullReport(root));
  });

  it('is not trusted when an input changes: a dump, themes.yaml or ingest.yaml', async () => {
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    fs.writeFileSync(path.join(root, 'ingest.yaml'), 'captureYear:\n  nothing.txt: 2024\n');
    const withConfig = await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    expect(withConfig.problems.map((p) => p.code)).toContain('unknown-dump');
    expect(withConfig).toEqual(await fullReport(root));
    const source = path.join(root, 'sources', fs.readdirSync(path.join(root, 'sources'))[0]!);
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace(/\n$/, '\n\n'));
    expect(await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).toEqual(await fullReport(root));
    fs.writeFileSync(
      path.join(root, 'themes.yaml'),
      'fallback: other\nsettings:\n  minScore: 1\nthemes:\n  - id: other\n    title: Other\n',
    );
    const moved = await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    expect(moved.summary.moved).toBeGreaterThan(0);
    expect(await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).toEqual(await fullReport(root));
  });

  it('a broken record only means a full run', async () => {
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir });
    const text = fs.readFileSync(recordFile(root), 'utf8');
    fs.writeFileSync(recordFile(root), text.slice(0, text.length / 2));
    expect(await runIngestAsync({ contentRoot: root, cwd: root, recordDir })).toEqual(await fullReport(root));
  });
});
