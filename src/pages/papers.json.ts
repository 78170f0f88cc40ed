// papers.json: all data of all papers (frontmatter, resolved themes, notes,
// links and backlinks), in the shape documented by docs/papers-json.schema.json.
import type { APIRoute } from 'astro';
import { getLinkGraph, getNotesSource, getPapers, getThemes } from '../content.ts';
import { citationKeys, huggingFaceUrl, outLinks } from '../lib/export/from-site.ts';
import { exportPaper, toPapersJson } from '../lib/export/papers-json.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const [papers, themes, graph] = await Promise.all([getPapers(), getThemes(), getLinkGraph()]);
  const keys = citationKeys(papers);
  const exported = await Promise.all(
    papers.map(async (paper) =>
      exportPaper(
        {
          id: paper.id,
          data: paper.data,
          themes: paper.themes.themes,
          body: await getNotesSource(paper.id),
          file: paper.file,
        },
        {
          // Relative to papers.json, which sits at the site root.
          url: urls.paper(paper.id),
          huggingFaceUrl: huggingFaceUrl(paper),
          outLinks: outLinks(paper),
          bibtexKey: keys.get(paper.id)!,
          links: graph.links.get(paper.id) ?? [],
          backlinks: graph.backlinks.get(paper.id) ?? [],
        },
      ),
    ),
  );
  const themeList = themes.map(({ theme, primaryCount }) => ({
    id: theme.id,
    title: theme.title,
    description: theme.description,
    count: primaryCount,
  }));
  return new Response(toPapersJson(themeList, exported), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
