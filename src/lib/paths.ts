/**
 * Typed site paths and the page-relative URLs computed from them while a page
 * renders. A `SitePath` names a file of the output relative to its root
 * ('index.html', 'papers/x.html', 'search/search.js'); a `SiteUrl` is one with
 * an optional query and fragment ('index.html#themes'). A page never links
 * root-absolute: `relativeUrl(from, to)` writes the way from the page being
 * rendered to the target ('../papers/x.html', 'index.html', 'b.html#notes'),
 * so one dist/ works from file://, from a domain root and from any sub-path.
 * Pure string logic, no node:path, so it runs wherever a page renders.
 */

declare const SITE_PATH: unique symbol;
declare const SITE_URL: unique symbol;

/** A file of the output, relative to its root, never starting with '/' and never naming a directory. */
export type SitePath = string & { readonly [SITE_PATH]: true };
/** A site path, maybe followed by '?query' and/or '#fragment'. */
export type SiteUrl = SitePath | (string & { readonly [SITE_URL]: true });

/** Checks and brands a path relative to the output root: 'papers/x.html' (not '/papers/x.html', not 'themes/'). */
export function sitePath(path: string): SitePath {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.endsWith('/') ||
    /[?#\\]/.test(path) ||
    path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new Error(`"${path}" is not a site path: a file relative to the output root, such as "papers/x.html".`);
  }
  return path as SitePath;
}

/** A site path with a query and/or a fragment: siteUrl(urls.home(), { hash: 'themes' }) -> 'index.html#themes'. */
export function siteUrl(path: SitePath, parts: { query?: string; hash?: string }): SiteUrl {
  const query = parts.query ? `?${parts.query.replace(/^\?/, '')}` : '';
  const hash = parts.hash ? `#${parts.hash.replace(/^#/, '')}` : '';
  return `${path}${query}${hash}` as SiteUrl;
}

/** Splits 'a/b.html?q=1#x' into the path and the rest ('?q=1#x'). */
export function splitUrl(url: string): { path: string; suffix: string } {
  const cut = url.search(/[?#]/);
  return cut === -1 ? { path: url, suffix: '' } : { path: url.slice(0, cut), suffix: url.slice(cut) };
}

/**
 * The page being rendered, from its URL's pathname (Astro.url.pathname) and the site's base path:
 * '/papers/x.html' (astro build, format 'file') and '/papers/x' (astro dev) both give 'papers/x.html',
 * '/' and '/index.html' give 'index.html', '/themes/' gives 'themes/index.html'. Only the folder of
 * the result matters to `relativeUrl`, and it is the folder the browser resolves links from.
 */
export function pagePath(pathname: string, base = '/'): SitePath {
  let path = pathname;
  try {
    path = decodeURI(pathname);
  } catch {
    // An undecodable pathname is used as it is: only its folder matters.
  }
  const prefix = base.endsWith('/') ? base : `${base}/`;
  if (path.startsWith(prefix)) path = path.slice(prefix.length);
  else path = path.replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) return `${path}index.html` as SitePath;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return (last.includes('.') ? path : `${path}.html`) as SitePath;
}

/**
 * The URL that leads from page `from` to `to`, relative to `from`'s folder: 'papers/x.html' from 'index.html',
 * '../papers/x.html' from 'themes/y.html', 'b.html' from 'papers/a.html', '../../index.html#themes' two
 * folders down. Query and fragment are kept. Always names a file, never starts with '/'.
 */
export function relativeUrl(from: SitePath, to: SiteUrl): string {
  const { path, suffix } = splitUrl(to);
  const fromDirs = from.split('/').slice(0, -1);
  const toParts = path.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  return '../'.repeat(fromDirs.length - common) + toParts.slice(common).join('/') + suffix;
}

/**
 * A linker for the page being rendered: `const to = linkFrom(Astro.url)` then `href={to(urls.paper(id))}`.
 * `base` is the site's base path (import.meta.env.BASE_URL; '/' for this site).
 */
export function linkFrom(page: URL | string, base = '/'): (to: SiteUrl) => string {
  const from = pagePath(typeof page === 'string' ? page : page.pathname, base);
  return (to) => relativeUrl(from, to);
}
