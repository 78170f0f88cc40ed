/**
 * Checks a built output folder for what breaks portability: a root-absolute
 * URL (breaks on file:// and sub-paths), a module script or module preload
 * (refused on file://), a <base> element, a link to a bare directory (file://
 * shows a folder listing), and an internal URL that names no file. It mends
 * nothing: pages write every URL relative to themselves as they render
 * (src/lib/paths.ts). HTML is read with htmlparser2's streaming tokenizer (no
 * tree is built), CSS with Lightning CSS; a <style> block that many pages
 * share is read once.
 *
 * A check can start while another stage still writes some folders of the
 * output (startDistCheck with `later`, on a thread of its own with
 * startDistCheckOnThread) and end once they are written (finishDistCheck): it
 * finds the same problems, in the same order, as checkDist of the finished
 * folder.
 */
import fs from 'node:fs/promises';
import { walkFiles } from '../fs/files.ts';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** A URL into a folder another stage is still writing: resolved by finishDistCheck once that folder is written. */
export interface DeferredUrl {
  file: string;
  where: string;
  url: string;
  target: string;
  /** Its place among the problems. */
  order: Place;
}

/** A check of every file outside the folders still being written, and the URLs that point into them. */
export interface PartialDistCheck {
  report: DistCheckReport;
  /** The problems' places, parallel to report.problems. */
  order: Place[];
  later: string[];
  deferred: DeferredUrl[];
}

export interface DistCheckOptions {
  /**
   * Folders of the output (relative, '/'-separated) that another stage is still writing: their files are left to
   * finishDistCheck, and so is every URL that points into them. Default: none.
   */
  later?: readonly string[];
}

/** Whether a relative path lies in one of the folders. */
function inFolders(target: string, folders: readonly string[]): boolean {
  return folders.some((dir) => target === dir || target.startsWith(`${dir}/`));
}

/** Every folder that holds one of the files. */
function foldersOf(all: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  for (const f of all) {
    let dir = path.posix.dirname(f);
    while (dir !== '.' && !dirs.has(dir)) {
      dirs.add(dir);
      dir = path.posix.dirname(dir);
    }
  }
  return dirs;
}

/**
 * Where a problem comes in the report: HTML files (kind 0) before stylesheets (kind 1), each kind by file path,
 * and in a file in the order its URLs come.
 */
export interface Place {
  kind: number;
  file: string;
  sequence: number;
}

/** What a check needs to know of the folder, and what it collects. */
interface CheckState {
  files: Set<string>;
  dirs: Set<string>;
  later: readonly string[];
  report: DistCheckReport;
  order: Place[];
  deferred: DeferredUrl[];
  /** Where the next problem goes. */
  place: Place;
}

function addProblem(state: CheckState, problem: DistProblem, place = state.place): void {
  state.report.problems.push(problem);
  state.order.push({ ...place });
  state.place.sequence++;
}

/** Checks where a relative URL lands: outside the site, a bare directory, or no file. */
function checkTarget(state: CheckState, file: string, where: string, url: string, target: string, place: Place) {
  if (target.startsWith('..')) {
    addProblem(state, { file, problem: `${where} points outside the site: "${url}"` }, place);
  } else if (state.dirs.has(target)) {
    addProblem(state, { file, problem: `${where} links a bare directory: "${url}" (name the index.html)` }, place);
  } else if (!state.files.has(target)) {
    addProblem(state, { file, problem: `${where} names no file of the site: "${url}" (resolved to ${target})` }, place);
  }
}

/** Checks one URL found in `file`; records problems; returns true when it was an internal URL. */
function checkUrl(state: CheckState, url: string, file: string, where: string): boolean {
  const value = url.trim();
  if (value === '' || value.startsWith('#') || value.startsWith('?') || isExternalUrl(value)) return false;
  const { pathname } = splitUrl(value);
  if (isRootAbsoluteUrl(value)) {
    addProblem(state, {
      file,
      problem: `${where} is root-absolute: "${url}" (breaks on file:// and under a sub-path)`,
    });
    return true;
  }
  if (pathname.endsWith('/') || pathname === '.' || pathname === '..') {
    addProblem(state, {
      file,
      problem: `${where} links a bare directory: "${url}" (file:// shows a folder listing; name the index.html)`,
    });
    return true;
  }
  const target = resolveLocalFile(value, file);
  if (!target.startsWith('..') && inFolders(target, state.later)) {
    state.deferred.push({ file, where, url, target, order: { ...state.place } });
  } else {
    checkTarget(state, file, where, url, target, state.place);
  }
  state.place.sequence++;
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

/** Checks the HTML and CSS files among `names` (sorted). */
async function checkFiles(state: CheckState, distDir: string, names: readonly string[]) {
  const { report } = state;
  const styleBlocks = new Map<string, string[]>();
  const styleAttributes = new Map<string, string[]>();

  for (const file of names.filter((f) => f.endsWith('.html'))) {
    report.htmlFiles++;
    state.place = { kind: 0, file, sequence: 0 };
    const check = (url: string, where: string) => {
      if (checkUrl(state, url, file, where)) report.urls++;
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
            addProblem(state, {
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
            addProblem(state, {
              file,
              problem:
                '<link rel="modulepreload"> (preloads a module script; Astro adds one for a bundled <script>: write <script is:inline>)',
            });
          }
          if (name === 'base') {
            addProblem(state, { file, problem: '<base> in the markup changes how every relative URL resolves' });
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

  for (const file of names.filter((f) => f.endsWith('.css'))) {
    report.cssFiles++;
    state.place = { kind: 1, file, sequence: 0 };
    const css = await fs.readFile(path.join(distDir, file), 'utf8');
    for (const url of listCssUrls(css, file)) {
      if (url.startsWith('#')) continue;
      if (checkUrl(state, url, file, 'url() in the stylesheet')) report.urls++;
    }
  }
}

/**
 * Checks every file of the output outside `options.later`, and every URL that does not point into those folders;
 * finishDistCheck does the rest once they are written. A check with no `later` folder is the whole check.
 */
export async function startDistCheck(distDir: string, options: DistCheckOptions = {}): Promise<PartialDistCheck> {
  const later = [...(options.later ?? [])];
  const all = (await listFiles(distDir)).filter((file) => !inFolders(file, later));
  const state: CheckState = {
    files: new Set(all),
    dirs: foldersOf(all),
    later,
    report: { htmlFiles: 0, cssFiles: 0, urls: 0, problems: [] },
    order: [],
    deferred: [],
    place: { kind: 0, file: '', sequence: 0 },
  };
  await checkFiles(state, distDir, all);
  return { report: state.report, order: state.order, later, deferred: state.deferred };
}

/**
 * Completes a check started while `partial.later` was being written: checks the files written there, resolves the
 * URLs that point into them against the whole folder, and gives the problems in the order a check of the finished
 * folder gives them.
 */
export async function finishDistCheck(distDir: string, partial: PartialDistCheck): Promise<DistCheckReport> {
  const report: DistCheckReport = { ...partial.report, problems: [...partial.report.problems] };
  if (partial.later.length === 0) return report;
  const all = await listFiles(distDir);
  const state: CheckState = {
    files: new Set(all),
    dirs: foldersOf(all),
    later: [],
    report,
    order: [...partial.order],
    deferred: [],
    place: { kind: 0, file: '', sequence: 0 },
  };
  for (const url of partial.deferred) checkTarget(state, url.file, url.where, url.url, url.target, url.order);
  await checkFiles(
    state,
    distDir,
    all.filter((file) => inFolders(file, partial.later)),
  );
  const places = report.problems.map((problem, i) => ({ problem, place: state.order[i] as Place }));
  places.sort(
    (a, b) =>
      a.place.kind - b.place.kind ||
      (a.place.file < b.place.file ? -1 : a.place.file > b.place.file ? 1 : 0) ||
      a.place.sequence - b.place.sequence,
  );
  report.problems = places.map((p) => p.problem);
  return report;
}

/** Checks a whole built output folder. */
export async function checkDist(distDir: string): Promise<DistCheckReport> {
  return finishDistCheck(distDir, await startDistCheck(distDir));
}

/** The problems as lines, for a test failure or a command's output. */
export function formatProblems(problems: readonly DistProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.problem}`).join('\n');
}

/** startDistCheck on a worker thread (./dist-check-worker.ts); rejects with the worker's error. */
export function startDistCheckOnThread(distDir: string, options: DistCheckOptions = {}): Promise<PartialDistCheck> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./dist-check-worker.ts', import.meta.url), {
      workerData: { distDir, options },
    });
    let result: PartialDistCheck | undefined;
    worker.once('message', (message: PartialDistCheck) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the dist check's thread stopped (exit ${code}) without a result`));
    });
  });
}
