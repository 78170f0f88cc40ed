// What a first search fetches, in a real headless Chromium on the default list: the results need no filter file,
// no sort key and no web worker (Pagefind runs on the page's thread). The filter files come when the reader asks
// for them (opening "Filters" on a phone, "Show the filters" in the column beside the results on a laptop) or a
// URL carries a filter, and the results never wait for them (here they are held back while the results show).
// Once listed, the filters follow each search. The counts are right once they load; sorting fetches the sort
// keys and orders right over http and from file://; five results come first and "Show more results" adds ten.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_CONTENT, buildSite, launchBrowser, serve, type Server } from '../helpers/site.ts';
import { closeAll, fileUrl } from '../helpers/browser.ts';
import {
  searchFor,
  showAllResults as showAll,
  shownResults,
  statusText,
  waitForCounts,
  waitForSearch,
} from '../helpers/search-page.ts';

let server: Server;
let browser: Browser;
let dist: string;

beforeAll(async () => {
  ({ dist } = await buildSite({ contentRoot: PROJECT_CONTENT }));
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

interface Opened {
  page: Page;
  context: BrowserContext;
  /** Paths (from the site root) of every request the page made over http, in order. */
  requested: string[];
  pageErrors: string[];
}

/** Opens a page of the built site over http or from file://; `before` runs on the context before it loads. */
async function open(
  target: string,
  viewport: { width: number; height: number },
  over: 'http' | 'file' = 'http',
  before?: (context: BrowserContext) => Promise<unknown>,
): Promise<Opened> {
  const context = await browser.newContext({ viewport });
  await before?.(context);
  const page = await context.newPage();
  const requested: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(server.url)) requested.push(url.slice(server.url.length).replace(/\?.*$/, ''));
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(over === 'http' ? new URL(target, server.url).href : fileUrl(dist, target));
  return { page, context, requested, pageErrors };
}

const filterFiles = (requested: string[]) => requested.filter((p) => p.startsWith('pagefind/filter/'));
const workerFiles = (requested: string[]) => requested.filter((p) => /worker/.test(p));
const sortKeyFiles = (requested: string[]) => requested.filter((p) => p === 'pagefind/sort-keys.js');

/** The number of papers the status line reports. */
async function found(page: Page): Promise<number> {
  return Number(/^(\d+) papers? found/.exec(await statusText(page))?.[1] ?? Number.NaN);
}

/** A facet group's counts as shown: value → count, hidden rows left out. */
async function facet(page: Page, group: string): Promise<Record<string, number>> {
  return Object.fromEntries(
    await page
      .locator(`fieldset:has(input[name="${group}"]) > label:not([hidden])`)
      .evaluateAll((labels) =>
        labels.map((l) => [
          l.querySelector('input')!.value,
          Number(l.querySelector('.search-filter-count')?.textContent ?? 'NaN'),
        ]),
      ),
  );
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

const STATUS_LABELS: Record<string, string> = { 'To read': 'to-read', Reading: 'reading', Read: 'read' };

describe('the first search on a phone', () => {
  it('fetches no filter file and no sort key; opening "Filters" fetches them and shows right counts', async () => {
    const { page, context, requested, pageErrors } = await open('search.html', PHONE);
    await waitForSearch(page, '');
    await searchFor(page, 'KV cache');
    const total = await found(page);
    expect(total).toBeGreaterThan(10);
    expect(await shownResults(page)).toHaveLength(5);
    expect(filterFiles(requested)).toEqual([]);
    expect(sortKeyFiles(requested)).toEqual([]);
    expect(workerFiles(requested)).toEqual([]);
    expect(requested.some((p) => p.startsWith('pagefind/index/'))).toBe(true);
    expect(await page.locator('[data-search-filters] input').count()).toBe(0);

    await page.locator('[data-search-filters-panel] > summary').click();
    await waitForCounts(page, 'q=KV+cache');
    expect(filterFiles(requested).length).toBeGreaterThan(0);
    // The counts are those of the results: every result shown, their statuses and years tallied.
    await showAll(page);
    const results = await shownResults(page);
    expect(results).toHaveLength(total);
    const statuses = results.map((r) => STATUS_LABELS[r.meta.split(' · ').at(-1)!] ?? r.meta);
    expect(await facet(page, 'status')).toEqual(tally(statuses));
    const years = results.map((r) => /^[A-Z][a-z]{2} \d{1,2}, (\d{4})/.exec(r.meta)?.[1] ?? r.meta);
    expect(await facet(page, 'year')).toEqual(tally(years));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('fetches the filters at once when the URL carries one, and keeps it ticked', async () => {
    const { page, context, requested } = await open('search.html?q=KV+cache&status=to-read', PHONE);
    await waitForSearch(page, 'q=KV+cache&status=to-read');
    await waitForCounts(page, 'q=KV+cache&status=to-read');
    expect(filterFiles(requested).length).toBeGreaterThan(0);
    expect(await page.isChecked('input[name="status"][value="to-read"]')).toBe(true);
    const results = await shownResults(page);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.meta.endsWith(' · To read'))).toBe(true);
    expect((await facet(page, 'status'))['to-read']).toBe(await found(page));
    expect(Object.keys(await facet(page, 'theme')).length).toBeGreaterThan(1);
    await context.close();
  });
});

describe('the first search on a laptop', () => {
  it('lists no filter before a search until asked, then every value with its number of papers', async () => {
    const { page, context, requested } = await open('search.html', LAPTOP);
    await waitForSearch(page, '');
    const show = page.getByRole('button', { name: 'Show the filters' });
    await show.waitFor();
    expect(filterFiles(requested)).toEqual([]);
    await show.click();
    await waitForCounts(page, '');
    expect(filterFiles(requested).length).toBeGreaterThan(0);
    // Every paper of the default list has one status and one year.
    const papers = Object.values(await facet(page, 'year')).reduce((a, b) => a + b, 0);
    expect(papers).toBeGreaterThan(200);
    expect(Object.values(await facet(page, 'status')).reduce((a, b) => a + b, 0)).toBe(papers);
    await context.close();
  });

  it('shows the results with no filter file; asked beside them, the filters load while the results stay', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { page, context, requested, pageErrors } = await open('search.html?q=KV+cache', LAPTOP, 'http', (c) =>
      c.route('**/pagefind/filter/**', async (route) => {
        await held;
        await route.continue();
      }),
    );
    await waitForSearch(page, 'q=KV+cache');
    expect(await shownResults(page)).toHaveLength(5);
    expect(workerFiles(requested)).toEqual([]);
    // The filter column stands open beside the results and offers the filters; nothing of them is fetched yet.
    expect(await page.locator('[data-search-filters-panel]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(
      true,
    );
    const show = page.getByRole('button', { name: 'Show the filters' });
    await show.waitFor();
    expect(filterFiles(requested)).toEqual([]);
    await show.click();
    await page.waitForFunction(() => document.querySelector('[data-search-filters]')?.getAttribute('aria-busy'));
    expect(await page.locator('[data-search-filters]').textContent()).toBe('Loading filters…');
    expect(filterFiles(requested).length).toBeGreaterThan(0);
    release();
    await waitForCounts(page, 'q=KV+cache');
    expect(await shownResults(page)).toHaveLength(5);
    const statuses = await facet(page, 'status');
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(await found(page));
    expect(await page.locator('[data-search-filters]').getAttribute('aria-busy')).toBeNull();

    // Listed once, the filters follow the next search without being asked again.
    await searchFor(page, 'attention');
    await waitForCounts(page, 'q=attention');
    expect(Object.values(await facet(page, 'status')).reduce((a, b) => a + b, 0)).toBe(await found(page));
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('asking for the filters while a search runs', () => {
  it('counts the search that was running, not the results it replaces, and keeps keyboard focus', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    const { page, context, pageErrors } = await open('search.html?q=KV+cache', LAPTOP, 'http', (c) =>
      c.route(/\/pagefind\/(index|fragment)\//, async (route) => {
        if (holding) await released;
        await route.continue();
      }),
    );
    await waitForSearch(page, 'q=KV+cache');
    // The next search waits for its index and results while the reader asks for the filters, by keyboard.
    holding = true;
    await page.fill('[data-search-page] input[name="q"]', 'attention');
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent === 'Searching…');
    await page.getByRole('button', { name: 'Show the filters' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    holding = false;
    release();
    await waitForCounts(page, 'q=attention');
    expect(Object.values(await facet(page, 'status')).reduce((a, b) => a + b, 0)).toBe(await found(page));
    expect(await page.evaluate(() => document.activeElement?.closest('[data-search-filters]') !== null)).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe.each(['http', 'file'] as const)('sorting (%s)', (over) => {
  it('fetches the sort keys only when a sort is picked, and orders by them', async () => {
    const { page, context, requested, pageErrors } = await open('search.html?q=attention', LAPTOP, over);
    await waitForSearch(page, 'q=attention');
    const relevance = await found(page);
    const sortScript = page.locator('script[src$="pagefind/sort-keys.js"]');
    expect(await sortScript.count()).toBe(0);
    await page.selectOption('select[name="sort"]', 'upvotes');
    await waitForSearch(page, 'q=attention&sort=upvotes');
    expect(await sortScript.count()).toBe(1);
    if (over === 'http') expect(sortKeyFiles(requested)).toEqual(['pagefind/sort-keys.js']);
    expect(await found(page)).toBe(relevance);
    await showAll(page);
    const upvotes = (await shownResults(page)).map((r) => Number(/(\d+) upvotes?/.exec(r.meta)?.[1] ?? 0));
    expect(upvotes).toHaveLength(relevance);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    // Back to relevance and on to date: the keys are not fetched again.
    await page.selectOption('select[name="sort"]', 'date');
    await waitForSearch(page, 'q=attention&sort=date');
    expect(await sortScript.count()).toBe(1);
    if (over === 'http') expect(sortKeyFiles(requested)).toHaveLength(1);
    const dates = (await shownResults(page)).map((r) => Date.parse(/^[A-Z][a-z]{2} \d{1,2}, \d{4}/.exec(r.meta)![0]));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('more results', () => {
  it('shows five first, and ten more for each "Show more results", without repeating one', async () => {
    const { page, context } = await open('search.html?q=attention', LAPTOP);
    await waitForSearch(page, 'q=attention');
    expect(await shownResults(page)).toHaveLength(5);
    await page.locator('[data-search-more]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] > li').length === 15);
    await page.locator('[data-search-more]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] > li').length === 25);
    const hrefs = (await shownResults(page)).map((r) => r.href);
    expect(new Set(hrefs).size).toBe(25);
    await context.close();
  });
});
