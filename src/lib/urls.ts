/**
 * The site's URL scheme, in one place. Each builder gives a site path: a
 * file relative to the output root ('papers/x.html', never a bare
 * directory, never root-absolute). Pages turn it into a URL relative to
 * themselves while they render (src/lib/paths.ts: `linkFrom(Astro.url)`), so
 * one dist/ works from file://, from a domain root and from any sub-path;
 * feeds and the sitemap make it absolute from the site URL.
 */
import { type SitePath, sitePath } from './paths.ts';
import { KATEX_STYLESHEET } from './render/katex-assets.ts';
import { SEARCH_PATHS } from './search/paths.ts';
import { slugify } from './text/slug.ts';

/** 'index.html' for the home page, 'themes/kv-cache.html' for a route 'themes/kv-cache'. */
function pageUrl(route: string): SitePath {
  const clean = route.replace(/^\/+|\/+$/g, '');
  return sitePath(clean === '' ? 'index.html' : `${clean}.html`);
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
  feed: () => sitePath('feed.xml'),
  /** RSS of one theme (only with a site URL). */
  themeFeed: (themeId: string) => sitePath(`feeds/${themeId}.xml`),
  /** The sitemap index (only with a site URL), written by @astrojs/sitemap. */
  sitemap: () => sitePath('sitemap-index.xml'),
  papersJson: () => sitePath('papers.json'),
  /** BibTeX of the whole list. */
  bibtex: () => sitePath('papers.bib'),
  themeBibtex: (themeId: string) => sitePath(`bibtex/${themeId}.bib`),
};

/** Files of the site's own that pages load: its icon, the search script and KaTeX's stylesheet. */
export const assetUrls = {
  favicon: () => sitePath('favicon.svg'),
  searchScript: () => sitePath(SEARCH_PATHS.script),
  /** Written by the KaTeX integration (src/integrations/katex-assets.ts), its fonts in fonts/ beside it. */
  katexStylesheet: () => sitePath(KATEX_STYLESHEET),
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
