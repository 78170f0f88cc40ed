/**
 * The dev server, as a reader writing notes meets it: `astro dev` on the
 * benchmark's content root, timed from the spawn until a paper page answers
 * 200 with the paper's title, then, with that page open in headless Chromium,
 * a word appended to the paper's MDX body on disk (temp file and rename, as an
 * editor saves) timed until the page in the browser shows it.
 *
 * The server runs on 127.0.0.1 and a free port, from the copied site root with
 * a cache folder of its own (a cold start: nothing left by the build), in a
 * process group of its own; the whole tree is killed at the end, on success,
 * failure or timeout, and also if the benchmark itself exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { ASTRO_BIN } from './baseline.ts';
import { processTree } from './process-tree.ts';
import type { ProjectSite } from './project.ts';
import { launchChromium } from './search-bytes.ts';

export interface DevServerResult {
  /** The paper page used, as the dev server served it (e.g. /papers/<id>). */
  page: string;
  /** From spawning `astro dev` until the paper page answered 200 with its title. */
  startMs: number;
  /** From each save (the rename) until the open page showed the new word, in order. */
  editMs: number[];
  /** The median of editMs. */
  editMedianMs?: number;
}

export interface DevServerOptions {
  site: ProjectSite;
  /** How many edits to time. Default 3. */
  edits?: number;
  /** Give up on the start after this long. Default 180 s. */
  startTimeoutMs?: number;
  /** Give up on one edit after this long. Default 60 s. */
  editTimeoutMs?: number;
  logFile: string;
  log?: (message: string) => void;
  /**
   * Run `astro dev` under `node --cpu-prof`, writing its profiles here (when the server exits, at the end of
   * the measure). The profiler slows the server: its times are not comparable with an unprofiled run.
   */
  cpuProfileDir?: string;
}

/** A paper to open: its id, its title and its MDX file. */
export interface DevPaper {
  id: string;
  title: string;
  file: string;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The URLs a paper page may have on the dev server (with `build.format: 'file'` it answers both). */
export function paperPaths(id: string): string[] {
  const slug = encodeURIComponent(id);
  return [`/papers/${slug}`, `/papers/${slug}.html`];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Whether a page's HTML holds the title as text (escaped as HTML escapes it). */
export function htmlHasTitle(html: string, title: string): boolean {
  const escaped = title.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
  return html.includes(escaped) || html.includes(title);
}

/** A title that reads the same as text in the page: no LaTeX, no characters HTML would escape. */
export function isPlainTitle(title: string): boolean {
  return title.length > 0 && !/[$\\&<>"'`*_{}[\]]/.test(title);
}

/** The file's text with `word` appended as a paragraph of its own at the end of the body. */
export function appendWord(text: string, word: string): string {
  return `${text.replace(/\s*$/, '')}\n\n${word}\n`;
}

/**
 * The first paper (by file path) under `papersDir` whose title is plain text,
 * read from its frontmatter; the page is looked up by its file name.
 */
export async function pickPaper(papersDir: string): Promise<DevPaper> {
  const files = (await readdir(papersDir, { recursive: true }))
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => path.join(papersDir, f));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
    if (!front) continue;
    const data = parseYaml(front) as { title?: unknown; id?: unknown } | null;
    const title = typeof data?.title === 'string' ? data.title : undefined;
    if (title && isPlainTitle(title)) return { id: path.basename(file, '.mdx'), title, file };
  }
  throw new Error(`${papersDir}: no paper with a plain-text title among ${files.length} files`);
}

/**
 * The dev server's environment: the site's folders, and none of a test
 * runner's variables. Under VITEST Astro's dev server installs no page routes
 * (every URL is a 404), and NODE_ENV=test turns hot reload off.
 */
export function devServerEnv(base: NodeJS.ProcessEnv, site: ProjectSite): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!/^VITEST/.test(key) && key !== 'NODE_ENV') env[key] = value;
  return {
    ...env,
    READING_LIST_CONTENT: site.content,
    READING_LIST_OUT: site.out,
    READING_LIST_CACHE: `${site.cache}-dev`,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Kills `child` and every descendant: the process group, then any member found by parent pid. */
export async function killTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalAll = (signal: NodeJS.Signals): void => {
    const members = processTree(pid);
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
    for (const member of members) {
      try {
        process.kill(member, signal);
      } catch {
        // already gone
      }
    }
  };
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalAll('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  // Members that ignore SIGTERM, or outlived their parent.
  const left = processTree(pid).filter((p) => p !== pid || !done);
  if (!done || left.length > 0) signalAll('SIGKILL');
  await Promise.race([exited, sleep(2000)]);
}

/** Polls the dev server until one of the paper's URLs answers 200 with its title; returns that path. */
async function waitForPaper(
  origin: string,
  paper: DevPaper,
  deadline: number,
  exited: () => string | undefined,
): Promise<string> {
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`astro dev exited before serving the paper page (${gone})`);
    for (const pagePath of paperPaths(paper.id)) {
      try {
        const left = Math.max(1, Math.round(deadline - performance.now()));
        const response = await fetch(`${origin}${pagePath}`, { signal: AbortSignal.timeout(left) });
        const html = await response.text();
        if (response.status === 200 && htmlHasTitle(html, paper.title)) return pagePath;
        last = `${pagePath}: ${response.status}${response.status === 200 ? ' without the title' : ''}`;
      } catch (error) {
        last = `${pagePath}: ${(error as Error).message}`;
      }
    }
    await sleep(100);
  }
  throw new Error(`the paper page did not answer within the time allowed (last: ${last})`);
}

/** Polls the page's DOM until its text holds `word`; survives reloads (an evaluate during one just fails). */
async function waitForWord(page: Page, word: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const shown = await page.evaluate((w) => document.body?.textContent?.includes(w) ?? false, word).catch(() => false);
    if (shown) return;
    await sleep(20);
  }
  throw new Error(`the page did not show "${word}" within ${timeoutMs} ms of the save`);
}

/** Saves as an editor does: the new bytes to a temporary file beside it, then a rename over the original. */
async function atomicWrite(file: string, text: string | Buffer): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, text);
  await rename(temp, file);
}

/** Child processes still running, killed if the benchmark exits before their measure's own cleanup. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export async function measureDevServer(options: DevServerOptions): Promise<DevServerResult> {
  const { site } = options;
  const startTimeout = options.startTimeoutMs ?? 180_000;
  const editTimeout = options.editTimeoutMs ?? 60_000;
  const edits = options.edits ?? 3;
  const paper = await pickPaper(path.join(site.content, 'papers'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const log = createWriteStream(options.logFile);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
      ASTRO_BIN,
      'dev',
      '--root',
      site.root,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    {
      cwd: site.root,
      env: devServerEnv(process.env, site),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  if (child.pid !== undefined) running.add(child.pid);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `code ${code}`;
  });
  let browser: Browser | undefined;
  // The paper's file as it was, written back at the end so a reused content root stays as ingested.
  const original = await readFile(paper.file);
  try {
    options.log?.(`  project: dev server (${origin}, ${paper.id})`);
    const pagePath = await waitForPaper(origin, paper, started + startTimeout, () => exit);
    const startMs = Math.round(performance.now() - started);

    browser = await launchChromium();
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.setDefaultTimeout(editTimeout);
    await page.goto(`${origin}${pagePath}`, { waitUntil: 'load' });
    // Vite's client connects its socket after load; give it a moment, as a reader's first edit would.
    await sleep(1000);
    const editMs: number[] = [];
    for (let i = 0; i < edits; i++) {
      const word = `benchword${Date.now().toString(36)}x${i}`;
      const text = await readFile(paper.file, 'utf8');
      await atomicWrite(paper.file, appendWord(text, word));
      const saved = performance.now();
      await waitForWord(page, word, editTimeout);
      editMs.push(Math.round(performance.now() - saved));
      // Let the reload or update settle before the next save.
      await sleep(1000);
    }
    const editMedianMs = median(editMs);
    return { page: pagePath, startMs, editMs, ...(editMedianMs !== undefined ? { editMedianMs } : {}) };
  } catch (error) {
    throw new Error(`${(error as Error).message} (dev server log: ${options.logFile})`);
  } finally {
    await browser?.close().catch(() => undefined);
    await killTree(child);
    await atomicWrite(paper.file, original);
    if (child.pid !== undefined) running.delete(child.pid);
    log.end();
  }
}
