/**
 * Astro integration: the search assets at astro:build:done.
 * - search/search.js: the classic script behind every search box, bundled by
 *   esbuild from src/lib/search/client/ (TypeScript in, one IIFE out: no
 *   module script reaches the browser);
 * - search/fallback-index.js: the file:// index, read from the built paper
 *   pages' data-pagefind-* attributes (the same data Pagefind indexes):
 *   `fallbackIndexReader()` parses the pages that carry data-pagefind-body
 *   (a substring test skips the others unparsed) and writes the index.
 * Register it before Pagefind, which is told how many paper pages it read.
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Root } from 'hast';
import { SEARCH_FILTERS, SEARCH_PATHS, SEARCH_SORTS } from '../lib/search/paths.ts';
import {
  buildFallbackIndex,
  fallbackIndexScript,
  recordFromPage,
  type PageRecord,
} from '../lib/search/fallback-index.ts';
import { listFiles } from '../lib/portable/dist-check.ts';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';

const CLIENT_ENTRY = fileURLToPath(new URL('../lib/search/client/search.ts', import.meta.url));

/** Bundles the browser search script as one classic (IIFE) script. */
export async function bundleSearchScript(): Promise<string> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`${CLIENT_ENTRY}: esbuild produced no output.`);
  return `/* Search for the reading list: Pagefind on http(s), the fallback index on file://. */\n${output.text}`;
}

/** Writes search/search.js into a built output folder; returns its size in bytes. */
export async function writeSearchScript(distDir: string): Promise<number> {
  const script = await bundleSearchScript();
  await fs.mkdir(path.join(distDir, path.dirname(SEARCH_PATHS.script)), { recursive: true });
  await fs.writeFile(path.join(distDir, SEARCH_PATHS.script), script);
  return Buffer.byteLength(script);
}

/** The fallback index's reading of the built pages. */
export interface FallbackIndexReader {
  /** Reads one page's record, with its path relative to the output root; must not keep the tree. */
  page(tree: Root, file: string): void;
  /** Reads every page of a built output folder that carries data-pagefind-body. */
  readDist(distDir: string): Promise<void>;
  /** Pages read so far that carry data-pagefind-body (the paper pages the index holds). */
  readonly papers: number;
  /** Forgets the pages read (a new build in the same process starts from none). */
  reset(): void;
  /** Writes search/fallback-index.js from the pages read; returns its size in bytes. */
  write(distDir: string): Promise<number>;
}

/** Collects each paper page's record as the pages go by (a few hundred bytes each, no tree kept). */
export function fallbackIndexReader(): FallbackIndexReader {
  const options = { filters: SEARCH_FILTERS, sorts: SEARCH_SORTS };
  const records: PageRecord[] = [];
  return {
    get papers() {
      return records.length;
    },
    reset() {
      records.length = 0;
    },
    page(tree: Root, file: string) {
      const record = recordFromPage(tree, file, options);
      if (record) records.push(record);
    },
    async readDist(distDir: string) {
      const parser = unified().use(rehypeParse);
      for (const file of (await listFiles(distDir)).filter((f) => f.endsWith('.html'))) {
        const html = await fs.readFile(path.join(distDir, file), 'utf8');
        if (!html.includes('data-pagefind-body')) continue;
        this.page(parser.parse(html) as Root, file);
      }
    },
    async write(distDir: string) {
      const fallback = fallbackIndexScript(buildFallbackIndex(records, options));
      await fs.mkdir(path.join(distDir, path.dirname(SEARCH_PATHS.fallbackIndex)), { recursive: true });
      await fs.writeFile(path.join(distDir, SEARCH_PATHS.fallbackIndex), fallback);
      return Buffer.byteLength(fallback);
    },
  };
}

export default function searchFallback(options: { fallbackIndex?: FallbackIndexReader } = {}): AstroIntegration {
  return {
    name: 'reading-list:search-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        // In `astro dev` there is no dist/: serve the bundled script so the search box and page still run.
        server.middlewares.use(async (req, res, next) => {
          if (!req.url || new URL(req.url, 'http://dev').pathname !== `/${SEARCH_PATHS.script}`) return next();
          try {
            const code = await bundleSearchScript();
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.end(code);
          } catch (error) {
            next(error);
          }
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const bytes = await writeSearchScript(distDir);
        logger.info(`search assets: ${SEARCH_PATHS.script} (${bytes} bytes)`);
        const { fallbackIndex } = options;
        if (fallbackIndex) {
          fallbackIndex.reset();
          await fallbackIndex.readDist(distDir);
          const written = await fallbackIndex.write(distDir);
          logger.info(
            `search assets: ${SEARCH_PATHS.fallbackIndex} (${fallbackIndex.papers} papers, ${written} bytes)`,
          );
        }
      },
    },
  };
}
