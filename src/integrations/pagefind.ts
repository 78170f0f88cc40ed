/**
 * Astro integration: indexes the built site with Pagefind's Node API at
 * astro:build:done, after the search assets. Only elements marked
 * data-pagefind-body are indexed (the paper pages' <article>), so navigation
 * and list pages stay out; titles, filters and sorts come from the pages'
 * data-pagefind-* attributes. Any Pagefind error fails the build, and so
 * does a count of indexed pages that differs from the pages carrying
 * data-pagefind-body; in the build that count comes from the file:// index's
 * reading of the pages (`bodyPages`), so no page is parsed here.
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root } from 'hast';
import { visit, EXIT } from 'unist-util-visit';
import { SEARCH_PATHS } from '../lib/search/paths.ts';
import { urls } from '../lib/urls.ts';
import { listFiles } from '../lib/portable/dist-check.ts';

/** Pagefind's ready-made UIs: the site has its own, so they only weigh on the output. */
const UNUSED_BUNDLE_FILES = [
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-component-ui.js',
  'pagefind-component-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-highlight.js',
];

export interface PagefindOptions {
  /**
   * How many pages carry data-pagefind-body, when a pass over the pages already knows;
   * without it the pages are parsed here to count them.
   */
  bodyPages?: number;
}

export interface PagefindReport {
  indexedPages: number;
  bundleBytes: number;
  /** Why no index was written, when none was (a reading list without papers). */
  skipped?: string;
}

/** Where paper pages live in the output ('papers/'), from the site's URL scheme. */
const PAPERS_FOLDER = `${path.posix.dirname(urls.paper('x')).replace(/^\/+/, '')}/`;

function failed(step: string, errors: readonly string[]): Error {
  return new Error(`Pagefind failed while ${step}:\n  ${errors.join('\n  ')}`);
}

/** The count without another pass to ask: parses the pages that can have the attribute. */
async function countBodyPages(distDir: string, files: string[]): Promise<number> {
  const parser = unified().use(rehypeParse);
  let count = 0;
  for (const file of files) {
    const html = await fs.readFile(path.join(distDir, file), 'utf8');
    if (!html.includes('data-pagefind-body')) continue;
    let found = false;
    visit(parser.parse(html) as Root, 'element', (node) => {
      if (node.properties.dataPagefindBody !== undefined) {
        found = true;
        return EXIT;
      }
      return undefined;
    });
    if (found) count++;
  }
  return count;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const file of await listFiles(dir)) total += (await fs.stat(path.join(dir, file))).size;
  return total;
}

/** Builds the Pagefind bundle into <distDir>/pagefind; throws on any Pagefind error. */
export async function indexWithPagefind(distDir: string, options: PagefindOptions = {}): Promise<PagefindReport> {
  const outputPath = path.join(distDir, SEARCH_PATHS.pagefindDir);
  const htmlFiles = (await listFiles(distDir)).filter(
    (f) => f.endsWith('.html') && !f.startsWith(`${SEARCH_PATHS.pagefindDir}/`),
  );
  const expected = options.bodyPages ?? (await countBodyPages(distDir, htmlFiles));
  if (expected === 0) {
    if (!htmlFiles.some((f) => f.startsWith(PAPERS_FOLDER))) {
      // An empty reading list: nothing to index. The search script falls back to the (empty) file:// index.
      return { indexedPages: 0, bundleBytes: 0, skipped: 'the reading list has no papers yet' };
    }
    throw new Error(
      `Pagefind: no page carries data-pagefind-body, so the whole site (navigation included) would be indexed. ` +
        `The paper page (${PAPERS_FOLDER}*.html) must mark its <article> with data-pagefind-body.`,
    );
  }
  try {
    // The reading list is English; forcing it keeps stemming on even for a page without lang.
    const created = await pagefind.createIndex({ forceLanguage: 'en' });
    if (created.errors.length > 0 || !created.index) throw failed('starting', created.errors);
    const { index } = created;
    const added = await index.addDirectory({ path: distDir });
    if (added.errors.length > 0) throw failed(`indexing ${distDir}`, added.errors);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw failed(`writing ${outputPath}`, written.errors);
  } finally {
    await pagefind.close();
  }
  // addDirectory's page_count counts every HTML file it read; the entry counts the pages indexed.
  const entry = JSON.parse(await fs.readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  const indexedPages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
  if (indexedPages !== expected) {
    throw new Error(
      `Pagefind indexed ${indexedPages} pages but ${expected} pages carry data-pagefind-body; check the pages' markup.`,
    );
  }
  await Promise.all(UNUSED_BUNDLE_FILES.map((f) => fs.rm(path.join(outputPath, f), { force: true })));
  return { indexedPages, bundleBytes: await folderBytes(outputPath) };
}

/** `bodyPages`: the count of pages carrying data-pagefind-body from an earlier pass, read at astro:build:done. */
export default function pagefindIntegration(options: { bodyPages?: () => number | undefined } = {}): AstroIntegration {
  return {
    name: 'reading-list:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const report = await indexWithPagefind(fileURLToPath(dir), { bodyPages: options.bodyPages?.() });
        if (report.skipped) {
          logger.warn(`Pagefind: no index written (${report.skipped}).`);
          return;
        }
        logger.info(`Pagefind: ${report.indexedPages} paper pages indexed, bundle ${report.bundleBytes} bytes`);
      },
    },
  };
}
