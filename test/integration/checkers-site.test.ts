// Outside checkers on the built default reading list: html-validate finds no error on any page (rules as in
// .htmlvalidate.json) and linkinator finds no broken internal link, asset, CSS url() or #fragment, crawling
// from the home page. Each checker is first shown to catch a planted defect, so a pass means something.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks, htmlFiles, validateHtml } from '../helpers/checkers.ts';
import { realContentRoot } from '../helpers/real-site.ts';
import { buildSite, makeTemp, removeTemp, serve, type Server } from '../helpers/site.ts';

let dist: string;
let server: Server;

beforeAll(async () => {
  ({ dist } = await buildSite({ contentRoot: await realContentRoot() }));
  server = await serve(dist);
});

afterAll(async () => {
  await server?.close();
  await removeTemp();
});

describe('the checkers catch what they are for', () => {
  it('html-validate reports a page with invalid markup, linkinator a missing page, asset and fragment', async () => {
    const dir = await makeTemp('checkers-planted-');
    const head = '<meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Planted</title>';
    await fs.writeFile(
      path.join(dir, 'index.html'),
      `<!DOCTYPE html><html lang="en"><head>${head}<link rel="stylesheet" href="style.css"></head>` +
        `<body><main><h1>Planted</h1><p><a href="gone.html">gone</a> <a href="ok.html#nowhere">fragment</a>` +
        ` <img src="missing.png" alt="missing"></p></main></body></html>`,
    );
    await fs.writeFile(path.join(dir, 'style.css'), 'body { background: url("bg-missing.svg"); }');
    await fs.writeFile(
      path.join(dir, 'ok.html'),
      `<!DOCTYPE html><html lang="en"><head>${head}</head><body><main><h1>OK</h1><p>open<div>nested</div>` +
        `<img src="style.css"></main></body></html>`,
    );
    const html = await validateHtml(dir);
    expect(html.pages).toBe(2);
    expect(html.errors.some((e) => e.startsWith('ok.html') && e.includes('wcag/h37'))).toBe(true); // img without alt
    expect(html.errors.some((e) => e.startsWith('ok.html') && e.includes('no-implicit-close'))).toBe(true);
    expect(html.errors.filter((e) => e.startsWith('index.html'))).toEqual([]);

    const planted = await serve(dir);
    try {
      const links = await checkLinks(planted.url);
      const broken = links.broken.join('\n');
      expect(broken).toContain('gone.html (404)');
      expect(broken).toContain('missing.png (404)');
      expect(broken).toContain('bg-missing.svg (404)');
      expect(broken).toContain('ok.html#nowhere');
      expect(links.broken).toHaveLength(4);
    } finally {
      await planted.close();
    }
  });
});

describe('the built default reading list', () => {
  it('html-validate: no error on any page', async () => {
    const report = await validateHtml(dist);
    console.log(`html-validate: ${report.pages} pages, ${report.errors.length} errors`);
    expect(report.pages).toBeGreaterThanOrEqual(264 + 3);
    expect(report.errors).toEqual([]);
  });

  it('linkinator: no broken internal link, asset, CSS url() or fragment, and every page is reachable from home', async () => {
    const report = await checkLinks(server.url);
    console.log(
      `linkinator: ${report.checked} internal URLs checked on ${report.pages.length} pages, ${report.broken.length} broken`,
    );
    expect(report.broken).toEqual([]);
    // Every page but the 404 page is linked from somewhere a reader can reach from the home page.
    const pages = (await htmlFiles(dist)).filter((p) => p !== '404.html');
    const crawled = new Set(report.pages.map((p) => decodeURIComponent(p.replace(/[?#].*$/, ''))));
    expect(pages.filter((p) => !crawled.has(p))).toEqual([]);
    expect(report.checked).toBeGreaterThan(pages.length);
  });
});
