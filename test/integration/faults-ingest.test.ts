// Ingest under faults, on the real dumps: killed (SIGKILL) at random moments again and again, it never leaves a
// partial or missing paper file and the reader's notes survive; the next run completes and matches a clean run.
// A read-only, full or misshapen papers folder stops it with one line that names the path, and no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  watch,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperSchema } from '../../src/schemas/paper.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(REPO, 'content', 'sources');
const NODE = existsSync(path.join(REPO, 'node_modules', '.bin', 'node'))
  ? path.join(REPO, 'node_modules', '.bin', 'node')
  : process.execPath;
const INGEST = path.join(REPO, 'scripts', 'ingest.ts');

/** The first three dumps ("yesterday's" list) and all five (today's): runs alternate between them. */
const ALL_DUMPS = readdirSync(SOURCES)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const OLD_DUMPS = ALL_DUMPS.slice(0, 3);

const ITERATIONS = 24;
const LOOP_BUDGET_MS = 240_000;
const NOTE = (id: string) =>
  `\n## My notes on ${id}\n\nThe cache trick in section 3 is worth a second read; compare with $O(n^2)$ attention.\n`;

const temp = mkdtempSync(path.join(os.tmpdir(), 'faults-ingest-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

type Snapshot = Map<string, Buffer>;

function setSources(root: string, dumps: string[]): void {
  rmSync(path.join(root, 'sources'), { recursive: true, force: true });
  mkdirSync(path.join(root, 'sources'), { recursive: true });
  for (const dump of dumps) cpSync(path.join(SOURCES, dump), path.join(root, 'sources', dump));
}

function newRoot(name: string, dumps: string[]): string {
  const root = path.join(temp, name);
  mkdirSync(root, { recursive: true });
  cpSync(path.join(REPO, 'content', 'themes.yaml'), path.join(root, 'themes.yaml'));
  setSources(root, dumps);
  return root;
}

/** Every file under papers/, by path relative to it (temp files included, so tests can see them). */
function snapshot(root: string): Snapshot {
  const papers = path.join(root, 'papers');
  const out: Snapshot = new Map();
  if (!existsSync(papers)) return out;
  for (const entry of readdirSync(papers, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out.set(
        path.relative(papers, path.join(entry.parentPath, entry.name)),
        readFileSync(path.join(entry.parentPath, entry.name)),
      );
  }
  return out;
}

const mdxOnly = (snap: Snapshot) => new Map([...snap].filter(([file]) => file.endsWith('.mdx')));

function ingest(
  root: string,
  extra: string[] = [],
): { status: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const result = spawnSync(NODE, [INGEST, '--content', root, ...extra], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** Parses the frontmatter of an MDX paper and validates it; returns the problem, or undefined when valid. */
function invalidPaper(file: string, bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
  if (frontmatter === undefined) return `${file}: no complete frontmatter`;
  const result = PaperSchema.safeParse(parseYaml(frontmatter));
  return result.success ? undefined : `${file}: ${result.error.message}`;
}

/** Gives a few papers reader notes and a reader key with a comment, as a reader would in an editor. */
function addNotes(root: string, files: string[]): void {
  for (const file of files) {
    const target = path.join(root, 'papers', file);
    const text = readFileSync(target, 'utf8');
    const end = text.indexOf('\n---\n', 4);
    const id = path.basename(file, '.mdx');
    writeFileSync(
      target,
      `${text.slice(0, end)}\nstatus: reading # started on the train\n${text.slice(end)}${NOTE(id)}`,
    );
  }
}

function canUseNamespaces(): boolean {
  return (
    spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=16k tmpfs /mnt'], { stdio: 'ignore' }).status === 0
  );
}

// Reference states, built by clean (never killed) runs: the old list with notes, then today's list on top.
let oldState: Snapshot;
let newState: Snapshot;
let notedFiles: string[];
let oldRoot: string;
const runMs = { toNew: 0, toOld: 0 };

beforeAll(() => {
  oldRoot = newRoot('old', OLD_DUMPS);
  expect(ingest(oldRoot).status).toBe(0);
  const probe = path.join(temp, 'probe');
  cpSync(oldRoot, probe, { recursive: true });
  setSources(probe, ALL_DUMPS);
  const toNew = ingest(probe);
  expect(toNew.status).toBe(0);
  // Notes go on papers that today's list updates (their frontmatter is rewritten) and on some it leaves alone.
  const before = snapshot(oldRoot);
  const after = snapshot(probe);
  const changed = [...before.keys()].filter((f) => !after.get(f)!.equals(before.get(f)!)).sort();
  const unchanged = [...before.keys()].filter((f) => after.get(f)!.equals(before.get(f)!)).sort();
  expect(changed.length).toBeGreaterThan(3);
  notedFiles = [...changed.slice(0, 4), ...unchanged.slice(0, 2)];
  addNotes(oldRoot, notedFiles);
  oldState = snapshot(oldRoot);

  const newRootDir = path.join(temp, 'new');
  cpSync(oldRoot, newRootDir, { recursive: true });
  setSources(newRootDir, ALL_DUMPS);
  const clean = ingest(newRootDir);
  expect(clean.status).toBe(0);
  runMs.toNew = clean.ms;
  newState = snapshot(newRootDir);
  setSources(newRootDir, OLD_DUMPS);
  runMs.toOld = ingest(newRootDir).ms;
  setSources(newRootDir, ALL_DUMPS);
  expect(ingest(newRootDir).status).toBe(0);
}, 300_000);

describe('ingest killed at random moments', () => {
  it('never leaves a partial or missing paper file, keeps the notes, and the next run matches a clean run', async () => {
    // The reference states themselves keep the notes byte for byte.
    for (const file of notedFiles) {
      const text = newState.get(file)!.toString('utf8');
      expect(text.endsWith(NOTE(path.basename(file, '.mdx'))), file).toBe(true);
      expect(text).toContain('status: reading # started on the train');
    }

    const root = path.join(temp, 'killed');
    cpSync(oldRoot, root, { recursive: true });
    // Writes each direction makes in a clean run: the kill-after-N-events mode picks N among them.
    const writes = {
      toNew: [...newState].filter(([f, b]) => !oldState.get(f)?.equals(b)).length,
      toOld: [...newState].filter(([f, b]) => oldState.has(f) && !oldState.get(f)!.equals(b)).length,
    };
    const started = Date.now();
    const stats = { iterations: 0, kills: 0, killsMidWrite: 0, completed: 0, filesChecked: 0 };
    for (let i = 0; i < ITERATIONS && Date.now() - started < LOOP_BUDGET_MS; i++) {
      const toNew = i % 2 === 0;
      // Half the kills come at a random time of the whole run (start-up included); half after a random number of
      // file events in papers/, so that many land in the middle of the writes whatever the machine's speed.
      const byEvents = Math.floor(i / 2) % 2 === 1;
      setSources(root, toNew ? ALL_DUMPS : OLD_DUMPS);
      const before = mdxOnly(snapshot(root));
      const delay = Math.floor(Math.random() * (toNew ? runMs.toNew : runMs.toOld));
      const eventsBeforeKill = 1 + Math.floor(Math.random() * 2 * (toNew ? writes.toNew : writes.toOld));
      const child = spawn(NODE, [INGEST, '--content', root], { stdio: 'ignore' });
      let events = 0;
      const watcher = watch(path.join(root, 'papers'), { recursive: true }, () => {
        events += 1;
        if (byEvents && events === eventsBeforeKill) child.kill('SIGKILL');
      });
      const timer = byEvents ? undefined : setTimeout(() => child.kill('SIGKILL'), delay);
      const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (c, s) => resolve({ code: c, signal: s })),
      );
      clearTimeout(timer);
      watcher.close();
      stats.iterations += 1;
      const after = snapshot(root);
      const papers = mdxOnly(after);
      const moment = byEvents ? `after ${eventsBeforeKill} file events` : `after ${delay} ms`;
      const where = `iteration ${i} (${toNew ? "today's" : "yesterday's"} dumps, kill ${moment}, ${signal ?? `exit ${code}`})`;
      if (signal === 'SIGKILL') {
        stats.kills += 1;
        const changed = [...papers].filter(([f, b]) => !before.get(f)?.equals(b)).length;
        if (changed > 0 || after.size > papers.size) stats.killsMidWrite += 1;
      } else {
        expect(code, where).toBe(0);
        stats.completed += 1;
      }
      // Nothing missing: every paper file that was there is still there.
      for (const file of before.keys()) expect(papers.has(file), `${where}: ${file} went missing`).toBe(true);
      // Nothing partial: each file is whole, either as it was before today's dumps or as a clean run writes it.
      for (const [file, bytes] of papers) {
        expect(invalidPaper(file, bytes), where).toBeUndefined();
        const whole = oldState.get(file)?.equals(bytes) || newState.get(file)?.equals(bytes);
        expect(whole, `${where}: ${file} is neither the old nor the new file`).toBe(true);
        stats.filesChecked += 1;
      }
      // A killed run may leave its temp file, but never one a reader or the site would take for a paper.
      for (const file of after.keys())
        if (!file.endsWith('.mdx')) expect(path.basename(file), where).toMatch(/^\..+\.mdx\.tmp-\d+$/);
    }
    console.log(
      `faults: ${stats.iterations} runs, ${stats.kills} SIGKILLs (${stats.killsMidWrite} while writing), ` +
        `${stats.completed} finished before the kill; ${stats.filesChecked} paper files checked`,
    );
    expect(stats.iterations).toBeGreaterThanOrEqual(12);
    expect(stats.killsMidWrite).toBeGreaterThanOrEqual(Math.floor(stats.iterations / 4));

    // The next run completes and leaves exactly what a clean run leaves, temp files gone.
    setSources(root, ALL_DUMPS);
    const final = ingest(root);
    expect(final.status, final.stderr).toBe(0);
    const end = snapshot(root);
    expect([...end.keys()].sort()).toEqual([...newState.keys()].sort());
    for (const [file, bytes] of newState) expect(end.get(file)!.equals(bytes), file).toBe(true);
  }, 400_000);
});

/** Runs a shell script in new user and mount namespaces, so it may mount without touching the machine. */
function inNamespace(script: string): void {
  const result = spawnSync('unshare', ['-rm', 'sh', '-ec', script], { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`namespace script failed (exit ${result.status}): ${result.stderr}`);
}

const ONE_LINE_NO_STACK = (stderr: string) => {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
};

describe('a papers folder that refuses writes', () => {
  it('can mount here (user and mount namespaces are needed for the read-only and full-disk cases)', () => {
    expect(canUseNamespaces(), 'unshare -rm with a tmpfs mount failed: these fault tests need user namespaces').toBe(
      true,
    );
  });

  it('read-only: stops with one line naming the path, and changes nothing', () => {
    const root = path.join(temp, 'read-only');
    cpSync(oldRoot, root, { recursive: true });
    setSources(root, ALL_DUMPS);
    const before = snapshot(root);
    const papers = path.join(root, 'papers');
    const out = path.join(temp, 'read-only.out');
    inNamespace(
      `mount --bind "${papers}" "${papers}"; mount -o remount,ro,bind "${papers}"; ` +
        `set +e; "${NODE}" "${INGEST}" --content "${root}" >"${out}.stdout" 2>"${out}.stderr"; echo $? >"${out}.status"`,
    );
    expect(readFileSync(`${out}.status`, 'utf8').trim()).toBe('1');
    const line = ONE_LINE_NO_STACK(readFileSync(`${out}.stderr`, 'utf8'));
    expect(line).toMatch(
      new RegExp(
        `^ingest: ${papers}/[a-z0-9-]+/[a-z0-9-]+\\.mdx: cannot write: the file system is read-only \\(EROFS\\)`,
      ),
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('read-only with no theme folder yet: names the real cause, not a missing folder', () => {
    const root = newRoot('read-only-empty', ALL_DUMPS);
    const papers = path.join(root, 'papers');
    mkdirSync(papers);
    const out = path.join(temp, 'read-only-empty.out');
    inNamespace(
      `mount --bind "${papers}" "${papers}"; mount -o remount,ro,bind "${papers}"; ` +
        `set +e; "${NODE}" "${INGEST}" --content "${root}" >"${out}.stdout" 2>"${out}.stderr"; echo $? >"${out}.status"`,
    );
    expect(readFileSync(`${out}.status`, 'utf8').trim()).toBe('1');
    expect(ONE_LINE_NO_STACK(readFileSync(`${out}.stderr`, 'utf8'))).toMatch(
      /^ingest: .*papers\/.*\.mdx: cannot write: the file system is read-only \(EROFS\)/,
    );
    expect(readdirSync(papers)).toEqual([]);
  });

  it('full disk: stops with one line naming the path, leaves only whole files, and the next run completes', () => {
    const root = path.join(temp, 'full');
    cpSync(oldRoot, root, { recursive: true });
    setSources(root, ALL_DUMPS);
    const papers = path.join(root, 'papers');
    const seed = path.join(temp, 'full-seed');
    cpSync(papers, seed, { recursive: true });
    const afterFull = path.join(temp, 'full-after-failure');
    const afterRetry = path.join(temp, 'full-after-retry');
    const out = path.join(temp, 'full.out');
    // tmpfs counts whole 4 kB pages: room for the old papers and half of today's new ones, so it fills part way.
    const size = 4096 * (oldState.size + Math.floor((newState.size - oldState.size) / 2));
    inNamespace(
      `mount -t tmpfs -o size=${size} tmpfs "${papers}"; cp -a "${seed}/." "${papers}/"; ` +
        `set +e; "${NODE}" "${INGEST}" --content "${root}" >"${out}.stdout" 2>"${out}.stderr"; echo $? >"${out}.status"; set -e; ` +
        `mkdir -p "${afterFull}" "${afterRetry}"; cp -a "${papers}/." "${afterFull}/"; ` +
        `mount -o remount,size=16m "${papers}"; ` +
        `set +e; "${NODE}" "${INGEST}" --content "${root}" >"${out}.retry.stdout" 2>"${out}.retry.stderr"; echo $? >"${out}.retry.status"; set -e; ` +
        `cp -a "${papers}/." "${afterRetry}/"`,
    );
    expect(readFileSync(`${out}.status`, 'utf8').trim()).toBe('1');
    const line = ONE_LINE_NO_STACK(readFileSync(`${out}.stderr`, 'utf8'));
    expect(line).toMatch(
      new RegExp(`^ingest: ${papers}/[a-z0-9-]+/[a-z0-9-]+\\.mdx: cannot write: the disk is full \\(ENOSPC\\)`),
    );
    // Every file left on the full disk is whole (old or new) and no temp file fills it further.
    const onDisk = snapshotDir(afterFull);
    expect(onDisk.size).toBeGreaterThan(oldState.size);
    expect(onDisk.size).toBeLessThan(newState.size);
    for (const [file, bytes] of onDisk) {
      expect(file.endsWith('.mdx'), `${file} left on the full disk`).toBe(true);
      expect(oldState.get(file)?.equals(bytes) || newState.get(file)?.equals(bytes), file).toBe(true);
    }
    // With room again, the next run completes and matches a clean run.
    expect(readFileSync(`${out}.retry.status`, 'utf8').trim(), readFileSync(`${out}.retry.stderr`, 'utf8')).toBe('0');
    const retried = snapshotDir(afterRetry);
    expect([...retried.keys()].sort()).toEqual([...newState.keys()].sort());
    for (const [file, bytes] of newState) expect(retried.get(file)!.equals(bytes), file).toBe(true);
  });

  it('a file where the papers folder should be: one line naming the path, exit 1', () => {
    const root = newRoot('not-a-folder', OLD_DUMPS);
    writeFileSync(path.join(root, 'papers'), 'not a folder\n');
    const result = ingest(root);
    expect(result.status).toBe(1);
    expect(ONE_LINE_NO_STACK(result.stderr)).toMatch(
      new RegExp(
        `^ingest: ${path.join(root, 'papers')}/[a-z0-9-]+/[a-z0-9-]+\\.mdx: cannot write: a file sits where a folder is expected \\(ENOTDIR\\)`,
      ),
    );
    expect(readFileSync(path.join(root, 'papers'), 'utf8')).toBe('not a folder\n');
  });
});

/** Every file under a folder, by relative path. */
function snapshotDir(dir: string): Snapshot {
  const out: Snapshot = new Map();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out.set(
        path.relative(dir, path.join(entry.parentPath, entry.name)),
        readFileSync(path.join(entry.parentPath, entry.name)),
      );
  }
  return out;
}
