/**
 * Reading the URLs of a built page, for the dist check: which are external,
 * which root-absolute, and which file of the output a page-relative one names.
 * Pure string logic over POSIX paths relative to the output folder (e.g.
 * 'papers/kv-cache.html'). Pages write their URLs with src/lib/paths.ts.
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
