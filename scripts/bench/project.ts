/**
 * The project's side of the benchmark: a content root made of the synthetic
 * dumps and the default taxonomy, the ingest CLI run on it (twice: the second
 * run must write nothing), and `npm run build` (ingest, astro build, the
 * output stages in a process of their own) on a second, not yet ingested copy
 * of that content root, into a folder of its own with a cold cache, exactly as
 * a user runs them.
 */
import { copyFile, cp, mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { walkFiles } from '../../src/lib/fs/files.ts';
import { PROJECT_ROOT } from './baseline.ts';
import type { SyntheticList } from './generate.ts';
import { runMeasured, type RunResult } from './process-tree.ts';

export const INGEST_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'ingest.ts');
const DEFAULT_CONTENT = path.join(PROJECT_ROOT, 'content');

export interface ProjectSite {
  /** A copy of the project's site sources and scripts (see prepareProject), where the build runs. */
  root: string;
  /** The content root that the ingest steps measure (and the dev server serves). */
  content: string;
  /** The same dumps and configuration, not ingested: `npm run build` ingests it as a first build does (default: content). */
  buildContent?: string;
  out: string;
  cache: string;
}

/** What `npm run build` reads from the project folder; everything else stays out of the copy. */
const SITE_FILES = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'public', 'scripts'];

/**
 * Lays out a content root under `workDir`: the synthetic dumps in sources/,
 * and the default list's configuration files (themes.yaml and any other
 * top-level file), so themes are assigned by the real taxonomy.
 *
 * The site is built from a copy of its sources in `workDir` (node_modules
 * linked), not from the project folder: Astro writes its list of content
 * modules to <root>/.astro/content-modules.mjs whatever the cache folder, so
 * two builds of one root at the same time (a test, another build) overwrite
 * each other's list and fail or mix up content.
 */
export async function prepareProject(workDir: string, list: SyntheticList): Promise<ProjectSite> {
  const site = projectSite(workDir);
  for (const content of [site.content, site.buildContent as string]) {
    await mkdir(path.join(content, 'sources'), { recursive: true });
    for (const dump of list.dumps) await writeFile(path.join(content, 'sources', dump.name), dump.text);
    for (const entry of walkFiles(DEFAULT_CONTENT, { recursive: false, links: 'skip' }))
      await copyFile(path.join(DEFAULT_CONTENT, entry.name), path.join(content, entry.name));
  }
  await prepareSiteRoot(site);
  return site;
}

/** The folders of the project's site in a work folder. */
export function projectSite(workDir: string): ProjectSite {
  return {
    root: path.join(workDir, 'project-root'),
    content: path.join(workDir, 'project-content'),
    buildContent: path.join(workDir, 'project-build-content'),
    out: path.join(workDir, 'project-dist'),
    cache: path.join(workDir, 'project-cache'),
  };
}

/** A fresh copy of the site's sources at `site.root` (whatever was there before is removed), node_modules linked. */
export async function prepareSiteRoot(site: ProjectSite): Promise<void> {
  await rm(site.root, { recursive: true, force: true });
  await mkdir(path.join(site.root, 'content'), { recursive: true });
  // The site's fallback taxonomy (src/lib/project/content-root.ts) sits at <root>/content/themes.yaml.
  for (const entry of walkFiles(DEFAULT_CONTENT, { recursive: false, links: 'skip' }))
    await copyFile(path.join(DEFAULT_CONTENT, entry.name), path.join(site.root, 'content', entry.name));
  for (const name of SITE_FILES) {
    await cp(path.join(PROJECT_ROOT, name), path.join(site.root, name), { recursive: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(site.root, 'node_modules'), 'dir');
}

/** One file's identity on disk: a rewrite (even of the same bytes, via temp file and rename) changes it. */
export interface FileMark {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** Every file under `dir` with its identity, to tell afterwards which files a command wrote. */
export async function snapshot(dir: string): Promise<Map<string, FileMark>> {
  const marks = new Map<string, FileMark>();
  for (const file of walkFiles(dir, { links: 'skip' })) {
    const s = await stat(file.absolute);
    marks.set(file.relPath, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });
  }
  return marks;
}

/** Files added, removed or rewritten between two snapshots. */
export function changedFiles(before: Map<string, FileMark>, after: Map<string, FileMark>): string[] {
  const changed: string[] = [];
  for (const [file, mark] of after) {
    const old = before.get(file);
    if (!old || old.size !== mark.size || old.mtimeMs !== mark.mtimeMs || old.ino !== mark.ino) changed.push(file);
  }
  for (const file of before.keys()) if (!after.has(file)) changed.push(file);
  return changed.sort();
}

export interface IngestRun {
  run: RunResult;
  /** The CLI's --json report, when it printed one. */
  report?: unknown;
  /** Files written according to the report, when the report says. */
  reportedWritten?: number;
  /** Files under the content root that were added, removed or rewritten (measured on disk). */
  changed: string[];
  /** Paper files (.mdx) under papers/ afterwards. */
  paperFiles: number;
}

/** The last JSON object or array printed on stdout (progress lines may come before it). */
export function lastJson(stdout: string): unknown {
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    // fall through: find the start of the last top-level JSON value
  }
  for (let at = text.lastIndexOf('\n{'); at >= 0; at = text.lastIndexOf('\n{', at - 1)) {
    try {
      return JSON.parse(text.slice(at + 1));
    } catch {
      // keep looking further up
    }
  }
  return undefined;
}

/**
 * How many files the report says were written. Reads the usual spellings:
 * a `written` count or list, or the summary counts of new, updated and moved
 * papers (unchanged ones are not written).
 */
export function reportedWrites(report: unknown): number | undefined {
  if (!report || typeof report !== 'object') return undefined;
  const r = report as Record<string, unknown>;
  const count = (v: unknown): number | undefined =>
    typeof v === 'number' ? v : Array.isArray(v) ? v.length : undefined;
  for (const key of ['written', 'filesWritten', 'writes']) {
    const n = count(r[key]);
    if (n !== undefined) return n;
  }
  for (const key of ['summary', 'counts', 'totals']) {
    const inner = r[key];
    if (inner && typeof inner === 'object') {
      const nested = reportedWrites(inner);
      if (nested !== undefined) return nested;
    }
  }
  const parts = ['new', 'created', 'updated', 'moved'].map((k) => count(r[k]));
  if (parts.some((p) => p !== undefined)) return parts.reduce<number>((s, p) => s + (p ?? 0), 0);
  return undefined;
}

export async function runIngest(site: ProjectSite, logFile: string): Promise<IngestRun> {
  const before = await snapshot(site.content);
  const run = await runMeasured(process.execPath, [INGEST_SCRIPT, '--content', site.content, '--json'], {
    cwd: PROJECT_ROOT,
    logFile,
    keepBytes: 512 * 1024 * 1024,
  });
  const after = await snapshot(site.content);
  const report = lastJson(run.stdout);
  const reportedWritten = reportedWrites(report);
  const paperFiles = [...after.keys()].filter((f) => f.startsWith(`papers${path.sep}`) && f.endsWith('.mdx')).length;
  return {
    run,
    ...(report !== undefined ? { report } : {}),
    ...(reportedWritten !== undefined ? { reportedWritten } : {}),
    changed: changedFiles(before, after),
    paperFiles,
  };
}

/**
 * `npm run build -- --verbose --content <site.buildContent>` as a command for runMeasured: ingest, `astro build`
 * into `site.out`, then the output stages in a process of their own, one process tree. `--verbose` keeps Astro's
 * every line (the phase split reads them); without it only the route listing is shortened.
 *
 * It runs scripts/build.ts of the copied root, which runs Astro there, as `npm run build` runs from the project
 * folder (the site resolves content paths against the working directory); Astro's prerender chunks then go to
 * <copy>/.astro/.prerender/, also apart from any other build.
 */
export function projectBuildCommand(site: ProjectSite): {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
} {
  return {
    command: process.execPath,
    args: [path.join(site.root, 'scripts', 'build.ts'), '--verbose', '--content', site.buildContent ?? site.content],
    cwd: site.root,
    env: {
      READING_LIST_OUT: site.out,
      READING_LIST_CACHE: site.cache,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  };
}
