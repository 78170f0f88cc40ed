// RSS 2.0 feed of the whole list, newest first. Written only when a site URL
// is configured (`url` in site.yaml, or READING_LIST_SITE): feed
// readers need absolute links. Without one, an empty response writes no file.
import type { APIRoute } from 'astro';
import { getPapers, getThemes } from '../content.ts';
import { toFeedPaper } from '../lib/export/from-site.ts';
import { toRss } from '../lib/export/rss.ts';
import { SITE } from '../lib/site/config.ts';
import { fileUrls, urls } from '../lib/urls.ts';

export const GET: APIRoute = async ({ site }) => {
  if (!site) return new Response(null, { status: 204 });
  const themeTitles = new Map((await getThemes()).map(({ theme }) => [theme.id, theme.title]));
  const papers = (await getPapers()).map((paper) => toFeedPaper(paper, themeTitles));
  const xml = await toRss(papers, {
    site,
    title: SITE.title,
    description: SITE.description,
    language: SITE.lang,
    page: urls.home(),
    self: fileUrls.feed(),
    paperPath: urls.paper,
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
