/**
 * The post-build pass over a built output folder that makes it portable
 * (file://, domain root, any sub-path, one build): every internal URL in
 * HTML and CSS becomes page-relative and names a file, module scripts become
 * classic, and the 404 page learns to find the site root. HTML goes through
 * rehype (parse5 underneath), CSS through Lightning CSS: no text surgery.
 * Each page is parsed once: other post-build steps read the same tree
 * (`readers`) instead of parsing the pages again, and pages go through a few
 * at a time so no more than a handful of trees is alive at once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'hast';
import { rewritePageUrls } from './rehype-relative-urls.ts';
import { makeNotFoundPortable } from './not-found.ts';
import { rewriteCssUrls } from './css-urls.ts';
import { toPageRelativeUrl } from './relative-url.ts';
import { moduleToClassicScript } from './classic-script.ts';

export interface MakePortableOptions {
  /** The 404 page, relative to the output root. */
  notFoundPage?: string;
  /** A file only this site has, probed by the 404 page to find the site root. */
  rootMarker: string;
  /** Other readers of the built pages: each sees every page's tree once, as Astro wrote it (before its URLs change). */
  readers?: readonly PageReader[];
  /** Pages in flight at once (reading, parsing, writing). Default 8. */
  concurrency?: number;
}

/** A post-build step that needs the built pages' content and reads it off this pass's parse. */
export interface PageReader {
  /** Called once per page, with its path relative to the output root; must not keep the tree. */
  page(tree: Root, file: string): void;
}

export interface PortableReport {
  htmlFiles: number;
  htmlChanged: number;
  cssFiles: number;
  cssChanged: number;
  scriptsMadeClassic: number;
}

/** Every file below `dir`, as POSIX paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const htmlProcessor = unified().use(rehypeParse).use(rehypeStringify);

export async function makeDistPortable(distDir: string, options: MakePortableOptions): Promise<PortableReport> {
  const notFoundPage = options.notFoundPage ?? '404.html';
  const files = await listFiles(distDir);
  const report: PortableReport = { htmlFiles: 0, htmlChanged: 0, cssFiles: 0, cssChanged: 0, scriptsMadeClassic: 0 };

  // Stylesheets first: the 404 page inlines them once their URLs are final.
  const stylesheets = new Map<string, string>();
  for (const file of files.filter((f) => f.endsWith('.css'))) {
    const full = path.join(distDir, file);
    const css = await fs.readFile(full, 'utf8');
    const result = rewriteCssUrls(css, (url) => toPageRelativeUrl(url, file), file);
    report.cssFiles++;
    if (result.changed) {
      await fs.writeFile(full, result.code);
      report.cssChanged++;
    }
    stylesheets.set(file, result.code);
  }

  // One promise per script file, taken before any await: two pages loading the same script convert it once.
  const classicFiles = new Map<string, Promise<void>>();
  const classicFile = (file: string, where: string): Promise<void> => {
    let done = classicFiles.get(file);
    if (!done) {
      const full = path.join(distDir, file);
      done = fs
        .readFile(full, 'utf8')
        .catch(() => {
          throw new Error(`${where}: the script file ${file} does not exist in the output.`);
        })
        .then((code) => fs.writeFile(full, moduleToClassicScript(code, `${where} (${file})`)));
      classicFiles.set(file, done);
    }
    return done;
  };

  const onePage = async (file: string) => {
    const full = path.join(distDir, file);
    const html = await fs.readFile(full, 'utf8');
    const tree = htmlProcessor.parse(html) as Root;
    for (const reader of options.readers ?? []) reader.page(tree, file);
    const pending: Array<{ file: string; where: string }> = [];
    const changed = rewritePageUrls(tree, { file, classicFile: (f, where) => void pending.push({ file: f, where }) });
    for (const p of pending) await classicFile(p.file, p.where);
    report.scriptsMadeClassic += pending.length;
    if (file === notFoundPage) {
      makeNotFoundPortable(tree, {
        file,
        marker: options.rootMarker,
        readStylesheet: (css) => stylesheets.get(css),
      });
    }
    report.htmlFiles++;
    // A page with nothing to rewrite is left as Astro wrote it: no serialising, no writing.
    if (!changed && file !== notFoundPage) return;
    const output = htmlProcessor.stringify(tree);
    if (output !== html) {
      await fs.writeFile(full, output);
      report.htmlChanged++;
    }
  };

  const pages = files.filter((f) => f.endsWith('.html'));
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < pages.length) {
      const file = pages[next++]!;
      try {
        await onePage(file);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 8, pages.length));
  const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return report;
}
