// Search as a reader uses it, in a real headless Chromium, on the built site served on 127.0.0.1 (Pagefind)
// and opened from file:// (the fallback index): results whose links open, filters that narrow, sorts,
// titles ranked first, notes searchable, the search kept in a shareable URL, the header box with its
// keyboard shortcuts, and an accessible search page.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendNote,
  buildSite,
  launchBrowser,
  makeContentRoot,
  paperFile,
  serve,
  type Server,
} from '../helpers/site.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';
import {
  isStyled,
  searchFor,
  searchMode,
  showAllResults,
  shownResults,
  statusText,
  waitForCounts,
  waitForSearch,
} from '../helpers/search-page.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/search-site');
/** A word written into a paper's MDX body by the test, found nowhere else. */
const NOTE_WORD = 'Wombatlantern';

let server: Server;
let browser: Browser;
let dist: string;
const foreign: string[] = [];
const pageErrors = new WeakMap<Page, string[]>();
const require = createRequire(import.meta.url);

type Mode = 'pagefind' | 'fallback';
const MODES: Mode[] = ['pagefind', 'fallback'];

/** Opens a page of the built site: over http (Pagefind) or from file:// (fallback). */
async function open(mode: Mode, file: string): Promise<Page> {
  const url = mode === 'pagefind' ? new URL(file, server.url).href : fileUrl(dist, file);
  const { page, pageErrors: errors } = await openPage(browser, url, { foreign });
  pageErrors.set(page, errors);
  return page;
}

/** Closes a page after checking that no script on it threw. */
async function done(page: Page): Promise<void> {
  expect(pageErrors.get(page)).toEqual([]);
  await page.context().close();
}

beforeAll(async () => {
  const root = await makeContentRoot({ from: FIXTURE });
  await appendNote(await paperFile(root, 'kivi'), `Reading group: the ${NOTE_WORD} comparison with H2O.`);
  ({ dist } = await buildSite({ contentRoot: root }));
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

describe.each(MODES)('the search page (%s)', (mode) => {
  it('uses the engine the protocol allows', async () => {
    const page = await open(mode, 'search.html');
    await waitForSearch(page, '');
    expect(await searchMode(page)).toBe(mode);
    await done(page);
  });

  it('finds at least five papers for "KV cache", and each result link opens that paper', async () => {
    const page = await open(mode, 'search.html');
    await searchFor(page, 'KV cache');
    await showAllResults(page);
    const results = await shownResults(page);
    expect(results.length).toBeGreaterThanOrEqual(5);
    expect(await statusText(page)).toMatch(new RegExp(`^${results.length} papers found for “KV cache”`));
    for (const result of results) {
      expect(result.href).toMatch(/^papers\/[a-z0-9-]+\.html$/);
      await page.getByRole('link', { name: result.title, exact: true }).click();
      await page.waitForURL(`**/${result.href}`);
      expect(await page.locator('article h1').textContent()).toBe(result.title);
      expect(await isStyled(page)).toBe(true);
      await page.goBack();
      await waitForSearch(page, 'q=KV+cache');
      await showAllResults(page);
    }
    await done(page);
  });

  it('narrows the results with a theme filter, shows the counts, and keeps it in the URL', async () => {
    const page = await open(mode, 'search.html?q=KV+cache');
    await waitForSearch(page, 'q=KV+cache');
    await waitForCounts(page, 'q=KV+cache');
    await showAllResults(page);
    const all = await shownResults(page);
    const sparse = page.locator('input[name="theme"][value="Sparse attention"]');
    const count = await page.locator('label', { has: sparse }).locator('.search-filter-count').textContent();
    await sparse.check();
    await waitForSearch(page, 'q=KV+cache&theme=Sparse+attention');
    await showAllResults(page);
    const narrowed = await shownResults(page);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThan(all.length);
    expect(narrowed.length).toBe(Number(count));
    expect(narrowed.every((r) => r.meta.includes('Sparse attention'))).toBe(true);
    expect(new URL(page.url()).search).toBe('?q=KV+cache&theme=Sparse+attention');
    await done(page);
  });

  it('filters by reading status and tag, OR within a group and AND across groups', async () => {
    const page = await open(mode, 'search.html');
    await waitForSearch(page, '');
    // Before any search, the filters come when asked for (the words typed first do not share the network).
    await page.getByRole('button', { name: 'Show the filters' }).click();
    await page.locator('summary', { hasText: 'Tag' }).click();
    await page.locator('input[name="tag"][value="must-cite"]').check();
    await waitForSearch(page, 'tag=must-cite');
    expect((await shownResults(page)).map((r) => r.href).sort()).toEqual([
      'papers/snapkv.html',
      'papers/streaming-llm.html',
    ]);
    await page.locator('input[name="tag"][value="eviction"]').check();
    await waitForSearch(page, 'tag=eviction&tag=must-cite');
    expect((await shownResults(page)).map((r) => r.href).sort()).toEqual([
      'papers/h2o.html',
      'papers/snapkv.html',
      'papers/streaming-llm.html',
    ]);
    await page.locator('input[name="status"][value="reading"]').check();
    await waitForSearch(page, 'status=reading&tag=eviction&tag=must-cite');
    expect((await shownResults(page)).map((r) => r.href)).toEqual(['papers/h2o.html']);
    await done(page);
  });

  it('restores a shared search from its URL: words, filters and sort', async () => {
    const page = await open(mode, 'search.html?q=cache&theme=KV+cache&sort=upvotes');
    await waitForSearch(page, 'q=cache&theme=KV+cache&sort=upvotes');
    expect(await page.inputValue('[data-search-page] input[name="q"]')).toBe('cache');
    expect(await page.isChecked('input[name="theme"][value="KV cache"]')).toBe(true);
    expect(await page.inputValue('select[name="sort"]')).toBe('upvotes');
    const upvotes = (await shownResults(page)).map((r) => Number(/(\d+) upvotes?/.exec(r.meta)?.[1]));
    expect(upvotes.length).toBeGreaterThanOrEqual(5);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    await done(page);
  });

  it('sorts by date, newest first', async () => {
    const page = await open(mode, 'search.html?q=KV+cache');
    await waitForSearch(page, 'q=KV+cache');
    await page.selectOption('select[name="sort"]', 'date');
    await waitForSearch(page, 'q=KV+cache&sort=date');
    // Dates read as the rest of the site writes them ("Dec 13, 2024").
    const dates = (await shownResults(page)).map((r) =>
      Date.parse(/^[A-Z][a-z]{2} \d{1,2}, \d{4}/.exec(r.meta)?.[0] ?? ''),
    );
    expect(dates.every((d) => !Number.isNaN(d))).toBe(true);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    await done(page);
  });

  it('ranks a paper with the word in its title above one with it only in the abstract', async () => {
    const page = await open(mode, 'search.html');
    await searchFor(page, 'streaming');
    const hrefs = (await shownResults(page)).map((r) => r.href);
    expect(hrefs).toContain('papers/pyramidkv.html');
    expect(hrefs[0]).toBe('papers/streaming-llm.html');
    await done(page);
  });

  it('finds a word the reader wrote in a paper’s MDX notes', async () => {
    const page = await open(mode, 'search.html');
    await searchFor(page, NOTE_WORD.toLowerCase());
    expect((await shownResults(page)).map((r) => r.href)).toEqual(['papers/kivi.html']);
    await done(page);
  });

  it('says so when nothing matches', async () => {
    const page = await open(mode, 'search.html');
    await searchFor(page, 'xylophonic');
    expect(await shownResults(page)).toEqual([]);
    expect(await statusText(page)).toBe('No papers found for “xylophonic”.');
    await done(page);
  });
});

describe.each(MODES)('the header search box (%s)', (mode) => {
  it('shows live results with page-relative links that open, from a paper page', async () => {
    const page = await open(mode, 'papers/h2o.html');
    await page.fill('#site-search-q', 'KV cache');
    await page.waitForSelector('.search-popover[data-for="KV cache"]');
    const links = await page
      .locator('.search-popover-results a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.length).toBeGreaterThanOrEqual(5);
    expect(links.every((href) => /^\.\.\/papers\/[a-z0-9-]+\.html$/.test(href ?? ''))).toBe(true);
    expect(await page.locator('.search-popover-more').getAttribute('href')).toBe('../search.html?q=KV+cache');
    await page.keyboard.press('ArrowDown');
    const first = page.locator('.search-popover-results a').first();
    expect(await first.evaluate((a) => a === document.activeElement)).toBe(true);
    const title = await first.textContent();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/${links[0]!.replace('../', '')}`);
    expect(await page.locator('article h1').textContent()).toBe(title);
    await done(page);
  });

  it('submits to the search page, which shows the results', async () => {
    const page = await open(mode, 'index.html');
    await page.fill('#site-search-q', 'KV cache');
    await page.press('#site-search-q', 'Enter');
    await page.waitForURL('**/search.html?q=KV+cache');
    await waitForSearch(page, 'q=KV+cache');
    expect((await shownResults(page)).length).toBeGreaterThanOrEqual(5);
    await done(page);
  });

  it('is focused by "/" and by Ctrl+K, and Escape closes its results', async () => {
    const page = await open(mode, 'themes/kv-cache.html');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search-q');
    expect(await page.inputValue('#site-search-q')).toBe('');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search-q');
    await page.keyboard.type('eviction');
    await page.waitForSelector('.search-popover[data-for="eviction"]');
    await page.keyboard.press('Escape');
    expect(await page.locator('.search-popover').isHidden()).toBe(true);
    await done(page);
  });
});

describe('accessibility of the search page', () => {
  it('has no axe violations with results and filters shown', async () => {
    const page = await open('pagefind', 'search.html?q=KV+cache&theme=KV+cache');
    await waitForSearch(page, 'q=KV+cache&theme=KV+cache');
    await page.addScriptTag({ content: await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(context: unknown): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> };
        }
      ).axe;
      const result = await axe.run({ include: [['[data-search-page]']] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    expect(await page.locator('[data-search-status]').getAttribute('aria-live')).toBe('polite');
    await done(page);
  });
});

describe('requests', () => {
  it('made none to another host', () => {
    expect(foreign).toEqual([]);
  });
});
