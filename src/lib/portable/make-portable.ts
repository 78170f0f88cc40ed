/**
 * The post-build pass over a built output folder that makes it portable
 * (file://, domain root, any sub-path, one build): every internal URL in
 * HTML and CSS becomes page-relative and names a file, module scripts become
 * classic, and the 404 page learns to find the site root. HTML goes through
 * rehype (parse5 underneath), CSS through Lightning CSS: no text surgery.
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

  const classicFiles = new Set<string>();
  const classicFile = async (file: string, where: string) => {
    if (classicFiles.has(file)) return;
    const full = path.join(distDir, file);
    const code = await fs.readFile(full, 'utf8').catch(() => {
      throw new Error(`${where}: the script file ${file} does not exist in the output.`);
    });
    await fs.writeFile(full, moduleToClassicScript(code, `${where} (${file})`));
    classicFiles.add(file);
  };

  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const full = path.join(distDir, file);
    const html = await fs.readFile(full, 'utf8');
    const tree = htmlProcessor.parse(html) as Root;
    const pending: Array<{ file: string; where: string }> = [];
    rewritePageUrls(tree, { file, classicFile: (f, where) => void pending.push({ file: f, where }) });
    for (const p of pending) await classicFile(p.file, p.where);
    report.scriptsMadeClassic += pending.length;
    if (file === notFoundPage) {
      makeNotFoundPortable(tree, {
        file,
        marker: options.rootMarker,
        readStylesheet: (css) => stylesheets.get(css),
      });
    }
    const output = htmlProcessor.stringify(tree);
    report.htmlFiles++;
    if (output !== html) {
      await fs.writeFile(full, output);
      report.htmlChanged++;
    }
  }
  return report;
}
