/**
 * Astro integration: the search assets at astro:build:done.
 * - search/search.js: the classic script behind every search box, bundled by
 *   esbuild from src/lib/search/client/ (TypeScript in, one IIFE out: no
 *   module script reaches the browser);
 * - search/fallback-index.js: the file:// index, read from the built paper
 *   pages' data-pagefind-* attributes (the same data Pagefind indexes).
 * Register it before the relative-URL pass (the 404 page probes for the
 * search script) and before Pagefind.
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root } from 'hast';
import { SEARCH_FILTERS, SEARCH_PATHS, SEARCH_SORTS } from '../lib/search/paths.ts';
import { buildFallbackIndex, fallbackIndexScript, recordFromPage, type PageRecord } from '../lib/search/fallback-index.ts';
import { listFiles } from '../lib/portable/make-portable.ts';

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

export interface SearchAssetsReport {
  papers: number;
  scriptBytes: number;
  fallbackBytes: number;
}

/** Writes search/search.js and search/fallback-index.js into a built output folder. */
export async function writeSearchAssets(distDir: string): Promise<SearchAssetsReport> {
  const parser = unified().use(rehypeParse);
  const records: PageRecord[] = [];
  for (const file of (await listFiles(distDir)).filter((f) => f.endsWith('.html'))) {
    const tree = parser.parse(await fs.readFile(path.join(distDir, file), 'utf8')) as Root;
    const record = recordFromPage(tree, file, { filters: SEARCH_FILTERS, sorts: SEARCH_SORTS });
    if (record) records.push(record);
  }
  const script = await bundleSearchScript();
  const fallback = fallbackIndexScript(buildFallbackIndex(records, { filters: SEARCH_FILTERS, sorts: SEARCH_SORTS }));
  await fs.mkdir(path.join(distDir, path.dirname(SEARCH_PATHS.script)), { recursive: true });
  await fs.writeFile(path.join(distDir, SEARCH_PATHS.script), script);
  await fs.writeFile(path.join(distDir, SEARCH_PATHS.fallbackIndex), fallback);
  return { papers: records.length, scriptBytes: Buffer.byteLength(script), fallbackBytes: Buffer.byteLength(fallback) };
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
        const report = await writeSearchAssets(fileURLToPath(dir));
        logger.info(
          `search assets: ${SEARCH_PATHS.script} (${report.scriptBytes} bytes), ` +
            `${SEARCH_PATHS.fallbackIndex} (${report.papers} papers, ${report.fallbackBytes} bytes)`,
        );
      },
    },
  };
}
