// BibTeX of the whole list, newest first; keys are shared with the per-theme
// files and the copy-BibTeX control of each paper page.
import type { APIRoute } from 'astro';
import { getPapers } from '../content.ts';
import { toBibtex } from '../lib/export/bibtex.ts';
import { citationKeys, toBibtexPaper } from '../lib/export/from-site.ts';
import { plural } from '../lib/site/format.ts';
import { SITE } from '../lib/site/config.ts';

export const GET: APIRoute = async () => {
  const papers = await getPapers();
  const bib = toBibtex(
    papers.map(toBibtexPaper),
    citationKeys(papers),
    `${SITE.title}: ${plural(papers.length, 'paper')}`,
  );
  return new Response(bib, { headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' } });
};
