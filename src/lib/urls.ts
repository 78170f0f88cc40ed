/**
 * The site's URL scheme, in one place. Pages link with these root-absolute
 * paths, each naming a real file (never a bare directory); a post-build pass
 * makes every internal URL relative to the page that holds it, so one dist/
 * works from file://, from a domain root and from any sub-path.
 */
import { slugify } from './text/slug.ts';

/** '/index.html' for the home page, '/themes/kv-cache.html' for a route 'themes/kv-cache'. */
export function pageUrl(route: string): string {
  const clean = route.replace(/^\/+|\/+$/g, '');
  return clean === '' ? '/index.html' : `/${clean}.html`;
}

/**
 * A tag's page name: its slug; a tag with no Latin letter or digit (e.g. "日本語")
 * gets one from its code points, so every tag has a real file.
 */
export function tagSlug(tag: string): string {
  const text = tag.trim();
  return slugify(text) || `tag-${[...text].map((char) => char.codePointAt(0)!.toString(16)).join('-')}`.slice(0, 80);
}

/** Files that are not pages: the feeds, the sitemap and the exports (written only as noted). */
export const fileUrls = {
  /** RSS of the whole list (only with a site URL). */
  feed: () => '/feed.xml',
  /** RSS of one theme (only with a site URL). */
  themeFeed: (themeId: string) => `/feeds/${themeId}.xml`,
  /** The sitemap index (only with a site URL), written by @astrojs/sitemap. */
  sitemap: () => '/sitemap-index.xml',
  papersJson: () => '/papers.json',
  /** BibTeX of the whole list. */
  bibtex: () => '/papers.bib',
  themeBibtex: (themeId: string) => `/bibtex/${themeId}.bib`,
};

export const urls = {
  home: () => pageUrl(''),
  all: () => pageUrl('all'),
  search: () => pageUrl('search'),
  theme: (themeId: string) => pageUrl(`themes/${themeId}`),
  paper: (paperId: string) => pageUrl(`papers/${paperId}`),
  status: (status: string) => pageUrl(`status/${status}`),
  tag: (tag: string) => pageUrl(`tags/${tagSlug(tag)}`),
};
