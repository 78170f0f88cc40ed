// The built default reading list is portable: no root-absolute URL, no module script, no link to a bare
// directory, no internal URL that names no file, in any page or stylesheet of dist/. The check itself is
// shown to catch each of those on a folder that has them. Also records the search indexes' sizes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDist, formatProblems, listFiles } from '../../src/lib/portable/dist-check.ts';
import { SEARCH_PATHS } from '../../src/lib/search/paths.ts';
import { buildSite, makeTemp, readPagefindFragments, removeTemp } from '../helpers/site.ts';
import { realContentRoot } from '../helpers/real-site.ts';

let dist: string;
let output: string;

beforeAll(async () => {
  ({ dist, output } = await buildSite({ contentRoot: await realContentRoot() }));
});

afterAll(removeTemp);

describe('dist/ of the default reading list', () => {
  it('has no root-absolute URL, module script, bare-directory link or link to a missing file', async () => {
    const report = await checkDist(dist);
    expect(formatProblems(report.problems)).toBe('');
    expect(report.htmlFiles).toBeGreaterThanOrEqual(264);
    expect(report.cssFiles).toBeGreaterThanOrEqual(1);
    expect(report.urls).toBeGreaterThan(report.htmlFiles * 5);
  });

  it('carries the search script, the Pagefind bundle from content with its file:// twin, and says their sizes', async () => {
    const papers = (await listFiles(dist)).filter((f) => /^papers\/[^/]+\.html$/.test(f)).length;
    expect(output).toMatch(new RegExp(`Pagefind: ${papers} papers indexed from content, bundle \\d+ bytes`));
    const twins = /file:\/\/ search: (\d+) bundle files as classic scripts/.exec(output);
    expect(twins).not.toBeNull();
    const bundle = await listFiles(path.join(dist, SEARCH_PATHS.pagefindDir));
    const data = bundle.filter((f) => !f.endsWith('.js'));
    // Every file of the bundle has its classic-script twin, and the twin holds exactly its bytes.
    expect(Number(twins![1])).toBe(data.length);
    for (const file of data.slice(0, 20)) {
      const twin = await fs.readFile(path.join(dist, SEARCH_PATHS.pagefindDir, `${file}.js`), 'utf8');
      const base64 = /,"([A-Za-z0-9+/=]*)"\);\n$/.exec(twin)?.[1];
      expect(
        Buffer.from(base64 ?? '', 'base64').equals(await fs.readFile(path.join(dist, SEARCH_PATHS.pagefindDir, file))),
      ).toBe(true);
    }
    await expect(fs.stat(path.join(dist, SEARCH_PATHS.pagefindFileEntry))).resolves.toBeTruthy();
    // One indexed page per paper, read from content: the records file the build wrote is gone.
    expect(await readPagefindFragments(dist)).toHaveLength(papers);
    await expect(fs.stat(path.join(dist, SEARCH_PATHS.records))).rejects.toThrow();
    await expect(fs.stat(path.join(dist, SEARCH_PATHS.pagefindEntry))).resolves.toBeTruthy();
    // Pagefind's own UIs are not used, so they are not shipped.
    await expect(fs.stat(path.join(dist, 'pagefind', 'pagefind-ui.js'))).rejects.toThrow();
  });
});

describe('the dist check', () => {
  it('reports each kind of problem, with the file', async () => {
    const bad = await makeTemp('dist-check-');
    const write = async (file: string, text: string) => {
      await fs.mkdir(path.dirname(path.join(bad, file)), { recursive: true });
      await fs.writeFile(path.join(bad, file), text);
    };
    await write('themes/index.html', '<!doctype html><title>t</title>');
    await write('_astro/site.css', 'body{background:url(/img/bg.png)}.a{background:url(missing.png)}');
    await write(
      'papers/a.html',
      `<!doctype html><html><head><link rel="stylesheet" href="../_astro/site.css"><script type="module" src="../x.js"></script>
       <link rel="modulepreload" href="../x.js"></head><body>
       <a href="/index.html">root-absolute</a><a href="../themes/">bare directory</a><a href="../themes">directory by name</a>
       <a href="nowhere.html">missing</a><img src="../img/a.png" srcset="/img/a@2x.png 2x"><div style="background:url(/bg.png)"></div>
       <a href="https://arxiv.org/">external is fine</a><a href="#top">fragment is fine</a><a href="../themes/index.html">fine</a></body></html>`,
    );
    const report = await checkDist(bad);
    const text = formatProblems(report.problems);
    for (const expected of [
      /_astro\/site\.css: url\(\) in the stylesheet is root-absolute: "\/img\/bg\.png"/,
      /_astro\/site\.css: url\(\) in the stylesheet names no file of the site: "missing\.png"/,
      /papers\/a\.html: <script type="module">/,
      /papers\/a\.html: <link rel="modulepreload">/,
      /papers\/a\.html: <a href> is root-absolute: "\/index\.html"/,
      /papers\/a\.html: <a href> links a bare directory: "\.\.\/themes\/"/,
      /papers\/a\.html: <a href> links a bare directory: "\.\.\/themes"/,
      /papers\/a\.html: <a href> names no file of the site: "nowhere\.html"/,
      /papers\/a\.html: <img src> names no file of the site: "\.\.\/img\/a\.png"/,
      /papers\/a\.html: <img srcset> is root-absolute: "\/img\/a@2x\.png"/,
      /papers\/a\.html: url\(\) in the style of <div> is root-absolute: "\/bg\.png"/,
    ]) {
      expect(text).toMatch(expected);
    }
    expect(text).not.toMatch(/arxiv|#top|themes\/index\.html"/);
  });
});
