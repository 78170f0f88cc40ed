/**
 * The only ingest module that touches the disk, through src/lib/fs/files.ts
 * (the walk, the atomic write's pieces). Reads dumps, the taxonomy
 * choice, ingest.yaml and paper files; writes paper files atomically (a temp
 * file in the same folder, fsync, rename; folders are synced once at the end),
 * one at a time or a batch at once, and moves them without ever overwriting;
 * reads and writes the run record (see record.ts). It never deletes a paper file: the only files it
 * removes are its own temp files left by a killed run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProblemError } from '../project/errors.ts';
import {
  isDirectory,
  makeFolder,
  refusedWrite,
  removeQuietly,
  tempPathFor,
  type WalkedFile,
  walkFiles,
  writeFileAtomic,
  writeSynced,
} from '../fs/files.ts';
import type { FileStamp, PaperFile, SourceFile } from './types.ts';

/**
 * Reads every visible file of sources/ (hidden files such as .gitkeep are not dumps), sorted by name; a link
 * to a file is read through (a dump kept in a synced folder is a dump). A link that leads nowhere is not
 * skipped in silence: it is listed in `badLinks`.
 * @param label how the folder is shown in problems
 * @returns undefined when the folder does not exist
 */
export function readSources(
  dir: string,
  label: string,
): { sources: SourceFile[]; badLinks: Array<{ name: string; reason: string }> } | undefined {
  if (!isDirectory(dir)) return undefined;
  const badLinks: Array<{ name: string; reason: string }> = [];
  const names = walkFiles(dir, {
    recursive: false,
    skipHidden: true,
    onBadLink: (name, kind) =>
      badLinks.push({
        name,
        reason: kind === 'broken' ? 'the link is broken' : 'the link leads to something that is not a file',
      }),
  }).map((file) => file.name);
  return {
    sources: names.map((name) => ({ name, file: `${label}/${name}`, bytes: fs.readFileSync(path.join(dir, name)) })),
    badLinks: badLinks.sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

/** Temp files are hidden and do not end in .mdx, so neither the site nor a scan takes them for papers. */
const TEMP_FILE = /^\..+\.tmp-\d+$/;

const BAD_LINK: Record<string, string> = {
  special: 'the link leads to something that is neither a folder nor a file',
  loop: 'the link leads back to a folder already read (a loop)',
};

/**
 * Walks papers/ in name order, following symbolic links to folders and files
 * (readers keep notes in synced or shared folders, so links are normal): a
 * linked folder is walked like any other, a linked file is read through its
 * link. A link that loops back to a folder already walked is not walked twice.
 */
function walkPapers(dir: string): {
  files: WalkedFile[];
  temps: string[];
  badLinks: Array<{ relPath: string; reason: string }>;
} {
  const temps: string[] = [];
  const badLinks: Array<{ relPath: string; reason: string }> = [];
  const files = walkFiles(dir, {
    onBadLink: (relPath, kind, code) =>
      badLinks.push({
        relPath,
        reason: kind === 'broken' ? `the link is broken (${code ?? 'unreadable'})` : BAD_LINK[kind]!,
      }),
  }).filter((file) => {
    if (TEMP_FILE.test(file.name)) temps.push(file.relPath);
    else if (file.name.endsWith('.mdx') && !file.name.startsWith('.')) return true;
    return false;
  });
  return { files, temps, badLinks };
}

/**
 * Reads every .mdx file under papers/ (any depth, through links), and lists ingest's leftover temp files.
 * @param label how the folder is shown in problems
 */
export function readPaperFiles(
  dir: string,
  label: string,
): { files: PaperFile[]; temps: string[]; badLinks: Array<{ relPath: string; reason: string }> } {
  const walked = walkPapers(dir);
  const files = walked.files.map(({ relPath, relDir, name, absolute, link }): PaperFile => {
    const { bytes, stamp } = readStamped(absolute);
    // Read through a link (its own, or a folder's on the way): it lives where the reader keeps it.
    return { relPath, folder: relDir, name, file: `${label}/${relPath}`, bytes, stamp, ...(link ? { link } : {}) };
  });
  return { files, temps: walked.temps, badLinks: walked.badLinks };
}

function stampOf(stats: fs.Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** A file's bytes and its stamp, taken from the same open file. */
function readStamped(target: string): { bytes: Buffer; stamp: FileStamp } {
  const fd = fs.openSync(target, 'r');
  try {
    const stamp = stampOf(fs.fstatSync(fd));
    return { bytes: fs.readFileSync(fd), stamp };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Stamps of every .mdx file under papers/ (as readPaperFiles finds them), without reading them.
 * @returns undefined when an ingest temp file is there (the next run has cleaning to do) or the folder cannot be read
 */
export function stampPaperFiles(dir: string): Map<string, FileStamp> | undefined {
  try {
    const walked = walkPapers(dir);
    if (walked.temps.length > 0 || walked.badLinks.length > 0) return undefined;
    return new Map(walked.files.map((file) => [file.relPath, stampOf(fs.statSync(file.absolute))]));
  } catch {
    return undefined;
  }
}

/** Removes one of ingest's own temp files (refuses any other name). */
export function removeTempFile(target: string): void {
  if (!TEMP_FILE.test(path.basename(target))) throw new Error(`refusing to remove ${target}: not an ingest temp file`);
  fs.rmSync(target, { force: true });
}

/**
 * Removes a folder a move left empty. Only an empty folder goes (rmdir): one
 * holding anything at all, a hidden file included, stays as it is.
 * @returns true when the folder was removed
 */
export function removeEmptyFolder(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw refused(error, dir);
  }
}

/** Flushes folders' entries (renames) to disk; call once per folder at the end of a run. */
export function syncDirectories(dirs: Iterable<string>): void {
  for (const dir of dirs) syncDirectory(dir);
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A refused write stops ingest with one line that names the path (see refusedWrite). */
function refused(error: unknown, target: string): unknown {
  return refusedWrite(
    error,
    target,
    'ingest stopped; every paper file is complete (old or new); fix the folder, then run ingest again',
  );
}

function canWrite(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Codes of `link()` on file systems without hard links (FAT, exFAT, some network and sync folders). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function alreadyThere(target: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${target} already exists`), { code: 'EEXIST' });
}

/**
 * Puts a written temp file at `target` only if nothing is there (no file, no link, not even a dangling one):
 * a hard link is created or fails atomically, so a file an editor saved a moment ago is never replaced.
 * @throws an EEXIST error when something is there
 */
function placeNew(temp: string, target: string): void {
  try {
    fs.linkSync(temp, target);
    fs.rmSync(temp, { force: true });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || !code || !NO_HARD_LINKS.has(code)) throw error;
  }
  if (fs.lstatSync(target, { throwIfNoEntry: false })) throw alreadyThere(target);
  fs.renameSync(temp, target);
}

/** Creates a new file atomically; never replaces anything at `target`. @throws as writeFileAtomic, or EEXIST */
export function createFileAtomic(target: string, bytes: Uint8Array): void {
  const temp = tempPathFor(target);
  try {
    makeFolder(path.dirname(target));
    writeSynced(temp, bytes);
    placeNew(temp, target);
  } catch (error) {
    removeQuietly(temp);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    throw refused(error, target);
  }
}

/** A file as ingest read it: it is replaced only if it still is exactly that. */
export interface ReadState {
  bytes: Uint8Array;
  /** Size, mtime and inode at reading time, when known. */
  stamp?: FileStamp;
}

/**
 * What replaceFile did:
 * - `written`: the new bytes are in place (mode, owner and links kept);
 * - `changed`: the file is not the one ingest read (saved by an editor, replaced, removed): left alone;
 * - `read-only`: the file has no write permission for its owner: left alone, as its owner asked.
 */
export type ReplaceOutcome = 'written' | 'changed' | 'read-only';

function sameStamp(stats: fs.Stats, stamp: FileStamp | undefined): boolean {
  return !stamp || (stats.size === stamp.size && stats.mtimeMs === stamp.mtimeMs && stats.ino === stamp.ino);
}

/**
 * Rewrites an existing paper file, but only if it is still the file ingest read (same size, mtime, inode and
 * bytes, checked again just before the rename): a note saved in the meantime is never overwritten.
 *
 * A link is written through to its real file, which stays where it is (the link stays a link). The file keeps
 * its permission bits (a private 0600 note stays private) and, where the process may set it, its owner. A
 * file with several hard links is rewritten in place, so every name still shows the same file; any other
 * file goes through a temp file and a rename, so a reader sees the old bytes or the new, never a part.
 * @throws ProblemError when the folder refuses writes (read-only file system, full disk…)
 */
export function replaceFile(target: string, bytes: Uint8Array, expected: ReadState): ReplaceOutcome {
  let real: string;
  let fd: number;
  try {
    real = fs.realpathSync(target);
    fd = fs.openSync(real, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return 'changed';
    throw refused(error, target);
  }
  let stats: fs.Stats;
  try {
    stats = fs.fstatSync(fd);
    if (!stats.isFile() || !sameStamp(stats, expected.stamp)) return 'changed';
    if (!Buffer.from(fs.readFileSync(fd)).equals(Buffer.from(expected.bytes))) return 'changed';
  } finally {
    fs.closeSync(fd);
  }
  // The owner's write bit is the reader's word even for root; access() adds what this user may not write.
  if ((stats.mode & 0o200) === 0 || !canWrite(real)) return 'read-only';
  const mode = stats.mode & 0o7777;
  if (stats.nlink > 1) {
    try {
      const out = fs.openSync(real, 'r+');
      try {
        fs.writeFileSync(out, bytes);
        fs.ftruncateSync(out, bytes.length);
        fs.fsyncSync(out);
      } finally {
        fs.closeSync(out);
      }
      return 'written';
    } catch (error) {
      throw refused(error, target);
    }
  }
  const temp = tempPathFor(real);
  try {
    writeSynced(temp, bytes, mode);
    if (stats.uid !== process.getuid?.() || stats.gid !== process.getgid?.()) {
      try {
        fs.chownSync(temp, stats.uid, stats.gid);
      } catch {
        // Only the owner's own run or root may keep another owner; the mode is kept all the same.
      }
    }
    // The last look before the rename: the window left for an editor's save is this one system call.
    const now = fs.lstatSync(real, { throwIfNoEntry: false });
    if (!now?.isFile() || now.ino !== stats.ino || now.size !== stats.size || now.mtimeMs !== stats.mtimeMs) {
      removeQuietly(temp);
      return 'changed';
    }
    fs.renameSync(temp, real);
    return 'written';
  } catch (error) {
    removeQuietly(temp);
    throw refused(error, target);
  }
}

/**
 * Bytes of the files whose content decides ingest's output besides its inputs
 * (its own code, the schemas, the locked dependency versions), by path under `projectRoot`.
 */
export function readCodeFiles(
  projectRoot: string,
  folders: readonly string[],
  files: readonly string[],
): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  const add = (relPath: string) => {
    try {
      out.push([relPath, fs.readFileSync(path.join(projectRoot, relPath))]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };
  for (const folder of folders) {
    const code = walkFiles(path.join(projectRoot, folder), { recursive: false, include: (n) => n.endsWith('.ts') });
    for (const { name } of code) add(`${folder}/${name}`);
  }
  for (const file of files) add(file);
  return out;
}

/** Text of a run record, or undefined when there is none or it cannot be read. */
export function readRecordFile(target: string): string | undefined {
  try {
    return fs.readFileSync(target, 'utf8');
  } catch {
    return undefined;
  }
}

/** Removes a run record (its paper files are about to change); a missing one is fine. */
export function removeRecordFile(target: string): void {
  try {
    fs.rmSync(target, { force: true });
  } catch {
    // A record that cannot be removed is caught by its stamps on the next run.
  }
}

/**
 * Writes a run record (temp file and rename, so a reader never sees half of
 * one) and keeps only the `keep` newest records in its folder. A record is
 * only a shortcut: any failure here is ignored and the next run is a full one.
 */
export function writeRecordFile(target: string, text: string, keep: number): void {
  const dir = path.dirname(target);
  try {
    writeFileAtomic(target, text);
    const records = walkFiles(dir, { recursive: false, skipHidden: true, include: (name) => name.endsWith('.json') })
      .map(({ name, absolute }) => ({ name, mtimeMs: fs.statSync(absolute, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const old of records.slice(keep)) fs.rmSync(path.join(dir, old.name), { force: true });
  } catch {
    // Nothing more to do: the record is a shortcut (writeFileAtomic removed its temp file).
  }
}

/** One new file to write atomically. */
export interface AtomicWrite {
  target: string;
  bytes: Uint8Array;
}

/**
 * Creates many new files as createFileAtomic does, up to `concurrency` at a
 * time, so that their fsyncs overlap (the disk flushes a batch far faster than
 * one file after another). Each file is put in place only after its own bytes
 * are written and synced, so a kill at any moment leaves every file whole or
 * absent; a file that appeared at a target meanwhile is never replaced (EEXIST).
 * @param onDone called after each file, with its error if it failed
 * @throws ProblemError when the folder refuses writes; no new write starts after that, the ones under way finish
 */
export async function createFilesAtomic(
  writes: readonly AtomicWrite[],
  concurrency: number,
  onDone: (index: number, error?: NodeJS.ErrnoException) => void,
): Promise<void> {
  const folders = new Set<string>();
  let next = 0;
  let stop: unknown;
  const one = async ({ target, bytes }: AtomicWrite): Promise<void> => {
    const dir = path.dirname(target);
    const temp = tempPathFor(target);
    try {
      if (!folders.has(dir)) {
        makeFolder(dir);
        folders.add(dir);
      }
      const handle = await fs.promises.open(temp, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      placeNew(temp, target);
    } catch (error) {
      await fs.promises.rm(temp, { force: true }).catch(() => {
        // The folder refuses even that; a leftover temp file is removed by the next run.
      });
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      throw refused(error, target);
    }
  };
  const worker = async (): Promise<void> => {
    while (stop === undefined && next < writes.length) {
      const index = next++;
      try {
        await one(writes[index]!);
        onDone(index);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code) onDone(index, error as NodeJS.ErrnoException);
        else if (stop === undefined) stop = error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, writes.length)) }, worker));
  if (stop !== undefined) throw stop;
}

/**
 * Moves a file to another folder, never over anything: the destination is
 * checked just before the rename. A rename, not link() + unlink(): the file
 * is at exactly one of its two paths at every moment, so a build reading the
 * folder, or a kill, never sees it twice. (Under the content root's lock, no
 * other run can create the destination in between.)
 * @throws an EEXIST error when something is at `to`; ProblemError when the folder refuses writes
 */
export function moveFile(from: string, to: string): void {
  try {
    makeFolder(path.dirname(to));
    if (fs.lstatSync(to, { throwIfNoEntry: false })) throw alreadyThere(to);
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    throw refused(error, to);
  }
}

/** The content root's lock: one ingest at a time writes into a content root. */
export const LOCK_FILE = '.ingest.lock';

/** Who holds a lock, as written in the lock file. */
interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

/** A lock file whose owner is gone: written on this machine by a process that no longer runs. */
function isStale(owner: LockOwner | undefined, stats: fs.Stats | undefined): boolean {
  // A lock file that cannot be read was cut short by a kill before its first byte: stale after a minute.
  if (!owner) return stats !== undefined && Date.now() - stats.mtimeMs > 60_000;
  if (owner.host !== os.hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function readLock(target: string): LockOwner | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(target, 'utf8')) as Partial<LockOwner>;
    return typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.started === 'string'
      ? (data as LockOwner)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of a content root (`<root>/.ingest.lock`, holding the owner's
 * pid, host and start time), so that two ingests never write into one root at
 * once. A lock left by a run that was killed (its process is gone) is taken over.
 * @param show how paths are shown in the message
 * @returns a function that releases the lock
 * @throws ProblemError (code `locked`) when another run holds it
 */
export function acquireLock(root: string, show: (target: string) => string): () => void {
  const target = path.join(root, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  const temp = tempPathFor(target);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeSynced(temp, Buffer.from(`${JSON.stringify(owner)}\n`));
      placeNew(temp, target);
      return () => {
        // Only our own lock: a lock taken over from us (we were thought dead) is the other run's.
        if (readLock(target)?.pid === owner.pid && readLock(target)?.host === owner.host) removeQuietly(target);
      };
    } catch (error) {
      removeQuietly(temp);
      const code = (error as NodeJS.ErrnoException).code;
      // A content root nothing may be written into: no run can write there, so none needs the lock.
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return () => {};
      if (code !== 'EEXIST') throw refused(error, target);
    }
    const holder = readLock(target);
    if (isStale(holder, fs.statSync(target, { throwIfNoEntry: false }))) {
      removeQuietly(target);
      continue;
    }
    throw new ProblemError({
      file: show(target),
      code: 'locked',
      message: holder
        ? `another ingest is writing into this content root (process ${holder.pid} on ${holder.host}, started ${holder.started})`
        : 'another ingest is writing into this content root',
      action: `nothing done; run ingest again when it has finished (if no ingest is running, remove ${show(target)})`,
    });
  }
  throw new ProblemError({
    file: show(target),
    code: 'locked',
    message: 'the lock of this content root keeps changing hands',
    action: 'nothing done; run ingest again',
  });
}
