// A run killed (SIGKILL) at random moments while it writes and moves files leaves every paper file whole:
// each .mdx parses and matches the schema, none is lost or doubled, the reader's notes are intact, and the
// next run removes the temp files and finishes the job.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { parseDocument } from 'yaml';
import { splitFrontmatter } from '../../src/lib/ingest/frontmatter.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import {
  CLI,
  PROJECT,
  dump,
  makeRoot,
  paperFiles,
  runCli,
  snapshot,
  useThemes,
  removeRoots,
} from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const PAPERS = 600;
const KILLS = 6;

/** Six dumps of 100 papers; every title hits kv-cache and long-context, so each taxonomy switch moves every file. */
function generatedDumps(): Record<string, string> {
  const dumps: Record<string, string> = {};
  for (let d = 0; d < PAPERS / 100; d++) {
    const entries = Array.from({ length: 100 }, (_, i) => {
      const n = d * 100 + i;
      return {
        title: `Study ${n} of KV Cache Compression for Long Context Models`,
        abstract:
          `We compress the KV cache of model ${n} for long context inputs with {braces}, $O(n^2)$ math and <tags>. `
            .repeat(4)
            .trim(),
        date: `Mar ${1 + (n % 28)}, 2025 ${n % 50}`,
      };
    });
    dumps[`gen-${d}.txt`] = dump('Jun 1', entries);
  }
  return dumps;
}

/** Checks that every paper file is whole; returns the files by id. */
function checkWhole(root: string, notes: Map<string, string>): void {
  const files = paperFiles(root);
  expect(files).toHaveLength(PAPERS);
  const ids = new Set<string>();
  for (const rel of files) {
    const split = splitFrontmatter(fs.readFileSync(path.join(root, 'papers', rel)));
    expect(split.ok, rel).toBe(true);
    if (!split.ok) continue;
    const doc = parseDocument(split.split.frontmatter);
    expect(doc.errors, rel).toEqual([]);
    const paper = PaperSchema.parse(doc.toJS());
    ids.add(paper.id!);
    const note = notes.get(paper.id!);
    if (note) expect(Buffer.from(split.split.body).toString('utf8'), rel).toBe(note);
  }
  expect(ids.size).toBe(PAPERS);
}

/**
 * Starts the CLI and SIGKILLs it at its `events`-th file event under papers/: counting events rather than
 * milliseconds puts the kill in the middle of the writes however fast the disk is.
 */
function killDuringWrites(root: string, events: number): Promise<{ killed: boolean; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--content', root], { cwd: PROJECT, stdio: 'ignore' });
    let seen = 0;
    const watcher = fs.watch(path.join(root, 'papers'), { recursive: true }, () => {
      seen += 1;
      if (seen === events) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      watcher.close();
      resolve({ killed: signal === 'SIGKILL', pid: child.pid! });
    });
  });
}

describe('a run killed mid-write', () => {
  it('never leaves a half-written paper file, and the next run completes', { timeout: 600_000 }, async () => {
    const root = makeRoot({ sources: generatedDumps() });
    expect(runCli(['--content', root]).status).toBe(0);
    // The reader writes notes in every tenth paper.
    const notes = new Map<string, string>();
    paperFiles(root).forEach((rel, i) => {
      if (i % 10 !== 0) return;
      const full = path.join(root, 'papers', rel);
      const note = `\n## Notes on ${path.basename(rel, '.mdx')}\n\nKept through every kill: $x^2$ and <Callout>mdx</Callout>.\n`;
      fs.appendFileSync(full, note);
      notes.set(path.basename(rel, '.mdx'), note);
    });
    checkWhole(root, notes);

    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      // Switch taxonomies so each run has every file to rewrite and move.
      useThemes(root, i % 2 === 0 ? 'themes-long-context-first.yaml' : 'themes.yaml');
      // Each run rewrites and moves all 600 files (several events each): any count up to 600 lands mid-run.
      const { killed, pid } = await killDuringWrites(root, 1 + Math.floor(Math.random() * PAPERS));
      if (killed) kills++;
      checkWhole(root, notes);
      // At most the one file being written when the kill came is left as a temp file (earlier ones were removed).
      const left = [...snapshot(path.join(root, 'papers')).keys()].filter((rel) => !rel.endsWith('.mdx'));
      expect(left.length).toBeLessThanOrEqual(1);
      for (const rel of left) expect(rel).toMatch(new RegExp(`/\\..+\\.mdx\\.tmp-${pid}$`));
    }
    expect(kills).toBeGreaterThan(0);

    // A half-written temp file as a kill leaves it, whatever the last kill did.
    fs.writeFileSync(
      path.join(root, 'papers', 'kv-cache', '.half-written.mdx.tmp-99999'),
      '---\ntitle: "cut in the mid',
    );
    const temps = [...snapshot(path.join(root, 'papers')).keys()].filter((rel) => !rel.endsWith('.mdx'));
    const final = runCli(['--content', root, '--json']);
    expect(final.status).toBe(0);
    const report = JSON.parse(final.stdout) as IngestReport;
    expect(
      report.removedTempFiles
        .map((f) => path.relative(path.join(root, 'papers'), path.resolve(PROJECT, f)).split(path.sep).join('/'))
        .sort(),
    ).toEqual(temps.sort());
    expect([...snapshot(path.join(root, 'papers')).keys()].filter((rel) => !rel.endsWith('.mdx'))).toEqual([]);
    checkWhole(root, notes);
    // Finished: every file sits in its primary theme's folder, and one more run has nothing to do.
    for (const rel of paperFiles(root))
      expect(rel.startsWith('long-context/') || rel.startsWith('kv-cache/'), rel).toBe(true);
    const again = JSON.parse(runCli(['--content', root, '--json']).stdout) as IngestReport;
    expect(again.writes).toEqual([]);
    expect(again.summary.unchanged).toBe(PAPERS);
  });
});
