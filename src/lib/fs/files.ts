/**
 * The project's one file-system module: walking a folder, reading text, and
 * writing a file atomically. Ingest (src/lib/ingest/store.ts builds its
 * careful rewrites of a reader's files on these pieces), the theme tools,
 * enrich, the build hooks and the scripts all walk and write through here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProblemError } from '../project/errors.ts';

/** True when the path exists and is a folder (through links). */
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

/** Why a link could not be followed. */
export type BadLinkKind =
  /** It leads nowhere (or cannot be read); `code` is the system's error code. */
  | 'broken'
  /** It leads to something that is neither a folder nor a file (a socket, a device). */
  | 'special'
  /** It leads back to a folder already walked. */
  | 'loop';

export interface WalkOptions {
  /**
   * `follow` (the default): a link is taken for what it leads to: a linked folder is walked like any other
   * (once: a link back to a folder already walked is a `loop`), a linked file is listed. `skip`: links are
   * left out, whatever they lead to.
   */
  links?: 'follow' | 'skip';
  /** Walk into sub-folders (default true); when false only the folder's own files are listed. */
  recursive?: boolean;
  /** Leave out files and folders whose name starts with "." (default false). */
  skipHidden?: boolean;
  /** Leave out a file (its name); folders are always walked. */
  include?: (name: string) => boolean;
  /** Told of each link that cannot be followed; such a link is otherwise left out. */
  onBadLink?: (relPath: string, kind: BadLinkKind, code?: string) => void;
}

export interface WalkedFile {
  /** Path under the walked folder, with "/". */
  relPath: string;
  /** The folder part of relPath ('' at the top). */
  relDir: string;
  name: string;
  absolute: string;
  /** True when reached through a link (its own, or a folder's on the way). */
  link: boolean;
}

const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Every file under `dir`, depth first in name order (code-unit order, the same on every machine).
 * A folder that does not exist holds no file.
 * @throws when a folder cannot be read
 */
export function walkFiles(dir: string, options: WalkOptions = {}): WalkedFile[] {
  const files: WalkedFile[] = [];
  if (!isDirectory(dir)) return files;
  const follow = (options.links ?? 'follow') === 'follow';
  const recursive = options.recursive ?? true;
  const seen = new Set<string>([fs.realpathSync(dir)]);
  const walk = (relDir: string, viaLink: boolean) => {
    const entries = fs.readdirSync(path.join(dir, relDir), { withFileTypes: true }).sort(byName);
    for (const entry of entries) {
      if (options.skipHidden && entry.name.startsWith('.')) continue;
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      const absolute = path.join(dir, relPath);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const linked = entry.isSymbolicLink();
      if (linked) {
        if (!follow) continue;
        let stats: fs.Stats;
        try {
          stats = fs.statSync(absolute);
        } catch (error) {
          options.onBadLink?.(relPath, 'broken', (error as NodeJS.ErrnoException).code);
          continue;
        }
        isDir = stats.isDirectory();
        isFile = stats.isFile();
        if (!isDir && !isFile) {
          options.onBadLink?.(relPath, 'special');
          continue;
        }
      }
      if (isDir) {
        if (!recursive) continue;
        const real = fs.realpathSync(absolute);
        if (seen.has(real)) {
          if (linked) options.onBadLink?.(relPath, 'loop');
          continue;
        }
        seen.add(real);
        walk(relPath, viaLink || linked);
      } else if (isFile && (!options.include || options.include(entry.name))) {
        files.push({ relPath, relDir, name: entry.name, absolute, link: viaLink || linked });
      }
    }
  };
  walk('', false);
  return files;
}

/** `.foo.mdx.tmp-1234` next to `foo.mdx`: hidden, and not ending in the target's extension. */
export function tempPathFor(target: string, pid = process.pid): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${pid}`);
}

/** mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT when a parent is read-only. */
export function makeFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
    makeFolder(path.dirname(dir));
    fs.mkdirSync(dir);
  }
}

/** A temp file with `bytes`, flushed to disk; `mode` exact (not reduced by the umask) when given. */
export function writeSynced(temp: string, bytes: Uint8Array, mode?: number): void {
  const fd = fs.openSync(temp, 'w', mode ?? 0o666);
  try {
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    // writeFileSync on a descriptor loops until every byte is written (writeSync may write fewer).
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes a temp file, saying nothing when even that is refused (the next run removes leftovers). */
export function removeQuietly(temp: string): void {
  try {
    fs.rmSync(temp, { force: true });
  } catch {
    // The folder refuses even that; a leftover temp file is removed by the next run.
  }
}

/**
 * Errors that mean a folder refuses every write (read-only, full, not ours, not a folder): going on would only
 * repeat them, so the command stops with one line that names the path.
 */
const STORAGE_REFUSED: Record<string, string> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file sits where a folder is expected',
};

/**
 * A refused write as a problem (code `storage-refused`) naming the path and the cause; any other error as it is.
 * @param action what was done and the fix, as the caller can say it
 */
export function refusedWrite(error: unknown, target: string, action: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || !(code in STORAGE_REFUSED)) return error;
  return new ProblemError({
    file: target,
    code: 'storage-refused',
    message: `cannot write: ${STORAGE_REFUSED[code]} (${code})`,
    action,
  });
}

/**
 * Writes a file so that readers see the old content or the new one, never a part: a temp file in the same
 * folder, fsync, rename (the folder is made first when missing). The temp file is removed when anything fails.
 * @param options.mode the new file's permission bits, exact (default: 0o666 less the umask)
 * @param options.action what a refused write's problem says was done (default: nothing written, fix the folder)
 * @throws ProblemError (`storage-refused`) when the folder refuses writes; other errors as they are
 */
export function writeFileAtomic(
  target: string,
  bytes: Uint8Array | string,
  options: { mode?: number; action?: string } = {},
): void {
  const temp = tempPathFor(target);
  try {
    makeFolder(path.dirname(target));
    writeSynced(temp, typeof bytes === 'string' ? Buffer.from(bytes) : bytes, options.mode);
    fs.renameSync(temp, target);
  } catch (error) {
    removeQuietly(temp);
    throw refusedWrite(error, target, options.action ?? `nothing written; fix the folder, then run again`);
  }
}
