// The dist check as the build runs it (a stage of the output integration, at astro:build:done): a module script or module preload that Astro or Vite
// wrote into a page, or a root-absolute link, fails the build with the page, the problem and the fix; a
// portable folder passes with one line saying what was checked. It runs while the search index still writes
// pagefind/, and finds the same problems, in the same order, as a check of the finished folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { distCheckStage } from '../../src/integrations/dist-check.ts';
import output, { type OutputStage, runOutputStages } from '../../src/integrations/output.ts';
import { checkDist, finishDistCheck, startDistCheck } from '../../src/lib/portable/dist-check.ts';
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

/** What a later stage writes into pagefind/: a page and a stylesheet with problems of their own, and a script. */
const PAGEFIND_FILES: Record<string, string> = {
  'pagefind/pagefind.js': 'export {}',
  'pagefind/ui.html': page('', '<a href="/index.html">root</a><a href="missing.js">x</a>'),
  'pagefind/ui.css': '.a{background:url(../nowhere.png)}',
};

/** A site whose pages link into pagefind/ (one file there will exist, one will not) among other problems. */
const PAGES: Record<string, string> = {
  'index.html': page(
    '<script src="pagefind/pagefind.js"></script>',
    '<a href="/papers/a.html">a</a><a href="pagefind/gone.js">gone</a><a href="papers/none.html">none</a>',
  ),
  'papers/a.html': page('', '<a href="../pagefind">folder</a><a href="../index.html">home</a>'),
  'search.html': page('<script src="pagefind/pagefind.js"></script>', '<a href="/search.html">self</a>'),
};

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

describe('the dist check while pagefind/ is still being written', () => {
  it('finds the same problems in the same order as a check of the finished folder', async () => {
    const dir = await makeTemp('dist-check-later-');
    await write(dir, PAGES);
    const partial = await startDistCheck(dir, { later: ['pagefind'] });
    // Nothing in pagefind/ yet: URLs into it wait for the folder to be written.
    expect(partial.deferred.map((d) => d.target)).toEqual([
      'pagefind/pagefind.js',
      'pagefind/gone.js',
      'pagefind',
      'pagefind/pagefind.js',
    ]);
    await write(dir, PAGEFIND_FILES);
    const finished = await finishDistCheck(dir, partial);
    const whole = await checkDist(dir);
    expect(finished).toEqual(whole);
    expect(whole.htmlFiles).toBe(4);
    expect(whole.cssFiles).toBe(1);
    expect(whole.problems.map((p) => p.file)).toEqual([
      'index.html',
      'index.html',
      'index.html',
      'pagefind/ui.html',
      'pagefind/ui.html',
      'papers/a.html',
      'search.html',
      'pagefind/ui.css',
    ]);
    expect(whole.problems[1]?.problem).toMatch(/names no file of the site: "pagefind\/gone\.js"/);
    expect(whole.problems[5]?.problem).toMatch(/links a bare directory: "\.\.\/pagefind"/);
  });

  it('runs as a stage alongside a stage that writes pagefind/, and sees what it wrote', async () => {
    const dir = await makeTemp('dist-check-alongside-');
    await write(dir, {
      'index.html': page('<script src="pagefind/pagefind.js"></script>', '<a href="pagefind/ui.html">ui</a>'),
    });
    let releaseWriter!: () => void;
    const writerMayEnd = new Promise<void>((resolve) => {
      releaseWriter = resolve;
    });
    const writer: OutputStage = {
      name: 'search index',
      writesAlongside: ['pagefind'],
      async run({ nextMayStart }) {
        nextMayStart();
        await writerMayEnd;
        await write(dir, PAGEFIND_FILES);
        return 'written';
      },
    };
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line), warn: () => undefined };
    const run = runOutputStages([writer, distCheckStage], {
      distDir: dir,
      logger,
      site: undefined,
      startedAt: Date.now(),
      katexClasses: new Set(),
    }).then(
      () => '',
      (error: Error) => error.message,
    );
    // Let the check read the pages before pagefind/ exists.
    await new Promise((resolve) => setTimeout(resolve, 300));
    releaseWriter();
    const message = await run;
    expect(message).toMatch(/dist\/ is not portable \(3 problems in 2 pages and 1 stylesheets\)/);
    expect(message).toMatch(/pagefind\/ui\.html: <a href> is root-absolute/);
    expect(message).not.toMatch(/^index\.html:/m);
    expect(lines).toEqual([expect.stringMatching(/^search index: written/)]);
  });
});
