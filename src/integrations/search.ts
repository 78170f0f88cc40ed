/**
 * Search, self-contained: its stages of the build's output (run by
 * src/integrations/output.ts), in order:
 * 1. script: search/search.js, the classic script behind every search box,
 *    bundled by esbuild from src/lib/search/client/;
 * 2. index: the search records the build wrote from content
 *    (search/records.json, see src/lib/search/fields.ts) go to Pagefind's
 *    Node API as small documents; no built page is read. The records file is
 *    then removed. Any Pagefind error, or an index that does not hold one page
 *    per record, fails the build. The sort keys are not Pagefind's (it would
 *    load them before every search): they go to a file of their own, keyed by
 *    Pagefind's page ids (src/lib/search/sort-keys.ts);
 * 3. file bundle: the file:// twin of Pagefind's bundle
 *    (src/lib/search/file-bundle.ts).
 * Its integration serves the search script under `astro dev`.
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { OutputStage } from './output.ts';
import * as pagefind from 'pagefind';
import { recordDocument, type SearchRecord } from '../lib/search/fields.ts';
import { bundleClassicScript, writeFileBundle } from '../lib/search/file-bundle.ts';
import { SEARCH_PATHS } from '../lib/search/paths.ts';
import { sortKeysScript, sortTable } from '../lib/search/sort-keys.ts';
import { walkFiles } from '../lib/fs/files.ts';

const CLIENT_ENTRY = fileURLToPath(new URL('../lib/search/client/search.ts', import.meta.url));

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

/** Bundles the browser search script as one classic (IIFE) script. */
export async function bundleSearchScript(): Promise<string> {
  const code = await bundleClassicScript(CLIENT_ENTRY);
  return `/* Search for the reading list: Pagefind, over http(s) and from file://. */\n${code}`;
}

async function writeSearchScript(distDir: string): Promise<number> {
  const script = await bundleSearchScript();
  await fs.mkdir(path.join(distDir, path.dirname(SEARCH_PATHS.script)), { recursive: true });
  await fs.writeFile(path.join(distDir, SEARCH_PATHS.script), script);
  return Buffer.byteLength(script);
}

function failed(step: string, errors: readonly string[]): Error {
  return new Error(`Pagefind failed while ${step}:\n  ${errors.join('\n  ')}`);
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const file of walkFiles(dir)) total += (await fs.stat(file.absolute)).size;
  return total;
}

export interface IndexReport {
  indexedPages: number;
  bundleBytes: number;
  /** Why no index was written, when none was (a reading list without papers). */
  skipped?: string;
}

/** Reads the records the build wrote, and removes the file: it is an input of this stage, not part of the site. */
export async function takeRecords(distDir: string): Promise<SearchRecord[]> {
  const file = path.join(distDir, SEARCH_PATHS.records);
  const records = JSON.parse(await fs.readFile(file, 'utf8')) as SearchRecord[];
  await fs.rm(file);
  await fs.rmdir(path.dirname(file)).catch(() => undefined);
  return records;
}

const gunzipAsync = promisify(gunzip);

/** The signature Pagefind writes before each file's data, inside the gzip. */
const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/**
 * The page id Pagefind gave each URL ('/papers/x.html' → 'en_1a2b3c4'), read from its fragment files: a
 * fragment file is one page, named by its id, or a group of pages keyed by id.
 */
export async function pagefindPageIds(bundleDir: string): Promise<Map<string, string>> {
  const dir = path.join(bundleDir, 'fragment');
  const files = (await fs.readdir(dir)).filter((name) => name.endsWith('.pf_fragment'));
  const ids = new Map<string, string>();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const text = (await gunzipAsync(await fs.readFile(path.join(dir, file)))).toString('utf8');
      const data = JSON.parse(text.startsWith(PAGEFIND_SIGNATURE) ? text.slice(PAGEFIND_SIGNATURE.length) : text) as
        | { url: string }
        | Record<string, { url: string }>;
      if (typeof data.url === 'string') ids.set(data.url, file.replace(/\.pf_fragment$/, ''));
      else for (const [id, page] of Object.entries(data as Record<string, { url: string }>)) ids.set(page.url, id);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  return ids;
}

/** Builds the Pagefind bundle into <distDir>/pagefind from the records; throws on any Pagefind error. */
export async function indexRecords(distDir: string, records: readonly SearchRecord[]): Promise<IndexReport> {
  if (records.length === 0) return { indexedPages: 0, bundleBytes: 0, skipped: 'the reading list has no papers yet' };
  const outputPath = path.join(distDir, SEARCH_PATHS.pagefindDir);
  try {
    // The reading list is English; forcing it keeps stemming on whatever the documents say.
    const created = await pagefind.createIndex({ forceLanguage: 'en' });
    if (created.errors.length > 0 || !created.index) throw failed('starting', created.errors);
    const { index } = created;
    for (const record of records) {
      const added = await index.addHTMLFile({ url: `/${record.url}`, content: recordDocument(record) });
      if (added.errors.length > 0) throw failed(`indexing ${record.url}`, added.errors);
    }
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw failed(`writing ${outputPath}`, written.errors);
  } finally {
    await pagefind.close();
  }
  const entry = JSON.parse(await fs.readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  const indexedPages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
  if (indexedPages !== records.length) {
    throw new Error(`Pagefind indexed ${indexedPages} pages for ${records.length} search records.`);
  }
  await Promise.all(UNUSED_BUNDLE_FILES.map((f) => fs.rm(path.join(outputPath, f), { force: true })));
  const table = sortTable(records, await pagefindPageIds(outputPath));
  await fs.writeFile(path.join(distDir, SEARCH_PATHS.sortKeys), sortKeysScript(table));
  return { indexedPages, bundleBytes: await folderBytes(outputPath) };
}

/** The search's stages of the build's output (src/integrations/output.ts), in order. */
export const searchStages: OutputStage[] = [
  {
    name: 'search script',
    async run({ distDir }) {
      return `${SEARCH_PATHS.script} (${await writeSearchScript(distDir)} bytes)`;
    },
  },
  {
    name: 'search index',
    // Once its records are taken it writes only its bundle: the stages after it may run meanwhile.
    writesAlongside: [SEARCH_PATHS.pagefindDir],
    async run({ distDir, logger, nextMayStart }) {
      const records = await takeRecords(distDir);
      nextMayStart();
      const report = await indexRecords(distDir, records);
      if (report.skipped) {
        logger.warn(`Pagefind: no index written (${report.skipped}).`);
        return undefined;
      }
      const twin = await writeFileBundle(distDir);
      return (
        `Pagefind: ${report.indexedPages} papers indexed from content, bundle ${report.bundleBytes} bytes; ` +
        `file:// search: ${twin.files} bundle files as classic scripts (${twin.bytes} bytes)`
      );
    },
  },
];

/** Under `astro dev`: serves the search script (the index is the build's). */
export default function search(): AstroIntegration {
  return {
    name: 'reading-list:search',
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
    },
  };
}
