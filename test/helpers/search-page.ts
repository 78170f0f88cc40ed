/**
 * What the search tests do on a page: type a search and wait until the page
 * shows its results, read the results, and tell whether a page is styled.
 * Results are up to date when the list's data-for equals the search's query
 * string (the search script sets it after rendering); the filters' counts,
 * which come after the results, when the filters box's data-for does.
 */
import type { Page } from 'playwright-core';

export interface ShownResult {
  title: string;
  href: string;
  meta: string;
}

/** Waits until the search page shows results for exactly this query string (e.g. 'q=kv+cache&theme=KV+cache'). */
export async function waitForSearch(page: Page, query: string): Promise<void> {
  await page.waitForSelector(`[data-search-results][data-for="${query.replace(/"/g, '\\"')}"]`, { state: 'attached' });
}

/**
 * Waits until the search page's filters show their counts for exactly this query string. The counts come after
 * the results, once the filters are asked for or in use (the filters box's data-for, set as the list's is); where
 * the page offers them in view ("Show the filters" beside the results on a wide screen), they are asked for here.
 * (On a phone the reader opens "Filters" first.)
 */
export async function waitForCounts(page: Page, query: string): Promise<void> {
  const show = page.locator('[data-search-show-filters]');
  if (await show.isVisible()) await show.click();
  await page.waitForSelector(`[data-search-filters][data-for="${query.replace(/"/g, '\\"')}"]`, { state: 'attached' });
}

/** Types words into the search page's box and waits for their results. */
export async function searchFor(page: Page, words: string): Promise<void> {
  await page.fill('[data-search-page] input[name="q"]', words);
  await waitForSearch(page, new URLSearchParams({ q: words.trim() }).toString());
}

/** Clicks "Show more results" until every result is shown. */
export async function showAllResults(page: Page): Promise<void> {
  const more = page.locator('[data-search-more]');
  while (await more.isVisible()) {
    const before = await page.locator('[data-search-results] > li').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] > li').length > n, before);
  }
}

export async function shownResults(page: Page): Promise<ShownResult[]> {
  return page.locator('[data-search-results] > li').evaluateAll((items) =>
    items.map((li) => {
      const a = li.querySelector('a')!;
      return {
        title: a.textContent ?? '',
        href: a.getAttribute('href') ?? '',
        meta: li.querySelector('.search-result-meta')?.textContent ?? '',
      };
    }),
  );
}

export async function statusText(page: Page): Promise<string> {
  return (await page.locator('[data-search-status]').textContent()) ?? '';
}

/** Which engine the search script chose: 'pagefind' or 'fallback' (null before it loaded). */
export async function searchMode(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('data-search-mode'));
}

/**
 * True when the site's stylesheet applies: the body has the site's
 * background and the header its border. An unstyled page (stylesheet not
 * found) has a transparent body and no header border.
 */
export async function isStyled(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const header = document.querySelector('.site-header');
    return (
      body.backgroundColor !== 'rgba(0, 0, 0, 0)' &&
      body.display === 'flex' &&
      header !== null &&
      getComputedStyle(header).borderBottomStyle === 'solid'
    );
  });
}
