/**
 * Shared test helpers for tests that need a built site: a content root in a
 * temporary folder, `astro build` of it into a temporary dist/, a static server
 * on 127.0.0.1 (optionally under a sub-path), and a headless Chromium.
 *
 *   const root = await makeContentRoot({ from: 'content', files: { 'papers/kv-cache/x.mdx': '…' } });
 *   const { dist } = await buildSite({ contentRoot: root });
 *   const server = await serve(dist, { basePath: '/reading-list/' });
 *   const browser = await launchBrowser();
 *   …
 *   await browser.close(); await server.close(); await removeTemp();
 */
import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import sirv from 'sirv';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/lib/chromium.ts';

/** The project root (where astro.config.mjs is). */
export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The real reading list of the project. */
export const PROJECT_CONTENT = path.join(PROJECT_ROOT, 'content');

const temps: string[] = [];

/** A new temporary folder, removed by removeTemp(). */
export async function makeTemp(prefix = 'reading-list-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every temporary folder made by these helpers. */
export async function removeTemp(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

export interface ContentRootOptions {
  /** A content root to copy (e.g. PROJECT_CONTENT or a fixture folder). Default: start empty. */
  from?: string;
  /** Files to write into it, by path relative to the root; they replace copied ones. */
  files?: Record<string, string>;
  /** Leave out content/sources (dumps) when copying: the site build does not read them. Default: true. */
  skipSources?: boolean;
}

/** A content root in a temporary folder. */
export async function makeContentRoot(options: ContentRootOptions = {}): Promise<string> {
  const root = path.join(await makeTemp('reading-list-content-'), 'content');
  await fs.mkdir(root, { recursive: true });
  if (options.from) {
    const skipSources = options.skipSources ?? true;
    await fs.cp(options.from, root, {
      recursive: true,
      filter: (source) => !(skipSources && path.relative(options.from!, source).split(path.sep)[0] === 'sources'),
    });
  }
  for (const [file, text] of Object.entries(options.files ?? {})) {
    const target = path.join(root, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, text);
  }
  return root;
}

/** Appends text to the body of a paper file (after its frontmatter), as a reader would. */
export async function appendNote(file: string, text: string): Promise<void> {
  const current = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, `${current.replace(/\n*$/, '\n')}\n${text}\n`);
}

/** Finds a paper file by id anywhere under <root>/papers. */
export async function paperFile(contentRoot: string, id: string): Promise<string> {
  const papers = path.join(contentRoot, 'papers');
  for (const theme of await fs.readdir(papers)) {
    const candidate = path.join(papers, theme, `${id}.mdx`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`no paper file ${id}.mdx under ${papers}`);
}

/**
 * Runs a command with the project's Node from the project root; resolves with its output, throws on a non-zero
 * exit with `<what> failed (exit N):` and the output (`what` defaults to the command line).
 */
async function runCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = PROJECT_ROOT,
  what = args.join(' '),
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(nodeBinary(), args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(text);
      else reject(new Error(`${what} failed (exit ${code}):\n${text}`));
    });
  });
}

/** `npm run ingest` for a content root (its sources/ into its papers/); resolves with the report. */
export async function ingest(contentRoot: string, extraArgs: string[] = []): Promise<string> {
  return runCommand([path.join(PROJECT_ROOT, 'scripts', 'ingest.ts'), '--content', contentRoot, ...extraArgs], {
    ...process.env,
    NO_COLOR: '1',
  });
}

export interface BuildOptions {
  contentRoot: string;
  /** Extra environment, e.g. { READING_LIST_SITE: 'https://example.org/list/' }. */
  env?: Record<string, string>;
  /** Where to build. Default: a new temporary folder. */
  outDir?: string;
}

export interface BuildResult {
  dist: string;
  /** Everything the build printed (stdout and stderr). */
  output: string;
}

/** The Node the project pins (node_modules/.bin/node), else the one running the tests. */
function nodeBinary(): string {
  const pinned = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

/** Left out of a build's private copy of the project: linked instead, or not needed to build. */
const NOT_COPIED = new Set(['node_modules', 'content', '.git', '.astro', 'dist', 'test', '.tmp']);

/**
 * A private copy of the project's sources to build in. Astro keeps build state
 * in <project>/.astro/ (content-modules.mjs lists the notes to render), shared
 * by every build of the project: two builds of different content roots at
 * once (test files run in parallel) would read each other's list. A copy of
 * the sources (a few hundred KB) with node_modules and content linked gives
 * each build its own .astro/.
 */
export async function projectCopy(): Promise<string> {
  const copy = path.join(await makeTemp('reading-list-project-'), 'project');
  await fs.mkdir(copy);
  for (const entry of await fs.readdir(PROJECT_ROOT)) {
    if (NOT_COPIED.has(entry)) continue;
    await fs.cp(path.join(PROJECT_ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  await fs.symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  await fs.symlink(PROJECT_CONTENT, path.join(copy, 'content'), 'dir');
  return copy;
}

/** The environment variable that names the run's shared folder of built sites (set by test/setup/global.ts). */
export const SITE_CACHE_ENV = 'READING_LIST_TEST_SITES';

/** Every file under `dir` (relative, '/'-separated), sorted, skipping the top-level folders in `skip`. */
async function listFiles(dir: string, skip: ReadonlySet<string> = new Set(), base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(base, full).split(path.sep).join('/');
    if (skip.has(relative)) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(full, skip, base)));
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(relative);
  }
  return files.sort();
}

/** Adds every file of `dir` (name and bytes) to a hash. */
async function hashTree(hash: Hash, dir: string, skip?: ReadonlySet<string>): Promise<void> {
  if (!existsSync(dir)) return void hash.update(`missing ${dir}\0`);
  for (const file of await listFiles(dir, skip)) {
    hash.update(`${file}\0`);
    hash.update(await fs.readFile(path.join(dir, file)).catch(() => Buffer.from('unreadable')));
    hash.update('\0');
  }
}

let projectFingerprint: Promise<string> | undefined;

/** What a build depends on besides the content: the project's sources, public files, configuration and lockfile. */
function fingerprintProject(): Promise<string> {
  projectFingerprint ??= (async () => {
    const hash = createHash('sha256');
    for (const dir of ['src', 'public']) await hashTree(hash, path.join(PROJECT_ROOT, dir));
    for (const file of ['astro.config.mjs', 'package-lock.json', 'tsconfig.json']) {
      hash.update(await fs.readFile(path.join(PROJECT_ROOT, file)).catch(() => Buffer.from('')));
    }
    return hash.digest('hex');
  })();
  return projectFingerprint;
}

/** The key of a build: the project, the content root's files (its dumps aside: the site does not read them), the env. */
async function buildKey(options: BuildOptions): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await fingerprintProject());
  await hashTree(hash, options.contentRoot, new Set(['sources']));
  hash.update(JSON.stringify(Object.entries(options.env ?? {}).sort()));
  return hash.digest('hex').slice(0, 32);
}

/** Runs `build` once per key across the run's test workers; the others wait for its result. */
async function sharedBuild(
  cacheDir: string,
  key: string,
  build: (dist: string) => Promise<string>,
): Promise<BuildResult> {
  const done = path.join(cacheDir, key);
  const lock = path.join(cacheDir, `${key}.lock`);
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    if (existsSync(path.join(done, 'output.txt'))) {
      return { dist: path.join(done, 'dist'), output: await fs.readFile(path.join(done, 'output.txt'), 'utf8') };
    }
    const owner = await fs.mkdir(lock).then(
      () => true,
      () => false,
    );
    if (owner) {
      try {
        const staging = path.join(cacheDir, `${key}.staging-${process.pid}`);
        const output = await build(path.join(staging, 'dist'));
        await fs.writeFile(path.join(staging, 'output.txt'), output);
        await fs.rename(staging, done);
        return { dist: path.join(done, 'dist'), output };
      } finally {
        await fs.rm(lock, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error(`waited 20 minutes for another worker's build of ${key}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * \`astro build\` of a content root into a temporary dist/, with its own cache
 * and its own copy of the project (see projectCopy). Throws with the output on failure.
 *
 * Within one test run, a content root with the same files and the same environment is built once: the first test
 * that asks builds it into the run's shared folder (SITE_CACHE_ENV), and every caller gets its own copy of that
 * dist/, so a test may change its copy freely. A failed build is not shared: each caller sees the failure itself.
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const dist = options.outDir ?? path.join(await makeTemp('reading-list-dist-'), 'dist');
  const buildInto = async (into: string): Promise<string> => {
    const cache = path.join(await makeTemp('reading-list-cache-'), 'cache');
    const project = await projectCopy();
    const env = {
      ...process.env,
      READING_LIST_CONTENT: options.contentRoot,
      READING_LIST_OUT: into,
      READING_LIST_CACHE: cache,
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
      ...options.env,
    };
    const astro = path.join(PROJECT_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
    return runCommand([astro, 'build'], env, project, `astro build of ${options.contentRoot}`);
  };
  const cacheDir = process.env[SITE_CACHE_ENV];
  if (!cacheDir) return { dist, output: await buildInto(dist) };
  const shared = await sharedBuild(cacheDir, await buildKey(options), buildInto);
  await fs.cp(shared.dist, dist, { recursive: true });
  return { dist, output: shared.output };
}

export interface ServeOptions {
  /** Serve the folder under this path, e.g. '/reading-list/'. Default: '/'. */
  basePath?: string;
}

export interface Server {
  /** The site's root URL, ending in '/', e.g. http://127.0.0.1:41234/reading-list/. */
  url: string;
  close(): Promise<void>;
}

/** Serves a built folder on 127.0.0.1 (a free port), as a static host would: 404.html for what is missing. */
export async function serve(dir: string, options: ServeOptions = {}): Promise<Server> {
  const base = `/${(options.basePath ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const files = sirv(dir, { dev: true, etag: false });
  const notFound = path.join(dir, '404.html');
  const server = http.createServer((request, response) => {
    const sendNotFound = () => {
      response.statusCode = 404;
      response.setHeader('content-type', 'text/html; charset=utf-8');
      fs.readFile(notFound).then(
        (body) => response.end(body),
        () => response.end('Not found'),
      );
    };
    const url = request.url ?? '/';
    if (!url.startsWith(base)) return sendNotFound();
    request.url = `/${url.slice(base.length)}`;
    files(request, response, sendNotFound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Headless Chromium (the system's), with the project's flags. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Records every request a page makes to another host than 127.0.0.1 (or
 * another scheme than http, file, data, blob, about). The site must make none.
 * The list fills as the page loads: pass the test's own list as `into` (a copy
 * taken now would stay empty).
 */
export function recordForeignRequests(page: Page, into: string[] = []): string[] {
  const foreign = into;
  page.on('request', (request) => {
    const url = new URL(request.url());
    const local = ['file:', 'data:', 'blob:', 'about:'].includes(url.protocol) || url.hostname === '127.0.0.1';
    if (!local) foreign.push(request.url());
  });
  return foreign;
}

/** A Pagefind fragment as written in dist/pagefind/fragment/ (gzip, then "pagefind_dcd" and JSON). */
export interface PagefindFragmentFile {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** Every page Pagefind indexed in a built site, read back from its fragment files. */
export async function readPagefindFragments(dist: string): Promise<PagefindFragmentFile[]> {
  const dir = path.join(dist, 'pagefind', 'fragment');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.pf_fragment'));
  return Promise.all(
    files.map(async (file) => {
      const text = gunzipSync(await fs.readFile(path.join(dir, file))).toString('utf8');
      return JSON.parse(text.replace(/^pagefind_dcd/, '')) as PagefindFragmentFile;
    }),
  );
}

export interface DevServer {
  /** The dev server's root URL, ending in '/', e.g. http://127.0.0.1:41234/. */
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** The copy of the project the server runs in (its .astro folder holds the content layer's data store). */
  project: string;
  close(): Promise<void>;
}

/**
 * `astro dev` of a content root on 127.0.0.1 (a free port), in its own copy of the project (the dev server writes
 * <project>/.astro/ as a build does); resolves once the server answers.
 */
export async function startDev(contentRoot: string): Promise<DevServer> {
  const project = await projectCopy();
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const astro = path.join(PROJECT_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const child = spawn(nodeBinary(), [astro, 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: project,
    env: {
      // Under the test runner's own variables (VITEST…, NODE_ENV=test) Astro's dev server answers every page 404.
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^VITEST/.test(name) && name !== 'NODE_ENV' && name !== 'TEST'),
      ),
      READING_LIST_CONTENT: contentRoot,
      READING_LIST_CACHE: path.join(project, '.cache'),
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const match = /Local\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
    if (match) return { url: match[1]!, output: () => text, project, close };
    if (child.exitCode !== null) throw new Error(`astro dev of ${contentRoot} exited (${child.exitCode}):\n${text}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`astro dev of ${contentRoot} did not start in 5 minutes:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
