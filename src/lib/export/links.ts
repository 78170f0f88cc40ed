/**
 * Where to find a paper elsewhere, and absolute URLs for files that leave the
 * site (feeds, sitemap): they need the configured site URL, which may carry a
 * sub-path such as https://example.org/reading-list/.
 */

/** Hugging Face papers search for a title (the dumps come from there). */
export function huggingFaceSearchUrl(title: string): string {
  return `https://huggingface.co/papers?${new URLSearchParams({ q: title.trim() })}`;
}

/** arXiv search by title. */
export function arxivSearchUrl(title: string): string {
  return `https://arxiv.org/search/?${new URLSearchParams({ query: title.trim(), searchtype: 'title' })}`;
}

/** The site URL as a base for `new URL(...)`: always ends with a slash, so a sub-path is kept. */
export function siteBase(site: string | URL): URL {
  const url = new URL(String(site));
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** '/papers/x.html' (a urls.ts path) -> 'https://example.org/reading-list/papers/x.html'. */
export function absoluteUrl(site: string | URL, sitePath: string): string {
  return new URL(sitePath.replace(/^\/+/, ''), siteBase(site)).href;
}

/**
 * The build summary's line about feeds and the sitemap: which site URL they
 * use, or why they were not written and how to get them.
 */
export function feedsNotice(site: string | URL | undefined): string {
  if (site) return `RSS feeds and sitemap-index.xml use the site URL ${siteBase(site).href}`;
  return (
    'no site URL configured: RSS feeds and sitemap-index.xml were not written (they need absolute URLs); ' +
    'set `url: https://example.org/reading-list/` in site.yaml of the content root (or READING_LIST_SITE) to get them'
  );
}
