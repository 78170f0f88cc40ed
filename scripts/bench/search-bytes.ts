/**
 * What a browser fetches for a first search: serves a built site on 127.0.0.1,
 * opens its search page in headless Chromium with an empty cache, types a
 * query, waits for the results, and adds up every response (the page and its
 * web workers alike), both as transferred (body plus headers) and as the files
 * on disk. Bytes are split into the page load and the search itself
 * (everything requested from the first keystroke on); the search engine's
 * files (Pagefind's script, WebAssembly, metadata, index, filter and fragment
 * files) are also counted whenever they were fetched, since a page may load
 * them before the first keystroke.
 *
 * The server compresses text (HTML, CSS, JavaScript, JSON, SVG) with gzip, as
 * static hosts do; Pagefind's index files are compressed by Pagefind itself.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { chromium, type Browser, type Request } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface SearchBytesOptions {
  /** The built site folder. */
  dist: string;
  /** Page to search from, relative to the site root. Default 'search.html'. */
  page?: string;
  query: string;
  /** Selector of the search input. Default: the first visible search or text input. */
  inputSelector?: string;
  /** Selector of one rendered result; when absent, a fetched Pagefind fragment counts as results shown. */
  resultSelector?: string;
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
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
  requests: number;
  /** Results shown (elements matching resultSelector, or Pagefind fragments fetched). */
  results: number;
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

/** Pagefind's engine and index files, as opposed to its optional UI bundles. */
export function isEngineFile(urlPath: string): boolean {
  return /\/pagefind\//.test(urlPath) && !/\/pagefind-(ui|modular-ui|component-ui|highlight)\./.test(urlPath);
}

/**
 * A static file server for one folder on 127.0.0.1, with gzip for text as a
 * static host would send it. Only files inside the folder are served.
 */
export async function serveStatic(dir: string): Promise<{ server: Server; origin: string }> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
      const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => undefined) : undefined;
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
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
      const stream = createReadStream(file);
      (gzip ? stream.pipe(createGzip()) : stream).pipe(res);
    })().catch((error: Error) => res.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export async function measureFirstSearch(options: SearchBytesOptions, browser?: Browser): Promise<SearchBytes> {
  const timeout = options.timeoutMs ?? 60_000;
  const { server, origin } = await serveStatic(options.dist);
  const ownBrowser = browser ? undefined : await launchChromium();
  const context = await (browser ?? (ownBrowser as Browser)).newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    let phase: FetchedFile['phase'] = 'page';
    const phases = new Map<Request, FetchedFile['phase']>();
    const inFlight = new Set<Request>();
    const pending: Promise<void>[] = [];
    const files: FetchedFile[] = [];
    let lastActivity = performance.now();

    context.on('request', (request) => {
      phases.set(request, phase);
      inFlight.add(request);
      lastActivity = performance.now();
    });
    const settle = (request: Request): void => {
      inFlight.delete(request);
      lastActivity = performance.now();
      pending.push(
        request.sizes().then(
          (sizes) => {
            const url = new URL(request.url());
            if (url.origin !== origin) return; // data: URLs and the like cost no transfer
            const pathname = decodeURIComponent(url.pathname);
            return stat(path.join(options.dist, pathname)).then(
              (info) => info.size,
              () => 0,
            ).then((fileBytes) => {
              files.push({
                path: pathname,
                bytes: sizes.responseBodySize + sizes.responseHeadersSize,
                fileBytes,
                phase: phases.get(request) ?? 'page',
                engine: isEngineFile(pathname),
              });
            });
          },
          () => undefined,
        ),
      );
    };
    context.on('requestfinished', settle);
    context.on('requestfailed', (request) => {
      inFlight.delete(request);
      lastActivity = performance.now();
    });

    const quiet = async (ms: number): Promise<void> => {
      const deadline = performance.now() + timeout;
      while (inFlight.size > 0 || performance.now() - lastActivity < ms) {
        if (performance.now() > deadline) throw new Error(`${options.page}: network did not settle within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    const pagePath = options.page ?? 'search.html';
    await page.goto(`${origin}/${pagePath}`, { waitUntil: 'load' });
    await quiet(500);

    const input = page.locator(options.inputSelector ?? 'input[type="search"]:visible, input[type="text"]:visible').first();
    await input.waitFor({ state: 'visible' });
    phase = 'search';
    await input.click();
    await input.pressSequentially(options.query, { delay: 30 });
    let results = 0;
    if (options.resultSelector) {
      await page.locator(options.resultSelector).first().waitFor({ state: 'visible' });
      await quiet(750);
      results = await page.locator(options.resultSelector).count();
    } else {
      const deadline = performance.now() + timeout;
      while (!files.some((f) => f.phase === 'search' && f.path.includes('pf_fragment'))) {
        await Promise.all(pending);
        if (performance.now() > deadline) throw new Error(`${pagePath}: no search results for "${options.query}" within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await quiet(750);
    }
    await Promise.all(pending);
    if (!options.resultSelector) results = files.filter((f) => f.phase === 'search' && f.path.includes('pf_fragment')).length;
    if (results === 0) throw new Error(`${pagePath}: the search for "${options.query}" showed no results`);

    const sum = (list: FetchedFile[], key: 'bytes' | 'fileBytes' = 'bytes'): number => list.reduce((s, f) => s + f[key], 0);
    const pageBytes = sum(files.filter((f) => f.phase === 'page'));
    const searchBytes = sum(files.filter((f) => f.phase === 'search'));
    const firstSearch = files.filter((f) => f.phase === 'search' || f.engine);
    return {
      page: pagePath,
      query: options.query,
      pageBytes,
      searchBytes,
      totalBytes: pageBytes + searchBytes,
      firstSearchBytes: sum(firstSearch),
      firstSearchFileBytes: sum(firstSearch, 'fileBytes'),
      requests: files.length,
      results,
      files: files.sort((a, b) => a.phase.localeCompare(b.phase) || a.path.localeCompare(b.path)),
    };
  } finally {
    await context.close();
    await ownBrowser?.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
