/**
 * Checks a built output folder for what breaks portability: a root-absolute
 * URL (breaks on file:// and sub-paths), a module script or module preload
 * (refused on file://), a <base> element, a link to a bare directory (file://
 * shows a folder listing), and an internal URL that names no file. It mends
 * nothing: pages write every URL relative to themselves as they render
 * (src/lib/paths.ts). HTML is read with htmlparser2's streaming tokenizer (no
 * tree is built), CSS with Lightning CSS; a <style> block that many pages
 * share is read once.
 */
import fs from 'node:fs/promises';
import { walkFiles } from '../fs/files.ts';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { isExternalUrl, isRootAbsoluteUrl, parseSrcset, resolveLocalFile, splitUrl } from './relative-url.ts';
import { listCssUrls, listStyleAttributeUrls } from './css-urls.ts';

export interface DistProblem {
  file: string;
  problem: string;
}

export interface DistCheckReport {
  htmlFiles: number;
  cssFiles: number;
  /** Internal URLs checked. */
  urls: number;
  problems: DistProblem[];
}

/** Attributes whose value is a single URL (as htmlparser2 names them: lower case). */
const URL_ATTRIBUTES = [
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'data',
  'cite',
  'xlink:href',
  'background',
  'longdesc',
  'manifest',
  // The 404 page's scripts wait here for its root probe (src/lib/portable/not-found.ts).
  'data-portable-src',
] as const;
/** Attributes holding a srcset. */
const SRCSET_ATTRIBUTES = ['srcset', 'imagesrcset'] as const;

/** Every file below `dir`, as POSIX paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  return walkFiles(dir, { links: 'skip' })
    .map((file) => file.relPath)
    .sort();
}

/** Checks one URL found in `file`; pushes problems; returns true when it was an internal URL. */
function checkUrl(
  url: string,
  file: string,
  where: string,
  files: Set<string>,
  dirs: Set<string>,
  problems: DistProblem[],
): boolean {
  const value = url.trim();
  if (value === '' || value.startsWith('#') || value.startsWith('?') || isExternalUrl(value)) return false;
  const { pathname } = splitUrl(value);
  if (isRootAbsoluteUrl(value)) {
    problems.push({ file, problem: `${where} is root-absolute: "${url}" (breaks on file:// and under a sub-path)` });
    return true;
  }
  if (pathname.endsWith('/') || pathname === '.' || pathname === '..') {
    problems.push({
      file,
      problem: `${where} links a bare directory: "${url}" (file:// shows a folder listing; name the index.html)`,
    });
    return true;
  }
  const target = resolveLocalFile(value, file);
  if (target.startsWith('..')) {
    problems.push({ file, problem: `${where} points outside the site: "${url}"` });
  } else if (dirs.has(target)) {
    problems.push({ file, problem: `${where} links a bare directory: "${url}" (name the index.html)` });
  } else if (!files.has(target)) {
    problems.push({ file, problem: `${where} names no file of the site: "${url}" (resolved to ${target})` });
  }
  return true;
}

/** The URLs of CSS text, read once per distinct text (every page carries the same inlined stylesheet). */
function cachedCssUrls(cache: Map<string, string[]>, css: string, read: (css: string) => string[]): string[] {
  let urls = cache.get(css);
  if (!urls) {
    urls = read(css);
    cache.set(css, urls);
  }
  return urls;
}

export async function checkDist(distDir: string): Promise<DistCheckReport> {
  const all = await listFiles(distDir);
  const files = new Set(all);
  const dirs = new Set<string>();
  for (const f of all) {
    let dir = path.posix.dirname(f);
    while (dir !== '.' && !dirs.has(dir)) {
      dirs.add(dir);
      dir = path.posix.dirname(dir);
    }
  }
  const report: DistCheckReport = { htmlFiles: 0, cssFiles: 0, urls: 0, problems: [] };
  const { problems } = report;
  const styleBlocks = new Map<string, string[]>();
  const styleAttributes = new Map<string, string[]>();

  for (const file of all.filter((f) => f.endsWith('.html'))) {
    report.htmlFiles++;
    const check = (url: string, where: string) => {
      if (checkUrl(url, file, where, files, dirs, problems)) report.urls++;
    };
    let style: string[] | undefined;
    const parser = new Parser(
      {
        onopentag(name, attributes) {
          for (const attribute of URL_ATTRIBUTES) {
            const value = attributes[attribute];
            if (value !== undefined) check(value, `<${name} ${attribute}>`);
          }
          for (const attribute of SRCSET_ATTRIBUTES) {
            const value = attributes[attribute];
            if (value !== undefined) for (const c of parseSrcset(value)) check(c.url, `<${name} ${attribute}>`);
          }
          if (attributes.style?.includes('url(')) {
            const urls = cachedCssUrls(styleAttributes, attributes.style, (css) =>
              listStyleAttributeUrls(css, `${file} <${name} style>`),
            );
            for (const url of urls) check(url, `url() in the style of <${name}>`);
          }
          if (name === 'style') style = [];
          if (name === 'script' && attributes.type?.trim().toLowerCase() === 'module') {
            problems.push({
              file,
              problem:
                '<script type="module"> (browsers refuse module scripts on file://; Astro bundles a plain <script> of a component as one: write <script is:inline>)',
            });
          }
          if (
            name === 'link' &&
            (attributes.rel ?? '')
              .toLowerCase()
              .split(/[\s,]+/)
              .includes('modulepreload')
          ) {
            problems.push({
              file,
              problem:
                '<link rel="modulepreload"> (preloads a module script; Astro adds one for a bundled <script>: write <script is:inline>)',
            });
          }
          if (name === 'base') {
            problems.push({ file, problem: '<base> in the markup changes how every relative URL resolves' });
          }
        },
        ontext(text) {
          style?.push(text);
        },
        onclosetag(name) {
          if (name !== 'style' || !style) return;
          const css = style.join('');
          style = undefined;
          if (!css.includes('url(') && !css.includes('@import')) return;
          const urls = cachedCssUrls(styleBlocks, css, (text) => listCssUrls(text, `${file} <style>`));
          for (const url of urls) check(url, 'url() in a <style> block');
        },
      },
      { decodeEntities: true },
    );
    parser.end(await fs.readFile(path.join(distDir, file), 'utf8'));
  }

  for (const file of all.filter((f) => f.endsWith('.css'))) {
    report.cssFiles++;
    const css = await fs.readFile(path.join(distDir, file), 'utf8');
    for (const url of listCssUrls(css, file)) {
      if (url.startsWith('#')) continue;
      if (checkUrl(url, file, 'url() in the stylesheet', files, dirs, problems)) report.urls++;
    }
  }
  return report;
}

/** The problems as lines, for a test failure or a command's output. */
export function formatProblems(problems: readonly DistProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.problem}`).join('\n');
}
