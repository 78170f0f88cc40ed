/**
 * Page-relative URLs: the arithmetic behind the portable dist/. Pages link with
 * root-absolute paths (src/lib/urls.ts); after the build each internal URL is
 * rewritten relative to the file that holds it, so the same folder works from
 * file://, from a domain root and from any sub-path. Pure string logic over
 * POSIX paths relative to the output folder (e.g. 'papers/kv-cache.html').
 */
import path from 'node:path';

/** A URL with a scheme (https:, mailto:, data:, file:...) or protocol-relative ('//host'). */
export function isExternalUrl(url: string): boolean {
  const value = url.trim();
  return value.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(value);
}

/** '/papers/x.html' (but not '//host/x'): resolved against the host's root, so it breaks on file:// and sub-paths. */
export function isRootAbsoluteUrl(url: string): boolean {
  const value = url.trim();
  return value.startsWith('/') && !value.startsWith('//');
}

/** Splits 'a/b.html?q=1#x' into the path and the rest ('?q=1#x'). */
export function splitUrl(url: string): { pathname: string; suffix: string } {
  const cut = url.search(/[?#]/);
  return cut === -1 ? { pathname: url, suffix: '' } : { pathname: url.slice(0, cut), suffix: url.slice(cut) };
}

/**
 * file:// shows a folder listing for a directory, never its index.html, so a
 * link to a directory must name the file: '' stays '' (the page itself),
 * 'themes/' becomes 'themes/index.html', '.' and '..' become './index.html' and '../index.html'.
 */
function nameTheIndexFile(pathname: string): string {
  if (pathname.endsWith('/')) return `${pathname}index.html`;
  if (pathname === '.' || pathname === '..' || pathname.endsWith('/.') || pathname.endsWith('/..')) {
    return `${pathname}/index.html`;
  }
  return pathname;
}

/** The way from a file to the output folder's root: '' for 'index.html', '../' for 'papers/x.html'. */
export function rootPrefix(fromFile: string): string {
  const depth = path.posix.normalize(fromFile).split('/').length - 1;
  return '../'.repeat(depth);
}

/**
 * Rewrites one URL found in `fromFile` (a path relative to the output root).
 * Root-absolute URLs become page-relative and name a file; relative URLs that
 * name a directory get their index.html; everything else (external URLs,
 * fragments, queries, empty values) is returned unchanged.
 */
export function toPageRelativeUrl(url: string, fromFile: string): string {
  const value = url.trim();
  if (value === '' || value.startsWith('#') || value.startsWith('?') || isExternalUrl(value)) return url;
  const { pathname, suffix } = splitUrl(value);
  if (!isRootAbsoluteUrl(pathname)) {
    return pathname === '' ? url : nameTheIndexFile(pathname) + suffix;
  }
  const target = nameTheIndexFile(pathname).slice(1) || 'index.html';
  const fromDir = path.posix.dirname(path.posix.normalize(fromFile));
  const relative = path.posix.relative(fromDir, path.posix.normalize(target));
  // '' only when the target is the holding folder itself, named without a slash ('/papers' from papers/x.html).
  return (relative === '' ? `../${path.posix.basename(target)}` : relative) + suffix;
}

/** The output-root-relative file a page-relative URL in `fromFile` points at ('' when it is not a local file). */
export function resolveLocalFile(url: string, fromFile: string): string {
  const value = url.trim();
  if (value === '' || value.startsWith('#') || value.startsWith('?') || isExternalUrl(value)) return '';
  const { pathname } = splitUrl(value);
  if (pathname === '') return '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = pathname;
  }
  const joined = isRootAbsoluteUrl(decoded)
    ? decoded.slice(1)
    : path.posix.join(path.posix.dirname(path.posix.normalize(fromFile)), decoded);
  return path.posix.normalize(joined);
}

/** One candidate of a srcset: its URL and the descriptor text that follows it ('2x', '640w', or ''). */
export interface SrcsetCandidate {
  url: string;
  descriptor: string;
}

/**
 * Parses a srcset attribute the way the HTML standard does: a URL runs to the
 * next whitespace (trailing commas belong to the separator), then descriptors
 * run to the next comma outside parentheses. Data URLs with commas survive.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let i = 0;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  while (i < value.length) {
    while (i < value.length && (isSpace(value[i]) || value[i] === ',')) i++;
    if (i >= value.length) break;
    let start = i;
    while (i < value.length && !isSpace(value[i])) i++;
    let url = value.slice(start, i);
    let endedWithComma = false;
    while (url.endsWith(',')) {
      url = url.slice(0, -1);
      endedWithComma = true;
    }
    let descriptor = '';
    if (!endedWithComma) {
      start = i;
      let depth = 0;
      while (i < value.length) {
        const c = value[i];
        if (c === '(') depth++;
        else if (c === ')') depth = Math.max(0, depth - 1);
        else if (c === ',' && depth === 0) break;
        i++;
      }
      descriptor = value.slice(start, i).trim();
    }
    if (url !== '') candidates.push({ url, descriptor });
  }
  return candidates;
}

export function stringifySrcset(candidates: readonly SrcsetCandidate[]): string {
  return candidates.map((c) => (c.descriptor ? `${c.url} ${c.descriptor}` : c.url)).join(', ');
}

/** Rewrites every URL of a srcset attribute. */
export function mapSrcset(value: string, rewrite: (url: string) => string): string {
  return stringifySrcset(parseSrcset(value).map((c) => ({ url: rewrite(c.url), descriptor: c.descriptor })));
}
