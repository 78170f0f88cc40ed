/**
 * Screenshots of the built site for a person to look at (not a test): home, a
 * theme page and a paper page, light and dark, desktop width, plus the paper
 * page on a phone and the home page's chart alone (desktop and phone, light and
 * dark). Builds the given content root (default: the project's content plus
 * the hand-added fixture papers) and serves it on 127.0.0.1.
 *
 *   node test/helpers/screenshots.ts [--content DIR] [--out /tmp/shots] [--theme kv-cache] [--paper ID] [--dist DIR]
 *
 * With --dist, an already built folder is served instead of building.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_CONTENT, buildSite, launchBrowser, makeContentRoot, removeTemp, serve } from './site.ts';

const { values } = parseArgs({
  options: {
    content: { type: 'string' },
    out: { type: 'string', default: '/tmp/shots' },
    theme: { type: 'string', default: 'kv-cache' },
    paper: { type: 'string', default: 'quantized-kv-cache-at-scale' },
    dist: { type: 'string' },
  },
});

const fixtures = path.resolve(import.meta.dirname, '../fixtures/site/content');

async function main(): Promise<void> {
  let dist = values.dist;
  if (!dist) {
    const root = await makeContentRoot({ from: values.content ?? PROJECT_CONTENT });
    if (!values.content) await fs.cp(path.join(fixtures, 'papers'), path.join(root, 'papers'), { recursive: true });
    ({ dist } = await buildSite({ contentRoot: root }));
  }
  const server = await serve(dist);
  const browser = await launchBrowser();
  await fs.mkdir(values.out, { recursive: true });
  const pages = [
    ['home', 'index.html'],
    ['theme', `themes/${values.theme}.html`],
    ['paper', `papers/${values.paper}.html`],
  ] as const;
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      for (const [name, url] of pages) {
        await page.goto(new URL(url, server.url).href);
        await page.evaluate(() => document.fonts.ready);
        const file = path.join(values.out, `${name}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const top = path.join(values.out, `${name}-${scheme}-top.png`);
        await page.screenshot({ path: top });
        console.log(file, top);
        if (name === 'home') {
          const chart = path.join(values.out, `home-chart-${scheme}.png`);
          await page.locator('figure.timeline').first().screenshot({ path: chart });
          console.log(chart);
        }
      }
      await context.close();
    }
    for (const scheme of ['light', 'dark'] as const) {
      const phone = await browser.newContext({
        colorScheme: scheme,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
      });
      const page = await phone.newPage();
      await page.goto(new URL('index.html', server.url).href);
      const chart = path.join(values.out, `home-chart-phone-${scheme}.png`);
      await page.locator('figure.timeline').first().screenshot({ path: chart });
      console.log(chart);
      if (scheme === 'light') {
        await page.goto(new URL(`papers/${values.paper}.html`, server.url).href);
        await page.screenshot({ path: path.join(values.out, 'paper-phone.png'), fullPage: true });
        console.log(path.join(values.out, 'paper-phone.png'));
      }
      await phone.close();
    }
    const paper = await browser.newContext({ viewport: { width: 794, height: 1123 } });
    const printed = await paper.newPage();
    await printed.goto(new URL(`papers/${values.paper}.html`, server.url).href);
    await printed.emulateMedia({ media: 'print' });
    await printed.screenshot({ path: path.join(values.out, 'paper-print.png'), fullPage: true });
    console.log(path.join(values.out, 'paper-print.png'));
  } finally {
    await browser.close();
    await server.close();
    await removeTemp();
  }
}

await main();
