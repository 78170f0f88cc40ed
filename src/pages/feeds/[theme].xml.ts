// One RSS 2.0 feed per theme (its papers, primary or secondary, newest first);
// only when a site URL is configured, like the feed of the whole list.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getThemes, type ThemeSummary } from '../../content.ts';
import { toFeedPaper } from '../../lib/export/from-site.ts';
import { toRss } from '../../lib/export/rss.ts';
import { SITE } from '../../lib/site/config.ts';
import { fileUrls, urls } from '../../lib/urls.ts';

export const getStaticPaths = (async () => {
  if (!import.meta.env.SITE) return [];
  return (await getThemes()).map((summary) => ({ params: { theme: summary.theme.id }, props: { summary } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ summary: ThemeSummary }> = async ({ site, props }) => {
  if (!site) return new Response(null, { status: 204 });
  const { theme, papers } = props.summary;
  const themeTitles = new Map((await getThemes()).map((summary) => [summary.theme.id, summary.theme.title]));
  const xml = await toRss(
    papers.map((paper) => toFeedPaper(paper, themeTitles)),
    {
      site,
      title: `${SITE.title}: ${theme.title}`,
      description: theme.description || theme.title,
      language: SITE.lang,
      page: urls.theme(theme.id),
      self: fileUrls.themeFeed(theme.id),
      paperPath: urls.paper,
    },
  );
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
