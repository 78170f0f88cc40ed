// The home page leads with what to read, in a real Chromium: at 1280x800 and at 390x844 the "reading now" section
// and the first "recently added" paper link are on the first screen (the themes too on a desktop), without
// JavaScript; "recently added" is ordered by the day each paper arrived in the list (`added`), not by publication
// date; with nothing in progress, the page says how to mark a paper. The chart below is one small, named chart
// per theme.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, openPage } from '../helpers/browser.ts';
import { PROJECT_CONTENT, buildSite, launchBrowser, makeContentRoot, serve, type Server } from '../helpers/site.ts';

const SEARCH_FIXTURE = path.resolve(import.meta.dirname, '../fixtures/search-site');

/** Published long ago, arrived last: recently added puts it first, a sort by publication date last. */
const OLD_ARRIVED_LAST = `---
title: An Old Survey Saved Last
date: "2019-05-01"
added: "2026-11-30"
---
`;
/** Being read: the home page shows it first. */
const IN_PROGRESS = `---
title: A Paper Being Read Now
date: "2025-02-01"
added: "2025-02-02"
status: reading
---
`;

const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

let browser: Browser;
let server: Server;
let quiet: Server;
const foreign: string[] = [];

beforeAll(async () => {
  const root = await makeContentRoot({
    from: PROJECT_CONTENT,
    files: {
      'papers/agents/an-old-survey-saved-last.mdx': OLD_ARRIVED_LAST,
      'papers/agents/a-paper-being-read-now.mdx': IN_PROGRESS,
    },
  });
  // A list with nothing in progress.
  const none = await makeContentRoot({ from: SEARCH_FIXTURE });
  for (const entry of await fs.readdir(path.join(none, 'papers'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(/^status: reading$/m, 'status: read'));
  }
  const [built, builtQuiet] = await Promise.all([buildSite({ contentRoot: root }), buildSite({ contentRoot: none })]);
  server = await serve(built.dist);
  quiet = await serve(builtQuiet.dist);
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await quiet?.close();
  await closeAll(browser, server);
});

async function home(site: Server, viewport: { width: number; height: number }, javaScript = false): Promise<Page> {
  const { page } = await openPage(browser, new URL('index.html', site.url).href, { viewport, javaScript, foreign });
  return page;
}

/** True when the element's box lies wholly within the first screen. */
async function aboveTheFold(locator: Locator, height: number): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

describe('the first screen of the home page', () => {
  for (const { name, viewport } of SCREENS) {
    it(`shows reading now and the first recently added paper at ${viewport.width}x${viewport.height} (${name})`, async () => {
      const page = await home(server, viewport);
      const reading = page.getByRole('region', { name: 'Reading now' });
      await expect(reading.getByRole('link', { name: 'A Paper Being Read Now' }).count()).resolves.toBe(1);
      expect(await aboveTheFold(reading.getByRole('heading', { name: 'Reading now' }), viewport.height)).toBe(true);
      expect(await aboveTheFold(reading.getByRole('link').first(), viewport.height)).toBe(true);

      const recent = page.getByRole('region', { name: 'Recently added' });
      const first = recent.getByRole('listitem').first().getByRole('link');
      await expect(first.textContent()).resolves.toBe('An Old Survey Saved Last');
      expect(await aboveTheFold(first, viewport.height)).toBe(true);

      const themes = page.getByRole('region', { name: 'Themes', exact: true });
      expect(await aboveTheFold(themes.getByRole('heading'), viewport.height)).toBe(true);
      expect(await aboveTheFold(themes.getByRole('link').first(), viewport.height)).toBe(true);
      if (name === 'desktop') {
        // Every theme and the whole recently added list fit the desktop's first screen.
        expect(await aboveTheFold(themes.getByRole('link').last(), viewport.height)).toBe(true);
        expect(await aboveTheFold(recent.getByRole('listitem').last(), viewport.height)).toBe(true);
      }
      // The page is no wider than the screen (the phone's theme row scrolls inside itself).
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(viewport.width);
      await page.context().close();
    });
  }

  it('orders recently added by the day each paper arrived, newest first, each with that day', async () => {
    const page = await home(server, SCREENS[0].viewport);
    const items = page.getByRole('region', { name: 'Recently added' }).getByRole('listitem');
    const rows = await items.evaluateAll((lis) =>
      lis.map((li) => ({
        added: li.getAttribute('data-added') ?? '',
        date: li.getAttribute('data-date') ?? '',
        shown: li.querySelector('time')?.getAttribute('datetime') ?? '',
        text: li.querySelector('.meta')?.textContent ?? '',
      })),
    );
    expect(rows.length).toBe(5);
    expect(rows[0]).toEqual({
      added: '2026-11-30',
      date: '2019-05-01',
      shown: '2026-11-30',
      text: 'added Nov 30, 2026',
    });
    const added = rows.map((row) => row.added);
    expect(added).toEqual([...added].sort().reverse());
    // Not publication order: the first paper was published years before the others.
    expect(rows.slice(1).every((row) => row.date > rows[0]!.date)).toBe(true);
    // The rest are the papers of the latest capture in the dumps, the day ingest wrote as their `added`.
    expect(rows.slice(1).map((row) => row.added)).toEqual(['2026-03-10', '2026-03-10', '2026-03-10', '2026-03-10']);
    await page.context().close();
  });

  it('says how to mark a paper when none is in progress', async () => {
    const page = await home(quiet, SCREENS[1].viewport);
    const reading = page.getByRole('region', { name: 'Reading now' });
    await expect(reading.getByRole('list').count()).resolves.toBe(0);
    await expect(reading.textContent()).resolves.toContain('status: reading');
    expect(await aboveTheFold(reading.locator('p'), SCREENS[1].viewport.height)).toBe(true);
    await page.context().close();
  });
});

describe('the papers-per-month chart of the home page', () => {
  it('is one small chart per theme, each an image named by what it shows, after the first screen', async () => {
    const page = await home(server, SCREENS[0].viewport);
    const charts = page.getByRole('region', { name: 'Papers per month, by theme' }).getByRole('img');
    const names = await charts.evaluateAll((svgs) => svgs.map((svg) => svg.querySelector('title')?.textContent ?? ''));
    const themed = await page.locator('.theme-links li').count();
    expect(names.length).toBe(themed);
    for (const label of names)
      expect(label).toMatch(/^.+: \d+ papers? in \d+ months?; busiest month \w{3} \d{4} \(\d+\)$/);
    // Largest theme first, and no grey "other themes" block.
    const totals = names.map((label) => Number(/: (\d+) paper/.exec(label)![1]));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(names.join(' ')).not.toMatch(/other themes/);
    const top = await charts.first().boundingBox();
    expect(top!.y).toBeGreaterThan(SCREENS[0].viewport.height);
    await page.context().close();
  });

  it('made no request to any other host', () => {
    expect(foreign).toEqual([]);
  });
});
