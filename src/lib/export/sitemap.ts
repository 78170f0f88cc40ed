/**
 * sitemap.xml (sitemaps.org protocol 0.9): every HTML page of the site as an
 * absolute URL. Pure: the caller lists the site paths (from urls.ts).
 */
import { absoluteUrl } from './links.ts';
import { el, toXml } from './xml.ts';

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function toSitemap(site: string | URL, sitePaths: readonly string[]): string {
  const unique = [...new Set(sitePaths)];
  return toXml(
    el(
      'urlset',
      { xmlns: SITEMAP_NS },
      unique.map((sitePath) => el('url', {}, [el('loc', {}, [absoluteUrl(site, sitePath)])])),
    ),
  );
}
