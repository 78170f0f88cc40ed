// Ingest and the reader at the same time: a note saved after ingest read the file and before it wrote it is
// never replaced (it is reported and the next run picks it up), and two ingests on one content root never
// write at once: the second one says clearly that the first holds the lock, with no stack trace.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isProblemError } from '../../src/lib/project/errors.ts';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { LOCK_FILE } from '../../src/lib/ingest/store.ts';
import { splitFrontmatter } from '../../src/lib/ingest/frontmatter.ts';
import {
  CLI,
  PROJECT,
  makeRoot,
  paperFiles,
  readPaper,
  removeRoots,
  runCli,
  useThemes,
} from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const NOTE = '\n## Saved while ingest ran\n\nThis must not be lost.\n';
const STALE = 'upvotes: 999999';

/** An ingested root where `count` files carry an out-of-date upvote count, so the next run rewrites them. */
async function rootWithStaleFiles(count: number): Promise<{ root: string; stale: string[] }> {
  const root = makeRoot({ seeds: true });
  await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
  const stale = paperFiles(root).slice(0, count);
  for (const rel of stale) {
    const file = path.join(root, 'papers', rel);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^upvotes: \d+$/m, STALE));
  }
  return { root, stale };
}

describe('a note saved while ingest runs', () => {
  for (const [name, run] of [['runIngestAsync', runIngestAsync]] as const) {
    it(`is kept, reported by name, and updated by the next run (${name})`, async () => {
      const { root, stale } = await rootWithStaleFiles(3);
      const saved = path.join(root, 'papers', stale[1]!);
      let edited = false;
      const report = await run({
        contentRoot: root,
        cwd: root,
        recordDir: false,
        // Every file has been read when planning starts: the reader saves now, before any write.
        onProgress: ({ stage }) => {
          if (stage !== 'plan' || edited) return;
          edited = true;
          fs.appendFileSync(saved, NOTE);
        },
      });
      expect(edited).toBe(true);
      const text = fs.readFileSync(saved, 'utf8');
      expect(text).toContain(NOTE);
      expect(text).toContain(STALE);
      expect(report.problems).toContainEqual(
        expect.objectContaining({ file: `papers/${stale[1]}`, code: 'changed-during-run' }),
      );
      expect(report.writes.map((w) => w.path)).not.toContain(`papers/${stale[1]}`);
      // The other stale files were updated as usual.
      for (const rel of [stale[0]!, stale[2]!])
        expect(fs.readFileSync(path.join(root, 'papers', rel), 'utf8')).not.toContain(STALE);

      const next = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
      expect(next.problems.filter((p) => p.code === 'changed-during-run')).toEqual([]);
      const after = fs.readFileSync(saved, 'utf8');
      expect(after).toContain(NOTE);
      expect(after).not.toContain(STALE);
    });
  }

  it('is kept when the editor saved by replacing the file (a new inode)', async () => {
    const { root, stale } = await rootWithStaleFiles(1);
    const saved = path.join(root, 'papers', stale[0]!);
    const report = await runIngestAsync({
      contentRoot: root,
      cwd: root,
      recordDir: false,
      onProgress: ({ stage }) => {
        if (stage !== 'plan' || fs.readFileSync(saved, 'utf8').includes(NOTE)) return;
        const temp = `${saved}.editor-swap`;
        fs.writeFileSync(temp, fs.readFileSync(saved, 'utf8') + NOTE);
        fs.renameSync(temp, saved);
      },
    });
    expect(fs.readFileSync(saved, 'utf8')).toContain(NOTE);
    expect(report.problems.map((p) => p.code)).toContain('changed-during-run');
  });
});

describe('the content root lock', () => {
  let root: string;
  beforeEach(async () => {
    root = makeRoot({ seeds: true });
  });

  it('stops a run while another live process holds it, naming the holder and the fix', async () => {
    const lock = path.join(root, LOCK_FILE);
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2026-01-01T00:00:00Z' }));
    let caught: unknown;
    try {
      await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    } catch (error) {
      caught = error;
    }
    expect(isProblemError(caught)).toBe(true);
    if (!isProblemError(caught)) return;
    expect(caught.problem).toMatchObject({ file: LOCK_FILE, code: 'locked' });
    expect(caught.problem.message).toContain(`process ${process.pid}`);
    expect(caught.problem.action).toContain(`remove ${LOCK_FILE}`);
    expect(fs.existsSync(path.join(root, 'papers'))).toBe(false);
    // Still ours: the refused run did not take it away.
    expect(fs.readFileSync(lock, 'utf8')).toContain(String(process.pid));
  });

  it('is taken over from a run that was killed, and released at the end', async () => {
    // A pid far above any kernel's pid_max: no such process.
    fs.writeFileSync(
      path.join(root, LOCK_FILE),
      JSON.stringify({ pid: 2 ** 30, host: os.hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    expect(report.summary.new).toBe(264);
    expect(fs.existsSync(path.join(root, LOCK_FILE))).toBe(false);
  });

  it('is not needed by a dry run', async () => {
    fs.writeFileSync(
      path.join(root, LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    expect((await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false, dryRun: true })).summary.new).toBe(
      264,
    );
  });

  it('makes the CLI say in one line that another run holds it, exit 1', async () => {
    fs.writeFileSync(
      path.join(root, LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const result = runCli(['--content', root]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^ingest: .*\.ingest\.lock: another ingest is writing into this content root/);
  });

  it('lets two ingests started together on one root finish cleanly: one writes, the other stops politely', async () => {
    const start = () =>
      new Promise<{ status: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, '--content', root], {
          cwd: PROJECT,
          env: { ...process.env, NO_COLOR: '1' },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('close', (status) => resolve({ status, output }));
      });
    const results = await Promise.all([start(), start(), start()]);
    for (const { status, output } of results) {
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
      if (status !== 0) {
        expect(status).toBe(1);
        expect(output).toContain('another ingest is writing into this content root');
      }
    }
    expect(results.some((r) => r.status === 0)).toBe(true);
    const files = paperFiles(root);
    expect(files).toHaveLength(264);
    for (const rel of files) expect(readPaper(path.join(root, 'papers', rel)).data.title).toBeTypeOf('string');
    expect(fs.existsSync(path.join(root, LOCK_FILE))).toBe(false);
    expect((await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false })).writes).toEqual([]);
    // Three full ingests of the seed list (about 3 s each alone), on a machine that may be busy.
  }, 120_000);
});

describe('a build or dev server reading papers/ while ingest writes', () => {
  it('only ever sees whole paper files, old or new, while ingest creates, rewrites and moves them', async () => {
    const { root } = await rootWithStaleFiles(60);
    // Another taxonomy moves many files to other folders.
    useThemes(root, 'themes-long-context-first.yaml');
    const child = spawn(process.execPath, [CLI, '--content', root], { cwd: PROJECT, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });
    let reads = 0;
    const broken: string[] = [];
    const papers = path.join(root, 'papers');
    while (running) {
      for (const rel of fs.readdirSync(papers, { recursive: true }) as string[]) {
        if (!rel.endsWith('.mdx')) continue;
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(path.join(papers, rel));
        } catch {
          continue; // moved away between the listing and the read
        }
        reads += 1;
        const split = splitFrontmatter(bytes);
        if (!split.ok || !/^title: /m.test(split.split.frontmatter)) broken.push(rel);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited).toBe(0);
    expect(reads).toBeGreaterThan(264);
    expect(broken).toEqual([]);
    // One full ingest with 60 rewrites and many moves, while this loop reads every file: about 15 s alone.
  }, 120_000);
});
