/**
 * Astro integration: the sitemap (sitemap-index.xml, pointing at sitemap-0.xml),
 * written by @astrojs/sitemap with every page as an absolute URL under the site
 * URL. Registered only when a site URL is set (astro.config.mjs). Two things
 * are this project's own:
 *
 * - The sub-path. @astrojs/sitemap places pages and the index's links under
 *   Astro's `base`, which stays '/' here because pages link relatively (one
 *   dist/ for a domain root, a sub-path and file://). It is handed the site
 *   URL's path as its base instead, so https://example.org/reading-list/ gives
 *   …/reading-list/papers/x.html and …/reading-list/sitemap-0.xml.
 * - Real files. `build.format: 'file'` writes themes/x.html, while Astro names
 *   the page themes/x; each URL gets the file's .html (the home page stays the
 *   site URL itself), so every address in the sitemap works on any static host.
 */
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';

/** https://example.org/r/themes/x -> https://example.org/r/themes/x.html; the site URL (…/r/) as it is. */
export function pageFileUrl(url: string): string {
  const parsed = new URL(url);
  const name = parsed.pathname.slice(parsed.pathname.lastIndexOf('/') + 1);
  if (name !== '' && !name.includes('.')) parsed.pathname += '.html';
  return parsed.href;
}

/** Astro's `base` as @astrojs/sitemap should see it: the site URL's path, e.g. /reading-list/. */
export function sitemapBase(site: string): string {
  const { pathname } = new URL(site);
  return pathname.endsWith('/') ? pathname : `${pathname}/`;
}

export default function siteMap(): AstroIntegration {
  const inner = sitemap({ serialize: (item) => ({ ...item, url: pageFileUrl(item.url) }) });
  return {
    name: 'reading-list:sitemap',
    hooks: {
      ...inner.hooks,
      'astro:config:done': (options) =>
        inner.hooks['astro:config:done']?.({
          ...options,
          config: { ...options.config, base: options.config.site ? sitemapBase(options.config.site) : '/' },
        }),
    },
  };
}
