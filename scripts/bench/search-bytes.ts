/**
 * What a browser fetches for a first search: serves a built site on 127.0.0.1,
 * opens its search page in headless Chromium with an empty cache, types a
 * query, waits for the results, and adds up the bytes of every response
 * (body as transferred plus headers, the page and its web workers alike).
 * Bytes are split into the page load and the search itself (everything
 * requested from the first keystroke on).
 *
 * The server sends files as they are on disk (no HTTP compression), so text
 * assets count at full size; Pagefind's index files are compressed by Pagefind.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Request } from 'playwright-core';
import sirv from 'sirv';

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
  bytes: number;
  phase: 'page' | 'search';
}

export interface SearchBytes {
  page: string;
  query: string;
  /** Bytes for loading the page (HTML, CSS, scripts, anything fetched before the first keystroke). */
  pageBytes: number;
  /** Bytes fetched from the first keystroke until results are shown. */
  searchBytes: number;
  totalBytes: number;
  requests: number;
  /** Results shown (elements matching resultSelector, or Pagefind fragments fetched). */
  results: number;
  files: FetchedFile[];
}

export async function serveStatic(dir: string): Promise<{ server: Server; origin: string }> {
  const handler = sirv(dir, { dev: true, etag: false });
  const server = createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    }),
  );
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
            files.push({
              path: url.pathname,
              bytes: sizes.responseBodySize + sizes.responseHeadersSize,
              phase: phases.get(request) ?? 'page',
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

    const sum = (p: FetchedFile['phase']): number => files.filter((f) => f.phase === p).reduce((s, f) => s + f.bytes, 0);
    const pageBytes = sum('page');
    const searchBytes = sum('search');
    return {
      page: pagePath,
      query: options.query,
      pageBytes,
      searchBytes,
      totalBytes: pageBytes + searchBytes,
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
