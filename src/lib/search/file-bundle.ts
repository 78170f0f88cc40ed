/**
 * The file:// twin of a Pagefind bundle. Browsers refuse fetch(), module
 * scripts and workers on file://, but load classic scripts, so:
 * - pagefind.file.js: Pagefind's own pagefind.js bundled as a classic script
 *   (esbuild, IIFE) with fetch and Worker replaced by ./client/file-fetch.ts;
 * - `<file>.js` beside every file of the bundle (index chunks, fragments,
 *   filters, metadata, WebAssembly): one call handing its bytes over as base64.
 * Same engine, same index: a query gives the same results in the same order
 * over http and from disk.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { FILE_BUNDLE_CALLBACK, FILE_BUNDLE_GLOBAL, SEARCH_PATHS } from './paths.ts';
import { walkFiles } from '../fs/files.ts';

const SHIM = fileURLToPath(new URL('./client/file-fetch.ts', import.meta.url));

/** Pagefind's scripts themselves: not data, never fetched as files. */
const NOT_DATA = /\.js$/;

export interface FileBundleReport {
  /** Data files given a twin. */
  files: number;
  /** Bytes written (twins and the classic entry). */
  bytes: number;
}

/** Bundles a module and its imports as one minified classic (IIFE) script, loadable from file://. */
export async function bundleClassicScript(
  entry: string,
  options: Pick<BuildOptions, 'globalName' | 'inject' | 'define'> = {},
): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    ...options,
  });
  const code = result.outputFiles[0]?.text;
  if (!code) throw new Error(`${entry}: esbuild produced no output.`);
  return code;
}

/** Writes the twins into `distDir`'s Pagefind folder (which must hold a written bundle). */
export async function writeFileBundle(distDir: string): Promise<FileBundleReport> {
  const bundleDir = path.join(distDir, SEARCH_PATHS.pagefindDir);
  const entry = path.join(distDir, SEARCH_PATHS.pagefindEntry);
  const code = await bundleClassicScript(entry, {
    globalName: FILE_BUNDLE_GLOBAL,
    inject: [SHIM],
    define: { 'import.meta.url': 'undefined' },
  });
  const classic = `/* Pagefind for file:// (each file read from its .js twin). */\n${code}`;
  await fs.writeFile(path.join(distDir, SEARCH_PATHS.pagefindFileEntry), classic);
  let bytes = Buffer.byteLength(classic);
  let files = 0;
  const data = walkFiles(bundleDir, { include: (name) => !NOT_DATA.test(name) }).map((file) => file.relPath);
  let next = 0;
  const lane = async () => {
    while (next < data.length) {
      const file = data[next++]!;
      const full = path.join(bundleDir, file);
      const twin = `${FILE_BUNDLE_CALLBACK}(document.currentScript.src,"${(await fs.readFile(full)).toString('base64')}");\n`;
      await fs.writeFile(`${full}.js`, twin);
      bytes += Buffer.byteLength(twin);
      files++;
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  return { files, bytes };
}
