// The dist check as the build runs it (a stage of the output integration, at astro:build:done): a module script or module preload that Astro or Vite
// wrote into a page, or a root-absolute link, fails the build with the page, the problem and the fix; a
// portable folder passes with one line saying what was checked.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { distCheckStage } from '../../src/integrations/dist-check.ts';
import output from '../../src/integrations/output.ts';
import { makeTemp, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

async function site(files: Record<string, string>): Promise<URL> {
  const dir = await makeTemp('dist-check-build-');
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
  return pathToFileURL(`${dir}${path.sep}`);
}

async function run(dir: URL): Promise<string[]> {
  const lines: string[] = [];
  const logger = { info: (line: string) => lines.push(line) } as unknown as AstroIntegrationLogger;
  // As the build runs it: a stage of the output integration, at astro:build:done.
  const hook = output([distCheckStage]).hooks['astro:build:done'] as (options: {
    dir: URL;
    logger: AstroIntegrationLogger;
  }) => Promise<void>;
  await hook({ dir, logger });
  return lines;
}

const page = (head: string, body = '') =>
  `<!doctype html><html><head><meta charset="utf-8">${head}<style>body{color:red}</style></head><body>${body}</body></html>`;

describe('the dist check in the build', () => {
  it('fails on a module script and a module preload, saying to write <script is:inline>', async () => {
    const dir = await site({
      '_astro/page.abc.js': 'export {}',
      'papers/a.html': page(
        '<script type="module" src="../_astro/page.abc.js"></script><link rel="modulepreload" href="../_astro/page.abc.js">',
      ),
    });
    const error = await run(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/dist\/ is not portable \(2 problems in 1 pages/);
    expect(message).toMatch(/papers\/a\.html: <script type="module">.*write <script is:inline>/);
    expect(message).toMatch(/papers\/a\.html: <link rel="modulepreload">.*write <script is:inline>/);
  });

  it('fails on a root-absolute link, naming the page and the helper that writes relative URLs', async () => {
    const dir = await site({ 'index.html': page('', '<a href="/papers/a.html">a</a>') });
    const message = await run(dir).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/index\.html: <a href> is root-absolute: "\/papers\/a\.html"/);
    expect(message).toContain('linkFrom(Astro.url)');
  });

  it('passes a portable folder, saying how many URLs it checked', async () => {
    const dir = await site({
      'index.html': page('<link rel="icon" href="favicon.svg">', '<a href="papers/a.html#x">a</a>'),
      'favicon.svg': '<svg/>',
      'papers/a.html': page('', '<a href="../index.html">home</a>'),
    });
    expect(await run(dir)).toEqual([
      expect.stringMatching(
        /^dist check: 3 internal URLs in 2 pages and 0 stylesheets, all relative and naming a file/,
      ),
    ]);
  });
});
