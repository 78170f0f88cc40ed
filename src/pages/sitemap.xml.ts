// sitemap.xml: every page of the site as an absolute URL; only when a site URL
// is configured (an empty response writes no file).
import type { APIRoute } from 'astro';
import { getPapers, getStatusGroups, getTagGroups, getThemes } from '../content.ts';
import { toSitemap } from '../lib/export/sitemap.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = async ({ site }) => {
  if (!site) return new Response(null, { status: 204 });
  const paths = [
    urls.home(),
    urls.all(),
    urls.search(),
    ...(await getThemes()).map(({ theme }) => urls.theme(theme.id)),
    ...(await getStatusGroups()).map((group) => urls.status(group.status)),
    ...(await getTagGroups()).map((group) => urls.tag(group.label)),
    ...(await getPapers()).map((paper) => urls.paper(paper.id)),
  ];
  return new Response(toSitemap(site, paths), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
