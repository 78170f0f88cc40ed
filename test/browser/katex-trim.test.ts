// KaTeX's stylesheet as the build trims it, in a real headless Chromium: math on a
// paper page is set in KaTeX's own fonts (loaded from the site, served or from
// file://) at a real size, lays out exactly as with KaTeX's full stylesheet, and
// every paper page with math weighs under 30 KB of HTML + CSS, read without
// JavaScript. Two builds: the project's reading list as it ships, and the same list
// with a note full of math (fractions, roots, big delimiters, display math).
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Root } from 'hast';
import type { Browser, Page } from 'playwright-core';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectKatexClasses } from '../../src/lib/render/trim-katex-css.ts';
import { keepWoff2 } from '../../src/lib/render/vite-katex-woff2.ts';
import {
  PROJECT_CONTENT,
  appendNote,
  buildSite,
  ingest,
  launchBrowser,
  makeContentRoot,
  paperFile,
  serve,
  type Server,
} from '../helpers/site.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';

/** Its title holds $\texttt{EOS}$ (KaTeX's typewriter font) next to ρ. */
const TITLE_MATH = 'eos-training-free-bidirectional-variable-length-control-for-masked-diffusion';
/** Its abstract holds \(V(s)\). */
const ABSTRACT_MATH = 'exploiting-tree-structure-for-credit-assignment-in-rl-training-of-llms';
const BUDGET = 30_000;
const RICH_NOTE = [
  'Scaled attention, as a reader would note it:',
  '',
  '$$',
  '\\mathrm{softmax}\\Big(\\frac{QK^\\top}{\\sqrt{d_k}}\\Big)V \\quad \\text{with } \\sqrt[3]{n} \\le \\overline{x}',
  '$$',
  '',
  'and inline $\\mathbf{W}_q \\in \\mathbb{R}^{d \\times d}$, $\\sum_{i=1}^{n} x_i^2$.',
].join('\n');

const katexDist = path.dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));

let browser: Browser;
let server: Server;
let richServer: Server;
let dist: string;
const foreign: string[] = [];

beforeAll(async () => {
  const root = await makeContentRoot({ from: PROJECT_CONTENT, skipSources: false });
  await ingest(root);
  const richRoot = await makeContentRoot({ from: root });
  await appendNote(await paperFile(richRoot, TITLE_MATH), RICH_NOTE);
  const [plain, rich] = await Promise.all([buildSite({ contentRoot: root }), buildSite({ contentRoot: richRoot })]);
  dist = plain.dist;
  server = await serve(plain.dist, { basePath: '/reading-list/' });
  richServer = await serve(rich.dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await richServer?.close();
  await closeAll(browser, server);
});

/** Every KaTeX glyph box of the page: its font family and size as computed, and its place. */
async function katexGlyphs(page: Page) {
  await page.evaluate(() => document.fonts.ready);
  return page.$$eval(
    '.katex .katex-html :is(.mord, .mop, .mbin, .mrel, .mopen, .mclose, .mpunct, .delimsizing)',
    (elements) =>
      elements.map((element) => {
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {
          text: element.textContent,
          fontFamily: style.fontFamily,
          fontSize: style.fontSize,
          box: [box.x, box.y, box.width, box.height].map((v) => Math.round(v * 100) / 100),
        };
      }),
  );
}

/** The KaTeX font faces the page has loaded. */
async function loadedKatexFonts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts]
      .filter((face) => face.family.startsWith('KaTeX_') && face.status === 'loaded')
      .map((face) => `${face.family} ${face.style} ${face.weight}`);
  });
}

describe('math with the trimmed KaTeX stylesheet', () => {
  it.each([
    ['the title', TITLE_MATH, ['KaTeX_Typewriter', 'KaTeX_Math']],
    ['the abstract', ABSTRACT_MATH, ['KaTeX_Math', 'KaTeX_Main']],
  ])(
    'sets math in %s in KaTeX fonts loaded from the site, at a real size, served under a sub-path and from file://',
    async (_where, id, families) => {
      for (const url of [new URL(`papers/${id}.html`, server.url).href, fileUrl(dist, `papers/${id}.html`)]) {
        const { page, response } = await openPage(browser, url, { foreign });
        expect(response?.ok()).toBe(true);
        const glyphs = await katexGlyphs(page);
        expect(glyphs.length).toBeGreaterThan(0);
        for (const glyph of glyphs) {
          expect(glyph.fontFamily, `${url}: "${glyph.text}"`).toMatch(/^KaTeX_/);
          expect(glyph.box[2], `${url}: width of "${glyph.text}"`).toBeGreaterThan(0);
          expect(glyph.box[3], `${url}: height of "${glyph.text}"`).toBeGreaterThan(0);
        }
        for (const root of await page.locator('.katex').all()) {
          const box = await root.boundingBox();
          expect(box?.width).toBeGreaterThan(0);
          expect(box?.height).toBeGreaterThan(0);
        }
        // The url()s of the trimmed stylesheet still name the font files, wherever the site is opened.
        const loaded = await loadedKatexFonts(page);
        for (const family of families)
          expect(
            loaded.some((face) => face.startsWith(`${family} `)),
            `${url}: ${loaded.join(', ')}`,
          ).toBe(true);
        await page.context().close();
      }
      expect(foreign).toEqual([]);
    },
  );

  it.each([
    ['a title', 'list', TITLE_MATH],
    ['an abstract', 'list', ABSTRACT_MATH],
    ['a note with fractions, roots and display math', 'note', TITLE_MATH],
  ])('lays out math in %s exactly as KaTeX’s full stylesheet does, to the pixel', async (_what, build, id) => {
    const site = build === 'list' ? server : richServer;
    const url = new URL(`papers/${id}.html`, site.url).href;
    const replaced = { stylesheets: 0, fonts: 0 };
    const look = async (full: boolean) => {
      const { page } = await openPage(browser, url, { foreign });
      if (full) {
        // The same page with KaTeX's whole stylesheet (woff2 fonts, as the site ships it) in place of the trimmed one.
        await page.route('**/_astro/katex.min.*.css', (route) => {
          replaced.stylesheets++;
          return route.fulfill({
            contentType: 'text/css',
            body: keepWoff2(readFileSync(path.join(katexDist, 'katex.min.css'), 'utf8')),
          });
        });
        await page.route('**/_astro/fonts/*.woff2', (route) => {
          replaced.fonts++;
          const font = path.join(katexDist, 'fonts', path.basename(new URL(route.request().url()).pathname));
          return route.fulfill({ contentType: 'font/woff2', body: readFileSync(font) });
        });
        await page.reload();
      }
      const glyphs = await katexGlyphs(page);
      const shot = await page.locator('main').screenshot();
      await page.context().close();
      return { glyphs, shot };
    };
    const trimmed = await look(false);
    const full = await look(true);
    expect(replaced.stylesheets).toBe(1);
    expect(replaced.fonts).toBeGreaterThan(0);
    expect(trimmed.glyphs.length).toBeGreaterThan(0);
    expect(trimmed.glyphs).toEqual(full.glyphs);
    expect(trimmed.shot.equals(full.shot)).toBe(true);
    expect(foreign).toEqual([]);
  });
});

describe('page weight', () => {
  it('every paper page with math weighs under 30 KB of HTML + CSS, read without JavaScript', async () => {
    const parser = unified().use(rehypeParse);
    const mathPages: string[] = [];
    for (const file of await fs.readdir(path.join(dist, 'papers'))) {
      const tree = parser.parse(await fs.readFile(path.join(dist, 'papers', file), 'utf8')) as Root;
      if (collectKatexClasses(tree).size > 0) mathPages.push(file);
    }
    expect(mathPages.length).toBeGreaterThanOrEqual(10);
    expect(mathPages).toContain(`${TITLE_MATH}.html`);

    const weights: Array<{ page: string; bytes: number; stylesheets: string[] }> = [];
    for (const file of mathPages) {
      const { page } = await openPage(browser, new URL(`papers/${file}`, server.url).href, {
        javaScript: false,
        foreign,
      });
      await page.waitForLoadState('load');
      const stylesheets = await page
        .locator('link[rel="stylesheet"]')
        .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
      let bytes = 0;
      for (const href of [page.url(), ...stylesheets]) {
        const response = await page.request.get(href);
        expect(response.ok(), href).toBe(true);
        bytes += (await response.body()).length;
      }
      expect(
        stylesheets.some((href) => /\/katex\.min\.[^/]*\.css$/.test(href)),
        file,
      ).toBe(true);
      weights.push({ page: file, bytes, stylesheets });
      await page.context().close();
    }
    const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    expect(heaviest.bytes, `${heaviest.page}: ${heaviest.bytes} bytes of HTML + CSS`).toBeLessThan(BUDGET);
    expect(foreign).toEqual([]);
  });
});
