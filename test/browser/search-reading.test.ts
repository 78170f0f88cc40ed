// The search page as a reader meets it, on the default list, at a phone's size (390x844) and a laptop's
// (1280x800): the first result above the fold, one search box, filters that fold away on a phone and list
// their values by count without the empty ones; snippets that read as the paper (abstract and notes, never the
// site's theme explanation); quoted phrases and -exclusions in both modes; dates as the rest of the site
// writes them.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_CONTENT, buildSite, launchBrowser, serve, type Server } from '../helpers/site.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';
import { showAllResults, shownResults, statusText, waitForCounts, waitForSearch } from '../helpers/search-page.ts';

let server: Server;
let browser: Browser;
let dist: string;

beforeAll(async () => {
  ({ dist } = await buildSite({ contentRoot: PROJECT_CONTENT }));
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
] as const;

async function searchPage(
  query: string,
  viewport: { width: number; height: number } = SIZES[1].viewport,
  over: 'http' | 'file' = 'http',
) {
  const target = `search.html?${query}`;
  const url = over === 'http' ? new URL(target, server.url).href : fileUrl(dist, target);
  const { page, pageErrors } = await openPage(browser, url, { viewport });
  await waitForSearch(page, query);
  return { page, pageErrors };
}

/** The number of papers the status line reports. */
async function found(page: Page): Promise<number> {
  const match = /^(\d+) papers? found|^No papers found/.exec(await statusText(page));
  expect(match).not.toBeNull();
  return Number(match![1] ?? 0);
}

describe.each(SIZES)('the search page on a $name', ({ viewport }) => {
  it('shows the first result above the fold, under the one search box', async () => {
    const { page, pageErrors } = await searchPage('q=KV+cache', viewport);
    const first = page.locator('[data-search-results] > li').first();
    const box = await first.boundingBox();
    expect(box).not.toBeNull();
    // The whole title and meta line of the first result are on the first screen.
    expect(box!.y + 60).toBeLessThan(viewport.height);
    expect(await page.locator('input[type="search"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('folds the filters away on a phone, shows them beside the results on a laptop', async () => {
    const { page } = await searchPage('q=KV+cache', viewport);
    const open = await page.locator('[data-search-filters-panel]').evaluate((d) => (d as HTMLDetailsElement).open);
    expect(open).toBe(viewport.width > 1000);
    await page.context().close();
  });

  it('takes snippets from the abstract and notes, never from the theme explanation', async () => {
    const { page } = await searchPage('q=KV+cache', viewport);
    await showAllResults(page);
    const excerpts = await page.locator('.search-result-excerpt').allTextContents();
    expect(excerpts.length).toBeGreaterThan(5);
    for (const excerpt of excerpts) expect(excerpt).not.toMatch(/matched:|—\s*matched/);
    // The first snippet's words are the first result's abstract.
    const [first] = await shownResults(page);
    const words = excerpts[0]!.replace(/^… |…$/g, '').trim();
    await page.getByRole('link', { name: first!.title, exact: true }).click();
    await page.waitForURL(`**/${first!.href}`);
    const abstract = (await page.locator('section[aria-labelledby="abstract-heading"]').textContent()) ?? '';
    expect(abstract.replace(/\s+/g, ' ')).toContain(words.split(' ').slice(0, 6).join(' '));
    await page.context().close();
  });
});

describe('filters', () => {
  it('list values by count, most first, and hide those with no paper under the search', async () => {
    const { page } = await searchPage('q=KV+cache');
    // The counts come after the results.
    await waitForCounts(page, 'q=KV+cache');
    const rows = await page.locator('fieldset:has(input[name="theme"]) > label').evaluateAll((labels) =>
      labels.map((l) => ({
        hidden: (l as HTMLElement).hidden,
        count: Number(l.querySelector('.search-filter-count')?.textContent ?? 'NaN'),
      })),
    );
    const shown = rows.filter((r) => !r.hidden);
    expect(shown.length).toBeGreaterThan(2);
    expect(shown.every((r) => r.count > 0)).toBe(true);
    expect(rows.filter((r) => r.hidden).every((r) => r.count === 0)).toBe(true);
    expect(rows.some((r) => r.hidden)).toBe(true);
    const counts = shown.map((r) => r.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await page.context().close();
  });
});

describe.each(['http', 'file'] as const)('query syntax (%s)', (over) => {
  it('matches a quoted phrase exactly, and fewer papers than its words', async () => {
    const loose = await searchPage('q=cache+reuse', undefined, over);
    const phrase = await searchPage('q=%22cache+reuse%22', undefined, over);
    const [n, m] = [await found(loose.page), await found(phrase.page)];
    expect(m).toBeGreaterThan(0);
    expect(m).toBeLessThan(n);
    const looseHits = new Set((await shownResults(loose.page)).map((r) => r.href));
    if (n <= 10) for (const result of await shownResults(phrase.page)) expect(looseHits.has(result.href)).toBe(true);
    await Promise.all([loose.page.context().close(), phrase.page.context().close()]);
  });

  it('leaves out the papers an exclusion matches: “KV cache -survey” = “KV cache” less “KV cache survey”', async () => {
    const all = await searchPage('q=KV+cache', undefined, over);
    const both = await searchPage('q=KV+cache+survey', undefined, over);
    const without = await searchPage('q=KV+cache+-survey', undefined, over);
    const [a, b, w] = [await found(all.page), await found(both.page), await found(without.page)];
    expect(b).toBeGreaterThan(0);
    expect(w).toBe(a - b);
    const excluded = new Set((await shownResults(both.page)).map((r) => r.href));
    for (const result of await shownResults(without.page)) expect(excluded.has(result.href)).toBe(false);
    await Promise.all([all, both, without].map(({ page }) => page.context().close()));
  });

  it('narrows words by a phrase written beside them, and counts the filters of what is shown', async () => {
    const phrase = await searchPage('q=%22cache+reuse%22', undefined, over);
    const mixed = await searchPage('q=%22cache+reuse%22+serving', undefined, over);
    const [p, m] = [await found(phrase.page), await found(mixed.page)];
    expect(m).toBeGreaterThan(0);
    expect(m).toBeLessThanOrEqual(p);
    const inPhrase = new Set((await shownResults(phrase.page)).map((r) => r.href));
    for (const result of await shownResults(mixed.page)) expect(inPhrase.has(result.href)).toBe(true);
    // The status counts of the shown results add up to their number (each paper has one status).
    await waitForCounts(mixed.page, 'q=%22cache+reuse%22+serving');
    const statusCounts = await mixed.page
      .locator('fieldset:has(input[name="status"]) > label:not([hidden]) .search-filter-count')
      .allTextContents();
    expect(statusCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(m);
    await Promise.all([phrase.page.context().close(), mixed.page.context().close()]);
  });

  it('writes dates as the rest of the site does', async () => {
    const { page } = await searchPage('q=KV+cache', undefined, over);
    const [first] = await shownResults(page);
    expect(first!.meta).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} · /);
    await page.context().close();
  });
});
