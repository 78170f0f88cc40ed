// Hostile dumps end to end, in Chromium: entries crafted to run script, evaluate as MDX, break out of the
// frontmatter, hide text, break the layout or flip text direction are imported and built, and on every page
// that shows them (paper pages, lists, themes, search over http and file://) no script of theirs runs — no
// dialog, no page error, no console error, no handler attribute or javascript: URL in the DOM — the text
// reads as written, and a 375 px wide phone never scrolls sideways.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CASES, HOSTILE_SOURCES, type HostileCase } from '../fixtures/hostile/cases.ts';
import { abstractParts, shown, titleParts } from '../fixtures/hostile/expect.ts';
import { ingest } from '../helpers/real-site.ts';
import { waitForSearch } from '../helpers/search-page.ts';
import {
  PROJECT_CONTENT,
  buildSite,
  launchBrowser,
  makeContentRoot,
  makeTemp,
  serve,
  type Server,
} from '../helpers/site.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';

let dist: string;
let server: Server;
let browser: Browser;
/** Paper id of each case, read back from the files ingest wrote. */
const ids = new Map<HostileCase, string>();
/** Theme folders that hold hostile papers. */
const themes = new Set<string>();

beforeAll(async () => {
  const files: Record<string, string> = {
    'themes.yaml': await fs.readFile(path.join(PROJECT_CONTENT, 'themes.yaml'), 'utf8'),
  };
  for (const name of await fs.readdir(HOSTILE_SOURCES))
    files[`sources/${name}`] = await fs.readFile(path.join(HOSTILE_SOURCES, name), 'utf8');
  const root = await makeContentRoot({ files });
  await ingest(root);
  const papers = path.join(root, 'papers');
  for (const theme of await fs.readdir(papers)) {
    for (const file of await fs.readdir(path.join(papers, theme))) {
      const text = await fs.readFile(path.join(papers, theme, file), 'utf8');
      const data = parseYaml(text.slice(4, text.indexOf('\n---\n', 4))) as { id: string; title: string };
      const match = ALL_CASES.find((c) => shown(c.title) === shown(data.title));
      if (match) ids.set(match, data.id);
      themes.add(theme);
    }
  }
  ({ dist } = await buildSite({ contentRoot: root }));
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

interface Visit {
  page: Page;
  /** Dialogs opened, page errors and console errors seen so far. */
  incidents: string[];
}

async function visit(url: string, width = 375): Promise<Visit> {
  const { page, incidents } = await openPage(browser, url, { viewport: { width, height: 800 } });
  return { page, incidents };
}

/** Handler attributes, javascript: URLs, scripts that mention alert, flags set by injected code. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`<${element.localName} ${attribute.name}>`);
        if (/^\s*javascript:/i.test(attribute.value))
          found.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
      }
    }
    for (const script of document.querySelectorAll('script'))
      if (/alert\(/.test(script.textContent ?? '')) found.push('inline script with alert(');
    for (const tag of [
      'iframe',
      'circle[r="5"]',
      'marquee',
      'img[src="x"]',
      'body body',
      '[style*="inset:0"]',
      'a[href^="x.png"]',
    ]) {
      if (document.querySelector(tag)) found.push(`element ${tag}`);
    }
    if ((globalThis as { pwned?: unknown }).pwned !== undefined) found.push('globalThis.pwned is set');
    return found;
  });
}

/** The page is no wider than the window: nothing makes a phone scroll sideways. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function settle(page: Page): Promise<void> {
  // Scripts are classic and deferred: give them their turn, then let any injected handler fire.
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

describe('the checks catch what they are for', () => {
  it('see a dialog, a page error, a handler attribute and a page wider than a phone on a planted page', async () => {
    const dir = await makeTemp('hostile-planted-');
    await fs.writeFile(
      path.join(dir, 'index.html'),
      '<!DOCTYPE html><html lang="en"><head><title>Planted</title></head><body><main><h1>Planted</h1>' +
        '<script>alert(1)</script><img src="x" onerror="window.pwned = 1; undefinedFunction()">' +
        '<p style="width: 600px">wide</p></main></body></html>',
    );
    const planted = await serve(dir);
    try {
      const { page, incidents } = await visit(planted.url);
      await settle(page);
      expect(await injected(page)).toEqual(
        expect.arrayContaining(['<img onerror>', 'inline script with alert(', 'globalThis.pwned is set']),
      );
      expect(await overflow(page)).toBeGreaterThan(0);
      await page.context().close();
      expect(incidents).toEqual(
        expect.arrayContaining(['dialog alert: 1', expect.stringMatching(/^page error: .*undefinedFunction/)]),
      );
    } finally {
      await planted.close();
    }
  });
});

describe('hostile entries', () => {
  it('all become papers, one each', () => {
    expect(ALL_CASES.filter((c) => !ids.has(c)).map((c) => c.name)).toEqual([]);
  });

  describe.each(ALL_CASES.map((c) => ({ name: c.name, c })))('$name', ({ c }) => {
    it.each([375, 1280])('paper page at %i px: no script runs, text as written, no sideways scroll', async (width) => {
      const { page, incidents } = await visit(`${server.url}papers/${ids.get(c)}.html`, width);
      await settle(page);
      const h1 = shown(await page.locator('article h1').innerText());
      const abstract = shown(await page.locator('section.abstract').innerText());
      if (c.visibleTitle) for (const part of titleParts(c)) expect(h1).toContain(part);
      else expect(h1).toBe(shown(c.title));
      for (const part of abstractParts(c)) expect(abstract).toContain(part);
      expect(await page.title()).toContain(titleParts(c)[0]!.slice(0, 40));
      expect(await injected(page)).toEqual([]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.context().close();
      expect(incidents).toEqual([]);
    });
  });
});

describe('pages that list hostile papers', () => {
  const lists = () => ['index.html', 'all.html', 'status/to-read.html', ...[...themes].map((t) => `themes/${t}.html`)];

  it('home, all papers, the status page and every theme page: no script runs, no sideways scroll at 375 px', async () => {
    const problems: string[] = [];
    for (const route of lists()) {
      const { page, incidents } = await visit(server.url + route);
      await settle(page);
      problems.push(...(await injected(page)).map((p) => `${route}: ${p}`));
      const wider = await overflow(page);
      if (wider > 0) problems.push(`${route}: ${wider}px wider than the window`);
      const text = shown(await page.locator('main').innerText());
      // The first words of each hostile title on the list pages are shown as written.
      if (route === 'all.html')
        for (const c of ALL_CASES)
          if (!text.includes(titleParts(c)[0]!.slice(0, 30))) problems.push(`${route}: "${c.name}" title not shown`);
      await page.context().close();
      problems.push(...incidents.map((i) => `${route}: ${i}`));
    }
    expect(problems).toEqual([]);
    expect(lists().length).toBeGreaterThan(4);
  });

  it('the search page over http (Pagefind) shows hostile titles as text', async () => {
    const { page, incidents } = await visit(`${server.url}search.html?q=alert`);
    await waitForSearch(page, 'q=alert');
    await settle(page);
    const results = shown(await page.locator('[data-search-results]').innerText());
    expect(results).toContain('<script>alert(1)</script> Attention Is Not <b>All</b> You Need');
    expect(await injected(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
    expect(incidents).toEqual([]);
  });

  it('Pagefind excerpts show written entities as written, not decoded once more', async () => {
    const { page, incidents } = await visit(`${server.url}search.html?q=decoded`);
    await waitForSearch(page, 'q=decoded');
    await settle(page);
    const excerpts = (await page.locator('.search-result-excerpt').allInnerTexts()).join('\n');
    expect(excerpts).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(excerpts).not.toContain('<img src=x');
    expect(await page.locator('.search-result-excerpt mark').count()).toBeGreaterThan(0);
    expect(await injected(page)).toEqual([]);
    await page.context().close();
    expect(incidents).toEqual([]);
  });

  it('the header search box shows hostile titles as text', async () => {
    const { page, incidents } = await visit(`${server.url}index.html`, 1280);
    await page.fill('#site-search-q', 'onerror');
    await page.waitForSelector('.search-popover:not([hidden]) .search-popover-results > li');
    await settle(page);
    expect(shown(await page.locator('.search-popover').innerText())).toContain(
      '<img src=x onerror=alert(1)> Event <body onload=alert(2)> Handlers',
    );
    expect(await injected(page)).toEqual([]);
    await page.context().close();
    expect(incidents).toEqual([]);
  });

  it('the search page from file:// (the fallback index) shows hostile titles as text', async () => {
    const url = fileUrl(dist, 'search.html?q=alert');
    const { page, incidents } = await visit(url);
    await waitForSearch(page, 'q=alert');
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-search-mode'))).toBe('fallback');
    const results = shown(await page.locator('[data-search-results]').innerText());
    expect(results).toContain('<script>alert(1)</script> Attention Is Not <b>All</b> You Need');
    expect(await injected(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
    expect(incidents).toEqual([]);
  });
});
