/**
 * What a browser fetches for a first search: serves a built site on 127.0.0.1,
 * opens its search page in headless Chromium with an empty cache, types a
 * query, waits for the results, and adds up every response the server sent
 * (the page's requests and its web workers' alike), both as transferred (body
 * plus headers) and as the files on disk. Counting happens in the server,
 * which sees every byte, including a worker's script that the browser's
 * network events report without a body.
 *
 * Bytes are split into the page load and the search itself (everything
 * requested from the first keystroke on); the search engine's files
 * (Pagefind's script, WebAssembly, metadata, index, filter and fragment files)
 * also count towards the first search whenever they were fetched, since a page
 * may load them before the first keystroke.
 *
 * The server compresses text (HTML, CSS, JavaScript, JSON, SVG) with gzip, as
 * static hosts do; Pagefind's index files are compressed by Pagefind itself.
 *
 * The page's own thread is watched too: the long tasks (over 50 ms, as the
 * browser reports them) from the first keystroke until the results settle, the
 * work a search engine running on the page's thread (rather than in a web
 * worker) makes the reader wait through.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/lib/chromium.ts';

export interface SearchBytesOptions {
  /** The built site folder. */
  dist: string;
  /** Page to search from, relative to the site root. Default 'search.html'. */
  page?: string;
  query: string;
  /** Selector of the search input. Default: the first visible search input. */
  inputSelector?: string;
  /** Selector of one rendered result. */
  resultSelector: string;
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  /** The page's size. Default: Playwright's, 1280 x 720 (a laptop: a search page's filters stand open). */
  viewport?: { width: number; height: number };
}

export interface FetchedFile {
  path: string;
  /** As transferred: body (gzip where text) plus response headers. */
  bytes: number;
  /** The file's size on disk. */
  fileBytes: number;
  phase: 'page' | 'search';
  /** A file of the search engine and its index (not a UI script or stylesheet). */
  engine: boolean;
}

export interface SearchBytes {
  page: string;
  query: string;
  /** Bytes for loading the page (HTML, CSS, scripts, anything fetched before the first keystroke). */
  pageBytes: number;
  /** Bytes fetched from the first keystroke until results are shown. */
  searchBytes: number;
  totalBytes: number;
  /**
   * What the first query costs the reader: everything fetched from the
   * keystroke on, plus search-engine files the page fetched ahead of it.
   */
  firstSearchBytes: number;
  /** The same files' sizes on disk (no HTTP compression). */
  firstSearchFileBytes: number;
  /** firstSearchBytes by kind of file: engine (script, worker, WebAssembly), metadata, filters, index, fragments, other. */
  firstSearchByKind: Record<string, number>;
  requests: number;
  /** Results shown. */
  results: number;
  /** The page's thread from the first keystroke until the results settled: its longest task, and the time over 50 ms of every long task. */
  mainThread: { longestTaskMs: number; blockingMs: number };
  files: FetchedFile[];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.bib': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.bib']);

/** What a fetched file is, for the first-search breakdown. */
export function fileKind(urlPath: string): string {
  if (/\/fragment\//.test(urlPath)) return 'fragments';
  if (/\/index\//.test(urlPath)) return 'index';
  if (/\/filter\//.test(urlPath)) return 'filters';
  if (/\.pf_meta$|pagefind-entry\.json$/.test(urlPath)) return 'metadata';
  if (/\/pagefind(-worker)?\.js$|\/wasm\.[^/]+$/.test(urlPath)) return 'engine';
  return 'other';
}

/** Pagefind's engine and index files, as opposed to its optional UI bundles. */
export function isEngineFile(urlPath: string): boolean {
  return /\/pagefind\//.test(urlPath) && !/\/pagefind-(ui|modular-ui|component-ui|highlight)\./.test(urlPath);
}

export interface ServedFile {
  path: string;
  /** performance.now() when the request arrived. */
  at: number;
  /** Body bytes sent (after gzip) plus the header block. */
  bytes: number;
  fileBytes: number;
  status: number;
}

export interface StaticServer {
  server: Server;
  origin: string;
  /** Every request served so far. */
  served: ServedFile[];
  /** Requests still being answered. */
  inFlight(): number;
  /** performance.now() of the last request start or end. */
  lastActivity(): number;
  close(): Promise<void>;
}

function headerBytes(res: ServerResponse): number {
  const lines = Object.entries(res.getHeaders()).map(([k, v]) => `${k}: ${String(v)}\r\n`);
  return Buffer.byteLength(`HTTP/1.1 ${res.statusCode} OK\r\n${lines.join('')}\r\n`);
}

/**
 * A static file server for one folder on 127.0.0.1, with gzip for text as a
 * static host would send it, that records what it sent. Only files inside the
 * folder are served.
 */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = path.resolve(dir);
  const served: ServedFile[] = [];
  let inFlight = 0;
  let lastActivity = performance.now();
  const server = createServer((req, res) => {
    const at = performance.now();
    inFlight++;
    lastActivity = at;
    const record: ServedFile = { path: '', at, bytes: 0, fileBytes: 0, status: 0 };
    res.on('close', () => {
      inFlight--;
      lastActivity = performance.now();
      record.status = res.statusCode;
      record.bytes += headerBytes(res);
      served.push(record);
    });
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      record.path = pathname;
      const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
      const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => undefined) : undefined;
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      record.fileBytes = info.size;
      const ext = path.extname(file);
      const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      res.writeHead(200, {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : { 'content-length': info.size }),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          record.bytes += chunk.length;
          done(null, chunk);
        },
      });
      const stream = createReadStream(file);
      (gzip ? stream.pipe(createGzip()) : stream).pipe(count).pipe(res);
    })().catch((error: Error) => res.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    served,
    inFlight: () => inFlight,
    lastActivity: () => lastActivity,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export async function measureFirstSearch(options: SearchBytesOptions, browser?: Browser): Promise<SearchBytes> {
  const timeout = options.timeoutMs ?? 60_000;
  const pagePath = options.page ?? 'search.html';
  const site = await serveStatic(options.dist);
  const ownBrowser = browser ? undefined : await launchChromium();
  const context = await (browser ?? (ownBrowser as Browser)).newContext({
    serviceWorkers: 'block',
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);

    /** Waits until the server has been idle for `ms`. */
    const quiet = async (ms: number): Promise<void> => {
      const deadline = performance.now() + timeout;
      while (site.inFlight() > 0 || performance.now() - site.lastActivity() < ms) {
        if (performance.now() > deadline) throw new Error(`${pagePath}: requests did not settle within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    // Long tasks as the browser reports them, from the page's start ([start, duration] in the page's clock).
    await page.addInitScript(() => {
      const tasks: Array<[number, number]> = [];
      (window as unknown as { __benchLongTasks: typeof tasks }).__benchLongTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${site.origin}/${pagePath}`, { waitUntil: 'load' });
    await quiet(500);

    const input = page.locator(options.inputSelector ?? 'input[type="search"]:visible').first();
    await input.waitFor({ state: 'visible' });
    const searchStart = performance.now();
    const pageSearchStart = await page.evaluate(() => performance.now());
    await input.click();
    await input.pressSequentially(options.query, { delay: 30 });
    await page.locator(options.resultSelector).first().waitFor({ state: 'visible' });
    await quiet(750);
    const results = await page.locator(options.resultSelector).count();
    const tasks = await page.evaluate(
      (from) =>
        (window as unknown as { __benchLongTasks: Array<[number, number]> }).__benchLongTasks
          .filter(([start]) => start >= from)
          .map(([, duration]) => duration),
      pageSearchStart,
    );
    const mainThread = {
      longestTaskMs: Math.round(Math.max(0, ...tasks)),
      blockingMs: Math.round(tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0)),
    };
    if (results === 0) throw new Error(`${pagePath}: the search for "${options.query}" showed no results`);

    const files: FetchedFile[] = site.served
      .filter((s) => s.status === 200)
      .map((s) => ({
        path: s.path,
        bytes: s.bytes,
        fileBytes: s.fileBytes,
        phase: s.at >= searchStart ? ('search' as const) : ('page' as const),
        engine: isEngineFile(s.path),
      }))
      .sort((a, b) => a.phase.localeCompare(b.phase) || a.path.localeCompare(b.path));
    const sum = (list: FetchedFile[], key: 'bytes' | 'fileBytes' = 'bytes'): number =>
      list.reduce((s, f) => s + f[key], 0);
    const pageBytes = sum(files.filter((f) => f.phase === 'page'));
    const searchBytes = sum(files.filter((f) => f.phase === 'search'));
    const firstSearch = files.filter((f) => f.phase === 'search' || f.engine);
    const firstSearchByKind: Record<string, number> = {};
    for (const f of firstSearch)
      firstSearchByKind[fileKind(f.path)] = (firstSearchByKind[fileKind(f.path)] ?? 0) + f.bytes;
    return {
      page: pagePath,
      query: options.query,
      pageBytes,
      searchBytes,
      totalBytes: pageBytes + searchBytes,
      firstSearchBytes: sum(firstSearch),
      firstSearchFileBytes: sum(firstSearch, 'fileBytes'),
      firstSearchByKind,
      requests: files.length,
      results,
      mainThread,
      files,
    };
  } finally {
    await context.close();
    await ownBrowser?.close();
    await site.close();
  }
}
