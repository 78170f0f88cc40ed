// One build of the default reading list, used three ways with no rebuild, in a real headless Chromium:
// opened from file:// (navigation, styles, search through the fallback index), served on 127.0.0.1 under
// /some/sub/path/ (navigation, Pagefind search, the 404 page at an unknown deep URL), and crawled from
// both starting points for broken links and unstyled pages. No request may leave the site.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendNote,
  buildSite,
  launchBrowser,
  paperFile,
  recordForeignRequests,
  removeTemp,
  serve,
  type Server,
} from '../helpers/site.ts';
import { realContentRoot } from '../helpers/real-site.ts';
import { isStyled, searchFor, searchMode, shownResults, waitForCounts, waitForSearch } from '../helpers/search-page.ts';

const SUB_PATH = '/some/sub/path/';
const NOTE_WORD = 'Pangolinvector';
const CRAWL_PAGES = 45;

let dist: string;
let server: Server;
let browser: Browser;
let notedPaper: string;
const foreign: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  recordForeignRequests(page, foreign);
  return page;
}

const fileUrl = (file: string) => pathToFileURL(path.join(dist, file)).href;
const httpUrl = (file: string) => new URL(file, server.url).href;

beforeAll(async () => {
  const root = await realContentRoot();
  // The reader writes a note into the MDX body of the first KV cache paper.
  const first = (await fs.readdir(path.join(root, 'papers', 'kv-cache'))).filter((f) => f.endsWith('.mdx')).sort()[0]!;
  notedPaper = first.replace(/\.mdx$/, '');
  await appendNote(await paperFile(root, notedPaper), `Compare with the ${NOTE_WORD} baseline from the reading group.`);
  ({ dist } = await buildSite({ contentRoot: root }));
  server = await serve(dist, { basePath: SUB_PATH });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await removeTemp();
});

/** Home → first theme → first paper, by clicking; every page styled. */
async function clickThroughToAPaper(page: Page): Promise<void> {
  expect(await isStyled(page)).toBe(true);
  const themeLink = page.locator('#themes a[href^="themes/"]').first();
  const themeHref = (await themeLink.getAttribute('href'))!;
  expect(themeHref).toMatch(/^themes\/[a-z0-9-]+\.html$/);
  await themeLink.click();
  await page.waitForURL(`**/${themeHref}`);
  expect(await isStyled(page)).toBe(true);
  const paperLink = page.locator('main a[href^="../papers/"]').first();
  const paperHref = (await paperLink.getAttribute('href'))!;
  const title = (await paperLink.textContent())!.trim();
  await paperLink.click();
  await page.waitForURL(`**/${paperHref.replace('../', '')}`);
  expect(await isStyled(page)).toBe(true);
  expect((await page.locator('article h1').textContent())!.trim()).toBe(title);
}

describe('from file://', () => {
  it('opens dist/index.html and clicks to a theme and a paper, every page styled', async () => {
    const page = await newPage();
    await page.goto(fileUrl('index.html'));
    await clickThroughToAPaper(page);
    await page.context().close();
  });

  it('searches "KV cache" from the home page through the fallback index, and the result links open', async () => {
    const page = await newPage();
    await page.goto(fileUrl('index.html'));
    await page.fill('#site-search-q', 'KV cache');
    await page.press('#site-search-q', 'Enter');
    await page.waitForURL('**/search.html?q=KV+cache');
    await waitForSearch(page, 'q=KV+cache');
    expect(await searchMode(page)).toBe('fallback');
    const results = await shownResults(page);
    expect(results.length).toBeGreaterThanOrEqual(5);
    for (const result of results.slice(0, 3)) {
      await page.getByRole('link', { name: result.title, exact: true }).click();
      await page.waitForURL(`**/${result.href}`);
      expect(await isStyled(page)).toBe(true);
      expect((await page.locator('article h1').textContent())!.trim()).toBe(result.title);
      await page.goBack();
      await waitForSearch(page, 'q=KV+cache');
    }
    await page.context().close();
  });

  it('narrows the results with a theme filter and finds the note', async () => {
    const page = await newPage();
    await page.goto(`${fileUrl('search.html')}?q=KV+cache`);
    await waitForSearch(page, 'q=KV+cache');
    const all = (await shownResults(page)).length;
    const total = Number(/^(\d+) papers/.exec((await page.locator('[data-search-status]').textContent())!)?.[1]);
    await waitForCounts(page, 'q=KV+cache');
    const theme = page.locator('input[name="theme"]').nth(1);
    const value = (await theme.getAttribute('value'))!;
    await theme.check();
    await waitForSearch(page, new URLSearchParams({ q: 'KV cache', theme: value }).toString());
    const narrowed = Number(
      /^(\d+) papers|^No papers/.exec((await page.locator('[data-search-status]').textContent())!)?.[1] ?? 0,
    );
    expect(all).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(total);
    await theme.uncheck();
    await waitForSearch(page, 'q=KV+cache');
    await searchFor(page, NOTE_WORD);
    expect((await shownResults(page)).map((r) => r.href)).toEqual([`papers/${notedPaper}.html`]);
    await page.context().close();
  });
});

describe(`served under ${SUB_PATH}`, () => {
  it('navigates from the home page to a theme and a paper, every page styled', async () => {
    const page = await newPage();
    const response = await page.goto(httpUrl('index.html'));
    expect(response?.status()).toBe(200);
    await clickThroughToAPaper(page);
    await page.context().close();
  });

  it('searches with Pagefind: "KV cache" lists papers that open, a theme filter narrows, a note is found', async () => {
    const page = await newPage();
    await page.goto(httpUrl('search.html'));
    await searchFor(page, 'KV cache');
    expect(await searchMode(page)).toBe('pagefind');
    const status = (await page.locator('[data-search-status]').textContent())!;
    const total = Number(/^(\d+) papers/.exec(status)?.[1]);
    expect(total).toBeGreaterThanOrEqual(5);
    const first = (await shownResults(page))[0]!;
    await page.getByRole('link', { name: first.title, exact: true }).click();
    await page.waitForURL(`${server.url}${first.href}`);
    expect((await page.locator('article h1').textContent())!.trim()).toBe(first.title);
    await page.goBack();
    await waitForSearch(page, 'q=KV+cache');
    await waitForCounts(page, 'q=KV+cache');

    const theme = page.locator('input[name="theme"]').nth(1);
    const value = (await theme.getAttribute('value'))!;
    await theme.check();
    await waitForSearch(page, new URLSearchParams({ q: 'KV cache', theme: value }).toString());
    const narrowed = await shownResults(page);
    const narrowedTotal = Number(
      /^(\d+) papers/.exec((await page.locator('[data-search-status]').textContent())!)?.[1] ?? 0,
    );
    expect(narrowedTotal).toBeLessThan(total);
    expect(narrowed.every((r) => r.meta.includes(value))).toBe(true);
    await theme.uncheck();
    await waitForSearch(page, 'q=KV+cache');
    await searchFor(page, NOTE_WORD);
    expect((await shownResults(page)).map((r) => r.href)).toEqual([`papers/${notedPaper}.html`]);
    await page.context().close();
  });

  it('fetches a bounded number of bytes for a first search, all from the site', async () => {
    const page = await newPage();
    const sizes: Array<Promise<number>> = [];
    page.on('response', (response) => {
      if (response.url().includes('/pagefind/'))
        sizes.push(
          response.body().then(
            (b) => b.length,
            () => 0,
          ),
        );
    });
    await page.goto(httpUrl('search.html?q=KV+cache'));
    await waitForSearch(page, 'q=KV+cache');
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(600_000);
    console.info(`first search for "KV cache" fetched ${bytes} bytes of Pagefind files`);
    await page.context().close();
  });

  it('serves the 404 page at an unknown deep URL styled, with links that lead back into the site', async () => {
    const page = await newPage();
    const response = await page.goto(httpUrl('papers/no/such/paper.html'));
    expect(response?.status()).toBe(404);
    expect(await isStyled(page)).toBe(true);
    await page.waitForFunction((root) => document.baseURI === root, server.url);
    const home = page.locator('main a', { hasText: 'Home' }).first();
    await home.click();
    await page.waitForURL(httpUrl('index.html'));
    expect(await isStyled(page)).toBe(true);
    await page.context().close();
  });
});

interface CrawlResult {
  visited: string[];
  broken: string[];
  unstyled: string[];
}

/**
 * Visits up to `limit` pages breadth-first from the home page, following links on the page.
 * Every internal link, stylesheet and script on a visited page must name a file of dist/.
 */
async function crawl(start: string, toFile: (url: URL) => string | null, limit: number): Promise<CrawlResult> {
  const page = await newPage();
  const queue = [start];
  const seen = new Set(queue);
  const result: CrawlResult = { visited: [], broken: [], unstyled: [] };
  while (queue.length > 0 && result.visited.length < limit) {
    const url = queue.shift()!;
    const response = await page.goto(url);
    if (response && response.status() !== 200) {
      result.broken.push(`${url} (HTTP ${response.status()})`);
      continue;
    }
    result.visited.push(url);
    if (!(await isStyled(page))) result.unstyled.push(url);
    const refs = await page.evaluate(() =>
      [...document.querySelectorAll('a[href], link[href], script[src], img[src], form[action]')].map((el) => {
        const attribute = el.hasAttribute('href') ? 'href' : el.hasAttribute('src') ? 'src' : 'action';
        return {
          raw: el.getAttribute(attribute)!,
          absolute: new URL(el.getAttribute(attribute)!, document.baseURI).href,
          tag: el.tagName,
        };
      }),
    );
    for (const ref of refs) {
      const target = new URL(ref.absolute);
      const file = toFile(target);
      if (file === null) continue; // another site: a link out, never loaded by the page
      const exists = await fs.stat(path.join(dist, file)).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!exists) {
        result.broken.push(`${url}: <${ref.tag.toLowerCase()}> "${ref.raw}" → ${file}`);
        continue;
      }
      target.hash = '';
      target.search = '';
      if (ref.tag === 'A' && file.endsWith('.html') && !seen.has(target.href)) {
        seen.add(target.href);
        queue.push(target.href);
      }
    }
  }
  await page.context().close();
  return result;
}

describe('a crawl of the site', () => {
  it(`from file:// visits ${CRAWL_PAGES} pages without a broken link or an unstyled page`, async () => {
    const root = pathToFileURL(dist + path.sep).href;
    const result = await crawl(
      fileUrl('index.html'),
      (url) =>
        url.href.startsWith(root)
          ? decodeURIComponent(fileURLToPath(url).slice(dist.length + 1))
          : url.protocol === 'file:'
            ? `(outside dist) ${url.href}`
            : null,
      CRAWL_PAGES,
    );
    expect(result.broken).toEqual([]);
    expect(result.unstyled).toEqual([]);
    expect(result.visited.length).toBe(CRAWL_PAGES);
    expect(result.visited.some((u) => u.includes('/papers/'))).toBe(true);
    expect(result.visited.some((u) => u.includes('/themes/'))).toBe(true);
  });

  it(`under ${SUB_PATH} visits ${CRAWL_PAGES} pages without a broken link or an unstyled page`, async () => {
    const result = await crawl(
      httpUrl('index.html'),
      (url) => {
        if (url.origin !== new URL(server.url).origin) return null;
        if (!url.pathname.startsWith(SUB_PATH)) return `(outside the sub-path) ${url.pathname}`;
        if (url.pathname.endsWith('/')) return `(bare directory) ${url.pathname}`;
        return decodeURIComponent(url.pathname.slice(SUB_PATH.length));
      },
      CRAWL_PAGES,
    );
    expect(result.broken).toEqual([]);
    expect(result.unstyled).toEqual([]);
    expect(result.visited.length).toBe(CRAWL_PAGES);
  });
});

describe('requests', () => {
  it('made none to another host, from file:// or over http', () => {
    expect(foreign).toEqual([]);
  });
});
