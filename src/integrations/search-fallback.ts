/**
 * Astro integration: the search assets at astro:build:done.
 * - search/search.js: the classic script behind every search box, bundled by
 *   esbuild from src/lib/search/client/ (TypeScript in, one IIFE out: no
 *   module script reaches the browser);
 * - search/fallback-index.js: the file:// index, read from the built paper
 *   pages' data-pagefind-* attributes (the same data Pagefind indexes). The
 *   pages are not parsed here: `fallbackIndexReader()` is handed to the
 *   relative-URL pass, which parses each page once for every reader, and
 *   writes the index when that pass is over.
 * Register it before the relative-URL pass (the 404 page probes for the
 * search script) and before Pagefind.
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
import type { PageReader } from '../lib/portable/make-portable.ts';

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

/** The fallback index's side of the one pass over the built pages. */
export interface FallbackIndexReader extends PageReader {
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
    async write(distDir: string) {
      const fallback = fallbackIndexScript(buildFallbackIndex(records, options));
      await fs.mkdir(path.join(distDir, path.dirname(SEARCH_PATHS.fallbackIndex)), { recursive: true });
      await fs.writeFile(path.join(distDir, SEARCH_PATHS.fallbackIndex), fallback);
      return Buffer.byteLength(fallback);
    },
  };
}

export default function searchFallback(): AstroIntegration {
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
        const bytes = await writeSearchScript(fileURLToPath(dir));
        logger.info(
          `search assets: ${SEARCH_PATHS.script} (${bytes} bytes); ${SEARCH_PATHS.fallbackIndex} follows the relative-URL pass`,
        );
      },
    },
  };
}
