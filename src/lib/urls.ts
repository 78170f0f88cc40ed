/**
 * The site's URL scheme, in one place. Pages link with these root-absolute
 * paths, each naming a real file (never a bare directory); a post-build pass
 * makes every internal URL relative to the page that holds it, so one dist/
 * works from file://, from a domain root and from any sub-path.
 */
import { slugify } from './slug.ts';

/** '/index.html' for the home page, '/themes/kv-cache.html' for a route 'themes/kv-cache'. */
export function pageUrl(route: string): string {
  const clean = route.replace(/^\/+|\/+$/g, '');
  return clean === '' ? '/index.html' : `/${clean}.html`;
}

export const urls = {
  home: () => pageUrl(''),
  all: () => pageUrl('all'),
  search: () => pageUrl('search'),
  theme: (themeId: string) => pageUrl(`themes/${themeId}`),
  paper: (paperId: string) => pageUrl(`papers/${paperId}`),
  status: (status: string) => pageUrl(`status/${status}`),
  tag: (tag: string) => pageUrl(`tags/${slugify(tag)}`),
};
