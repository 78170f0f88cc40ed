// The reading workflow in a real headless Chromium, on the workflow fixture: status and tag
// filters in search (Pagefind over http, the fallback index on file://), the copy-BibTeX control
// (clipboard API over http, the textarea fallback on file://, a readable <details> without
// JavaScript), the charts in light and dark mode, and status/tag pages reached by clicking.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../src/lib/chart/timeline.ts';
import { buildSite, launchBrowser, makeContentRoot, serve, type Server } from '../helpers/site.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/workflow');

let server: Server;
let browser: Browser;
let dist: string;
const foreign: string[] = [];

interface OpenOptions {
  javaScript?: boolean;
  dark?: boolean;
  /** Open from the built folder (file://) instead of the server. */
  file?: boolean;
  permissions?: string[];
}

async function open(target: string, options: OpenOptions = {}): Promise<Page> {
  const url = options.file ? fileUrl(dist, target) : new URL(target, server.url).href;
  const grant = options.permissions && { permissions: options.permissions, origin: new URL(server.url).origin };
  const { page } = await openPage(browser, url, { javaScript: options.javaScript, dark: options.dark, grant, foreign });
  return page;
}

/** Paper ids of the search results once the results show the search in the URL. */
async function searchResults(page: Page, query: string): Promise<string[]> {
  const list = page.locator(`[data-search-results][data-for="${query}"]`);
  await list.waitFor({ state: 'attached' });
  const hrefs = await list
    .locator('li a[href*="papers/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((href) => path.basename(href.split('#')[0]!, '.html')))].sort();
}

beforeAll(async () => {
  const root = await makeContentRoot({ from: FIXTURE });
  ({ dist } = await buildSite({ contentRoot: root, env: { READING_LIST_SITE: 'https://example.org/reading-list/' } }));
  server = await serve(dist, { basePath: '/reading-list/' });
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

describe('status and tag filters in search', () => {
  it('filters by status and by tag with Pagefind over http', async () => {
    const page = await open('search.html?status=read');
    const pagefind: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/pagefind/')) pagefind.push(request.url());
    });
    await page.reload();
    expect(await searchResults(page, 'status=read')).toEqual(['snapkv', 'streaming-llm']);
    expect(pagefind.length).toBeGreaterThan(0);
    await page.goto(new URL('search.html?tag=Survey+Material', server.url).href);
    expect(await searchResults(page, 'tag=Survey+Material')).toEqual(['added-by-hand', 'h2o']);
    await page.goto(new URL('search.html?status=read&tag=must-cite', server.url).href);
    expect(await searchResults(page, 'status=read&tag=must-cite')).toEqual(['snapkv', 'streaming-llm']);
    await page.context().close();
  });

  it('offers status and tag checkboxes with counts, and filters when one is ticked', async () => {
    const page = await open('search.html');
    // Before any search, the filters come when asked for (the words typed first do not share the network).
    await page.getByRole('button', { name: 'Show the filters' }).click();
    const reading = page.locator('input[type="checkbox"][name="status"][value="reading"]');
    await reading.waitFor();
    const tagValues = await page
      .locator('input[type="checkbox"][name="tag"]')
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value).sort());
    expect(tagValues).toEqual(['Survey Material', 'attention-sinks', 'eviction', 'must-cite', 'quantization']);
    await reading.check();
    expect(await searchResults(page, 'status=reading')).toEqual(['added-by-hand', 'h2o']);
    expect(new URL(page.url()).searchParams.get('status')).toBe('reading');
    await page.context().close();
  });

  it('filters by status and by tag with the fallback index on file://', async () => {
    const page = await open('search.html?status=to-read', { file: true });
    expect(await searchResults(page, 'status=to-read')).toEqual(['kivi', 'minference', 'special-characters']);
    await page.goto(fileUrl(dist, 'search.html?tag=must-cite'));
    expect(await searchResults(page, 'tag=must-cite')).toEqual(['h2o', 'snapkv', 'streaming-llm']);
    await page.goto(fileUrl(dist, 'search.html?status=reading&tag=must-cite'));
    expect(await searchResults(page, 'status=reading&tag=must-cite')).toEqual(['h2o']);
    await page.context().close();
  });
});

describe('copy BibTeX', () => {
  it('copies the entry with the clipboard API over http', async () => {
    const page = await open('papers/snapkv.html', { permissions: ['clipboard-read', 'clipboard-write'] });
    const entry = (await page.locator('code[data-bibtex]').textContent()) ?? '';
    expect(entry).toMatch(/^@misc\{snapkv2024,/);
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    await page.waitForFunction(() => document.querySelector('.bibtex-status')?.textContent !== '');
    await expect(page.locator('.bibtex-status').textContent()).resolves.toBe('BibTeX copied.');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(entry);
    await page.context().close();
  });

  it('copies on file:// too (a secure context in Chromium)', async () => {
    const page = await open('papers/h2o.html', { file: true });
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    await page.waitForFunction(() => document.querySelector('.bibtex-status')?.textContent !== '');
    await expect(page.locator('.bibtex-status').textContent()).resolves.toBe('BibTeX copied.');
    await page.context().close();
  });

  it('falls back to a selected textarea where the clipboard API is missing, and cleans up', async () => {
    const context = await browser.newContext();
    // A browser without navigator.clipboard (older ones, or http on another host than localhost).
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }),
    );
    const page = await context.newPage();
    await page.goto(new URL('papers/h2o.html', server.url).href);
    await page.evaluate(() => {
      document.addEventListener('copy', () => {
        const active = document.activeElement as HTMLTextAreaElement | null;
        document.body.dataset.copied = active?.tagName === 'TEXTAREA' ? active.value : '';
      });
    });
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    await page.waitForFunction(() => document.querySelector('.bibtex-status')?.textContent !== '');
    await expect(page.locator('.bibtex-status').textContent()).resolves.toBe('BibTeX copied.');
    const copied = await page.evaluate(() => document.body.dataset.copied);
    expect(copied).toBe(await page.locator('code[data-bibtex]').textContent());
    expect(copied).toMatch(/^@misc\{h2o2023,/);
    expect(await page.locator('textarea').count()).toBe(0);
    await context.close();
  });

  it('shows the entry without JavaScript, and no dead button', async () => {
    const page = await open('papers/snapkv.html', { javaScript: false });
    await expect(page.getByRole('button', { name: 'Copy BibTeX' }).isVisible()).resolves.toBe(false);
    const code = page.locator('code[data-bibtex]');
    await expect(code.isVisible()).resolves.toBe(false);
    await page.locator('details.bibtex summary').click();
    await expect(code.isVisible()).resolves.toBe(true);
    await expect(code.textContent()).resolves.toContain('title = {{SnapKV:} {LLM} {Knows}');
    await page.context().close();
  });
});

describe('timeline', () => {
  /** The computed fill of the first bar, as rgb(). */
  const firstBarFill = (page: Page) =>
    page
      .locator('#main svg.timeline-chart rect.timeline-bar')
      .first()
      .evaluate((rect) => getComputedStyle(rect).fill);
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

  // A theme page's chart: the sparse-attention theme holds h2o (filed under kv-cache, June 2023), StreamingLLM
  // (Sep 2023) and MInference (Jul 2024), stacked by primary theme.
  const THEME_PAGE = 'themes/sparse-attention.html';
  const NAME = 'Sparse attention: papers per month, by primary theme';

  it('is an image with a name and a data table for screen readers, readable without JavaScript', async () => {
    const page = await open(THEME_PAGE, { javaScript: false });
    const chart = page.getByRole('img', { name: NAME });
    await expect(chart.count()).resolves.toBe(1);
    await expect(chart.isVisible()).resolves.toBe(true);
    const table = page.getByRole('table', { name: NAME });
    await expect(table.locator('tbody tr').count()).resolves.toBe(14);
    await expect(page.locator('.timeline-legend li').allTextContents()).resolves.toEqual(
      ['KV cache (1)', 'Sparse attention (2)'].map((t) => ` ${t}`),
    );
    await page.context().close();
  });

  it('uses the light palette in light mode and the dark one in dark mode, and follows the reader toggle', async () => {
    const light = await open(THEME_PAGE);
    // The first bar is the oldest month's: h2o, theme kv-cache, the first colour.
    await expect(firstBarFill(light)).resolves.toBe(rgb(LIGHT_PALETTE[0]));
    await light.context().close();

    const dark = await open(THEME_PAGE, { dark: true });
    await expect(firstBarFill(dark)).resolves.toBe(rgb(DARK_PALETTE[0]));
    const labelColor = await dark
      .locator('.timeline-label')
      .first()
      .evaluate((text) => getComputedStyle(text).fill);
    const bodyColor = await dark.evaluate(() => getComputedStyle(document.body).color);
    expect(labelColor).toBe(bodyColor);
    await dark.context().close();

    const toggled = await open(THEME_PAGE);
    await toggled.locator('#theme-toggle').click();
    await expect(firstBarFill(toggled)).resolves.toBe(rgb(DARK_PALETTE[0]));
    await toggled.context().close();
  });

  it("draws the home page's small multiples in the page's accent colour, light and dark", async () => {
    const barFill = (page: Page) =>
      page
        .locator('#main svg.multiples-chart rect.multiples-bar')
        .first()
        .evaluate((rect) => getComputedStyle(rect).fill);
    const accent = (page: Page) =>
      page.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--accent)';
        document.body.append(probe);
        return getComputedStyle(probe).color;
      });
    for (const dark of [false, true]) {
      const page = await open('index.html', { dark, javaScript: false });
      await expect(
        page.getByRole('img', { name: /^KV cache: 3 papers in 3 months; busiest month/ }).count(),
      ).resolves.toBe(1);
      expect(await barFill(page)).toBe(await accent(page));
      await page.context().close();
    }
  });
});

describe('status and tag pages', () => {
  it('goes from a paper to its status page and a tag page by clicking', async () => {
    const page = await open('papers/h2o.html');
    await page.locator('.facts').getByRole('link', { name: 'Reading', exact: true }).click();
    await page.waitForURL('**/status/reading.html');
    await expect(page.locator('h1').textContent()).resolves.toBe('Reading');
    await expect(page.locator('#status-papers > li').count()).resolves.toBe(2);
    await page.goBack();
    await page.locator('.facts').getByRole('link', { name: 'Survey Material' }).click();
    await page.waitForURL('**/tags/survey-material.html');
    await expect(page.locator('#tag-papers > li').count()).resolves.toBe(2);
    await page.context().close();
  });

  it('made no request to any other host', () => {
    expect(foreign).toEqual([]);
  });
});
