/**
 * Checks a built output folder for what breaks portability: a root-absolute
 * URL (breaks on file:// and sub-paths), a module script (refused on
 * file://), a link to a bare directory (file:// shows a folder listing), and
 * an internal URL that names no file. Reads HTML with rehype and CSS with
 * Lightning CSS, the same parsers the post-build pass uses.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { isExternalUrl, isRootAbsoluteUrl, parseSrcset, resolveLocalFile, splitUrl } from './relative-url.ts';
import { listCssUrls } from './css-urls.ts';
import { listFiles } from './make-portable.ts';
import { SRCSET_PROPERTIES, URL_PROPERTIES } from './rehype-relative-urls.ts';

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

function describeElement(node: Element, property: string): string {
  const attribute =
    property === 'xLinkHref'
      ? 'xlink:href'
      : property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('src-set', 'srcset');
  return `<${node.tagName} ${attribute}>`;
}

function cssUrlsOfStyleAttribute(style: string): string[] {
  // A style attribute is a declaration list: wrap it as a rule to read it with the stylesheet parser.
  return listCssUrls(`x{${style}}`, 'style attribute');
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
  const parser = unified().use(rehypeParse);

  for (const file of all.filter((f) => f.endsWith('.html'))) {
    report.htmlFiles++;
    const tree = parser.parse(await fs.readFile(path.join(distDir, file), 'utf8')) as Root;
    const check = (url: string, where: string) => {
      if (checkUrl(url, file, where, files, dirs, problems)) report.urls++;
    };
    visit(tree, 'element', (node: Element) => {
      const props = node.properties;
      for (const name of URL_PROPERTIES) {
        const value = props[name];
        // The 404 page's deferred scripts keep their URL in data-portable-src, checked below.
        if (typeof value === 'string') check(value, describeElement(node, name));
      }
      if (typeof props.dataPortableSrc === 'string')
        check(props.dataPortableSrc, `<${node.tagName} data-portable-src>`);
      for (const name of SRCSET_PROPERTIES) {
        const value = props[name];
        if (typeof value === 'string') for (const c of parseSrcset(value)) check(c.url, describeElement(node, name));
      }
      if (typeof props.style === 'string' && props.style.includes('url(')) {
        for (const url of cssUrlsOfStyleAttribute(props.style)) check(url, `url() in the style of <${node.tagName}>`);
      }
      if (node.tagName === 'style') {
        const css = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
        for (const url of listCssUrls(css, `${file} <style>`)) check(url, 'url() in a <style> block');
      }
      if (node.tagName === 'script' && typeof props.type === 'string' && props.type.trim().toLowerCase() === 'module') {
        problems.push({
          file,
          problem: '<script type="module"> (browsers refuse module scripts on file://; use a classic or inline script)',
        });
      }
      if (
        node.tagName === 'link' &&
        String(props.rel ?? '')
          .toLowerCase()
          .split(/[\s,]+/)
          .includes('modulepreload')
      ) {
        problems.push({ file, problem: '<link rel="modulepreload"> (preloads a module script)' });
      }
      if (node.tagName === 'base') {
        problems.push({ file, problem: '<base> in the markup changes how every relative URL resolves' });
      }
    });
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
