// axe-core in Chromium on the built default reading list: home, a theme, a paper with math and a reader's
// notes, the search page showing results, a status page and a tag page, in light and in dark mode (from the
// system preference), with no violation; the site's own toggle is shown to give exactly those palettes. axe is
// first shown to catch a planted contrast and label problem, so a pass means something.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe } from '../helpers/checkers.ts';
import { realContentRoot } from '../helpers/real-site.ts';
import { waitForSearch } from '../helpers/search-page.ts';
import {
  appendNote,
  buildSite,
  launchBrowser,
  makeTemp,
  paperFile,
  removeTemp,
  serve,
  type Server,
} from '../helpers/site.ts';

/** A paper whose abstract holds math; the reader gives it a status, tags and notes with every kind of markup. */
const PAPER = 'let-the-code-llm-edit-itself-when-you-edit-the-code';
const NOTES = `## What I take from it

<Callout title="Key idea">Re-encode only the edited span; positions of the rest are fixed up, $O(n)$ instead of $O(n^2)$.</Callout>

> A quote from the paper, with **bold** and \`code\`.

| Method | Speed-up |
| ------ | -------- |
| Full re-encode | 1× |
| This paper | 4× |

1. First point
2. Second point, with a [link to the home page](../../index.html)

\`\`\`python
def attention(q, k, v):
    return softmax(q @ k.T) @ v
\`\`\`

$$
\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d}}\\right) V
$$
`;

const PAGES = [
  { name: 'home', path: 'index.html' },
  { name: 'a theme', path: 'themes/kv-cache.html' },
  { name: 'a paper with math and notes', path: `papers/${PAPER}.html` },
  { name: 'the search page with results', path: 'search.html?q=attention', query: 'q=attention' },
  { name: 'a status page', path: 'status/reading.html' },
  { name: 'a tag page', path: 'tags/survey.html' },
  { name: 'all papers', path: 'all.html' },
  { name: 'the header search box showing results', path: 'themes/kv-cache.html', type: 'kv cache' },
];

/** How the colour scheme is chosen: by the system (emulated) or by the reader with the site's toggle. */
const MODES = [
  { name: 'light (system)', system: 'light', toggle: false, expectDark: false },
  { name: 'dark (system)', system: 'dark', toggle: false, expectDark: true },
  { name: 'dark (toggle)', system: 'light', toggle: true, expectDark: true },
  { name: 'light (toggle on a dark system)', system: 'dark', toggle: true, expectDark: false },
] as const;

let server: Server;
let browser: Browser;
const tally = { runs: 0, rules: 0, violations: 0 };

beforeAll(async () => {
  const root = await realContentRoot();
  const file = await paperFile(root, PAPER);
  const text = await fs.readFile(file, 'utf8');
  const end = text.indexOf('\n---\n', 4);
  await fs.writeFile(file, `${text.slice(0, end)}\nstatus: reading\ntags: [survey, must-read]${text.slice(end)}`);
  await appendNote(file, NOTES);
  const { dist } = await buildSite({ contentRoot: root });
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  console.log(`axe: ${tally.runs} page runs, ${tally.rules} rule checks that applied, ${tally.violations} violations`);
  await browser?.close();
  await server?.close();
  await removeTemp();
});

async function open(url: string, system: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme: system });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

const isDark = (page: Page) =>
  page.evaluate(() => {
    // The page's own background decides: dark when its luminance is low.
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 128;
  });

describe('axe catches what it is for', () => {
  it('reports low contrast and an unlabelled field on a planted page', async () => {
    const dir = await makeTemp('axe-planted-');
    await fs.writeFile(
      path.join(dir, 'index.html'),
      '<!DOCTYPE html><html lang="en"><head><title>Planted</title></head><body><main><h1>Planted</h1>' +
        '<p style="color:#bbb;background:#fff">faint text</p><input type="text"></main></body></html>',
    );
    const planted = await serve(dir);
    try {
      const page = await open(planted.url, 'light');
      const ids = (await runAxe(page)).violations.map((v) => v.split(' ')[0]);
      await page.context().close();
      expect(ids).toContain('color-contrast');
      expect(ids).toContain('label');
    } finally {
      await planted.close();
    }
  });
});

/** Shows a page as a reader would: search results waited for, the header box typed into, the toggle clicked. */
async function show(pagePath: string, system: 'light' | 'dark', toggle: boolean, query?: string, type?: string) {
  const page = await open(server.url + pagePath, system);
  if (query !== undefined) await waitForSearch(page, query);
  if (type !== undefined) {
    await page.fill('#site-search-q', type);
    await page.waitForSelector('.search-popover:not([hidden]) .search-popover-results > li');
  }
  if (toggle) {
    await page.click('#theme-toggle');
    // Leave the button as the untoggled page has it: not hovered, not focused.
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }
  return page;
}

/** Every element's text and background colours, in document order: the page's palette as the reader sees it. */
const palette = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body, body *')].map((element) => {
      const style = getComputedStyle(element);
      return `${element.tagName} ${style.color} ${style.backgroundColor} ${style.borderTopColor}`;
    }),
  );

// axe runs in the two palettes the system preference selects.
describe.each(MODES.filter((mode) => !mode.toggle))('axe-core in $name mode', ({ system, expectDark }) => {
  it.each(PAGES)('$name has no violation', async ({ path: pagePath, query, type }) => {
    const page = await show(pagePath, system, false, query, type);
    expect(await isDark(page)).toBe(expectDark);
    const report = await runAxe(page);
    await page.context().close();
    tally.runs += 1;
    tally.rules += report.rules;
    tally.violations += report.violations.length;
    expect(report.violations).toEqual([]);
    expect(report.rules).toBeGreaterThan(15);
  });
});

/** Pages that between them use every component and colour of the site: the toggle is compared on these. */
const PALETTE_PAGES = PAGES.filter((page) =>
  [
    'home',
    'a paper with math and notes',
    'the search page with results',
    'the header search box showing results',
  ].includes(page.name),
);

// The site's toggle must give exactly the palette that passed axe above: every element's colours are the same as
// with the system preference it stands for, so the axe result carries over. The palette is the stylesheet's, the
// same on every page; the pages compared hold the chart and theme grid, a paper with notes and math, the search
// results and the header's popover.
describe.each(MODES.filter((mode) => mode.toggle))('$name mode', ({ system, expectDark }) => {
  it.each(PALETTE_PAGES)('$name shows the palette checked by axe', async ({ path: pagePath, query, type }) => {
    const toggled = await show(pagePath, system, true, query, type);
    expect(await isDark(toggled)).toBe(expectDark);
    const reference = await show(pagePath, expectDark ? 'dark' : 'light', false, query, type);
    const [got, want] = [await palette(toggled), await palette(reference)];
    await toggled.context().close();
    await reference.context().close();
    expect(got.length).toBeGreaterThan(50);
    expect(got).toEqual(want);
  });
});
