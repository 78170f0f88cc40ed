// BibTeX of one theme (its papers, primary or secondary, newest first), with
// the same keys as the file of the whole list.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getPapers, getThemes, type ThemeSummary } from '../../content.ts';
import { toBibtex } from '../../lib/export/bibtex.ts';
import { citationKeys, toBibtexPaper } from '../../lib/export/from-site.ts';
import { plural } from '../../lib/site/format.ts';
import { SITE } from '../../lib/site/config.ts';

export const getStaticPaths = (async () => {
  return (await getThemes()).map((summary) => ({ params: { theme: summary.theme.id }, props: { summary } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ summary: ThemeSummary }> = async ({ props }) => {
  const { theme, papers } = props.summary;
  const keys = citationKeys(await getPapers());
  // The comment line keeps the file non-empty (so it is written) for a theme without papers.
  const bib = toBibtex(
    papers.map(toBibtexPaper),
    keys,
    `${SITE.title}, ${theme.title}: ${plural(papers.length, 'paper')}`,
  );
  return new Response(bib, { headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' } });
};
