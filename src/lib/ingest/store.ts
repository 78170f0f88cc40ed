/**
 * The only ingest module that touches the disk. Reads dumps, the taxonomy
 * choice, ingest.yaml and paper files; writes paper files atomically (a temp
 * file in the same folder, fsync, rename; folders are synced once at the end) and moves them
 * without ever overwriting. It never deletes a paper file: the only files it
 * removes are its own temp files left by a killed run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProblemError } from '../errors.ts';
import type { PaperFile, SourceFile } from './types.ts';

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
    const entries = fs.readdirSync(path.join(dir, relDir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) walk(relPath);
      else if (TEMP_FILE.test(entry.name)) temps.push(relPath);
      else if (entry.isFile() && entry.name.endsWith('.mdx') && !entry.name.startsWith('.')) {
        files.push({ relPath, folder: relDir, name: entry.name, file: `${label}/${relPath}`, bytes: fs.readFileSync(path.join(dir, relPath)) });
      }
    }
  };
  walk('');
  return { files, temps };
}

/** Removes one of ingest's own temp files (refuses any other name). */
export function removeTempFile(target: string): void {
  if (!TEMP_FILE.test(path.basename(target))) throw new Error(`refusing to remove ${target}: not an ingest temp file`);
  fs.rmSync(target, { force: true });
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
