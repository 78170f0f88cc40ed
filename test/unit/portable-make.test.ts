// The whole post-build pass over a small output folder: afterwards the dist check finds nothing, a
// bundled module script has become a classic file, stylesheets point at their fonts relatively, and
// the 404 page is self-styled.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDistPortable } from '../../src/lib/portable/make-portable.ts';
import { checkDist, formatProblems } from '../../src/lib/portable/dist-check.ts';
import { parsesAsClassicScript } from '../../src/lib/portable/classic-script.ts';
import { makeTemp, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="/_astro/site.css"></head><body>${body}</body></html>`;

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

describe('makeDistPortable', () => {
  it('leaves an output folder the dist check finds nothing wrong with', async () => {
    const dist = await makeTemp('portable-');
    await write(dist, {
      '_astro/site.css': '@font-face{font-family:F;src:url(/_astro/f.woff2)}body{color:red}',
      '_astro/f.woff2': 'font',
      '_astro/hoisted.js': 'document.body.dataset.ready = "1";',
      'search/search.js': '/* search */',
      'index.html': page(
        '<a href="/themes/kv-cache.html">Theme</a><a href="/">Home</a><script type="module" src="/_astro/hoisted.js"></script>',
      ),
      'themes/kv-cache.html': page('<a href="/papers/a.html">A</a><a href="/index.html#themes">Back</a>'),
      'papers/a.html': page('<a href="/themes/kv-cache.html">Theme</a><form action="/search.html"></form>'),
      'search.html': page('<script is:inline src="/search/search.js" defer></script>'),
      '404.html': page('<a href="/index.html">Home</a><script src="/search/search.js" defer></script>'),
    });
    const before = await checkDist(dist);
    expect(before.problems.length).toBeGreaterThan(5);

    const report = await makeDistPortable(dist, { rootMarker: 'search/search.js' });
    expect(report).toMatchObject({ htmlFiles: 5, cssFiles: 1, cssChanged: 1, scriptsMadeClassic: 1 });

    const after = await checkDist(dist);
    expect(formatProblems(after.problems)).toBe('');
    expect(await fs.readFile(path.join(dist, '_astro/site.css'), 'utf8')).toContain('url(f.woff2)');
    const hoisted = await fs.readFile(path.join(dist, '_astro/hoisted.js'), 'utf8');
    expect(parsesAsClassicScript(hoisted)).toBe(true);
    expect(hoisted).toContain("'use strict'");
    const home = await fs.readFile(path.join(dist, 'index.html'), 'utf8');
    expect(home).toContain('<script src="_astro/hoisted.js" defer></script>');
    expect(home).toContain('<a href="index.html">Home</a>');
    const notFound = await fs.readFile(path.join(dist, '404.html'), 'utf8');
    expect(notFound).toContain('<style>@font-face{font-family:F;src:url(_astro/f.woff2)}body{color:red}</style>');
    expect(notFound).not.toContain('rel="stylesheet"');
  });

  it('fails, naming the page, when a bundled module script imports another module', async () => {
    const dist = await makeTemp('portable-');
    await write(dist, {
      '_astro/chunk.js': 'export const x = 1;',
      '_astro/page.js': 'import { x } from "./chunk.js"; console.log(x);',
      'papers/a.html': page('<script type="module" src="/_astro/page.js"></script>'),
      '_astro/site.css': 'body{}',
    });
    await expect(makeDistPortable(dist, { rootMarker: 'search/search.js' })).rejects.toThrow(
      /papers\/a\.html: <script type="module" src="\.\.\/_astro\/page\.js">.*is:inline/s,
    );
  });
});
