/**
 * The only ingest module that touches the disk. Reads dumps, the taxonomy
 * choice, ingest.yaml and paper files; writes paper files atomically (a temp
 * file in the same folder, fsync, rename; folders are synced once at the end),
 * one at a time or a batch at once, and moves them without ever overwriting;
 * reads and writes the run record (see record.ts). It never deletes a paper file: the only files it
 * removes are its own temp files left by a killed run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProblemError } from '../errors.ts';
import type { FileStamp, PaperFile, SourceFile } from './types.ts';

/** Temp files are hidden and do not end in .mdx, so neither the site nor a scan takes them for papers. */
const TEMP_FILE = /^\..+\.tmp-\d+$/;

/** `.foo.mdx.tmp-1234` next to `foo.mdx`. */
export function tempPathFor(target: string, pid = process.pid): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${pid}`);
}

/** True when the path exists and is a folder. */
export function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

/** True when the path exists. */
export function exists(target: string): boolean {
  return fs.existsSync(target);
}

/** Text of a file, or undefined when it does not exist. */
export function readTextIfExists(target: string): string | undefined {
  try {
    return fs.readFileSync(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads every visible regular file of sources/ (hidden files such as .gitkeep are not dumps), sorted by name.
 * @param label how the folder is shown in problems
 * @returns undefined when the folder does not exist
 */
export function readSources(dir: string, label: string): SourceFile[] | undefined {
  if (!isDirectory(dir)) return undefined;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, file: `${label}/${name}`, bytes: fs.readFileSync(path.join(dir, name)) }));
}

/**
 * Reads every .mdx file under papers/ (any depth), and lists ingest's leftover temp files.
 * @param label how the folder is shown in problems
 */
export function readPaperFiles(dir: string, label: string): { files: PaperFile[]; temps: string[] } {
  const files: PaperFile[] = [];
  const temps: string[] = [];
  if (!isDirectory(dir)) return { files, temps };
  const walk = (relDir: string) => {
    const entries = fs
      .readdirSync(path.join(dir, relDir), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) walk(relPath);
      else if (TEMP_FILE.test(entry.name)) temps.push(relPath);
      else if (entry.isFile() && entry.name.endsWith('.mdx') && !entry.name.startsWith('.')) {
        const { bytes, stamp } = readStamped(path.join(dir, relPath));
        files.push({ relPath, folder: relDir, name: entry.name, file: `${label}/${relPath}`, bytes, stamp });
      }
    }
  };
  walk('');
  return { files, temps };
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
  const stamps = new Map<string, FileStamp>();
  if (!isDirectory(dir)) return stamps;
  const walk = (relDir: string): boolean => {
    for (const entry of fs.readdirSync(path.join(dir, relDir), { withFileTypes: true })) {
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!walk(relPath)) return false;
      } else if (TEMP_FILE.test(entry.name)) return false;
      else if (entry.isFile() && entry.name.endsWith('.mdx') && !entry.name.startsWith('.')) {
        stamps.set(relPath, stampOf(fs.statSync(path.join(dir, relPath))));
      }
    }
    return true;
  };
  try {
    return walk('') ? stamps : undefined;
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

/**
 * Errors that mean the papers folder refuses every write (read-only, full, not ours, not a folder): going on
 * would only repeat them for every paper, so the run stops with one line that names the path.
 */
const STORAGE_REFUSED: Record<string, string> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file sits where a folder is expected',
};

function refused(error: unknown, target: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || !(code in STORAGE_REFUSED)) return error;
  return new ProblemError({
    file: target,
    code: 'storage-refused',
    message: `cannot write: ${STORAGE_REFUSED[code]} (${code})`,
    action: 'ingest stopped; every paper file is complete (old or new); fix the folder, then run ingest again',
  });
}

/** mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT when a parent is read-only. */
function makeFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
    makeFolder(path.dirname(dir));
    fs.mkdirSync(dir);
  }
}

/**
 * Writes a file so that readers see the old content or the new one, never a part.
 * @throws ProblemError when the folder refuses writes (read-only, full…); the temp file is removed
 */
export function writeFileAtomic(target: string, bytes: Uint8Array): void {
  const dir = path.dirname(target);
  const temp = tempPathFor(target);
  try {
    makeFolder(dir);
    const fd = fs.openSync(temp, 'w');
    try {
      // writeFileSync on a descriptor loops until every byte is written (writeSync may write fewer).
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // The folder refuses even that; a leftover temp file is removed by the next run.
    }
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
    const names = isDirectory(path.join(projectRoot, folder))
      ? fs
          .readdirSync(path.join(projectRoot, folder))
          .filter((n) => n.endsWith('.ts'))
          .sort()
      : [];
    for (const name of names) add(`${folder}/${name}`);
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
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}-${Date.now()}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, target);
    const records = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .map((name) => ({ name, mtimeMs: fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const old of records.slice(keep)) fs.rmSync(path.join(dir, old.name), { force: true });
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the record is a shortcut.
    }
  }
}

/** One file to write atomically. */
export interface AtomicWrite {
  target: string;
  bytes: Uint8Array;
}

/**
 * Writes many files as writeFileAtomic does, up to `concurrency` at a time, so
 * that their fsyncs overlap (the disk flushes a batch far faster than one file
 * after another). Each file is still renamed only after its own bytes are
 * written and synced, so a kill at any moment leaves every file old or new.
 * @param onDone called after each file, with its error if it failed
 * @throws ProblemError when the folder refuses writes; no new write starts after that, the ones under way finish
 */
export async function writeFilesAtomic(
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
      await fs.promises.rename(temp, target);
    } catch (error) {
      await fs.promises.rm(temp, { force: true }).catch(() => {
        // The folder refuses even that; a leftover temp file is removed by the next run.
      });
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

/** Moves a file to another folder; throws if the destination exists (never overwrites). */
export function moveFile(from: string, to: string): void {
  if (fs.existsSync(to)) throw new Error(`refusing to move ${from}: ${to} already exists`);
  try {
    makeFolder(path.dirname(to));
    fs.renameSync(from, to);
  } catch (error) {
    throw refused(error, to);
  }
}
