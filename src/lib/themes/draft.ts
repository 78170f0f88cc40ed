/**
 * The taxonomy of a list that has none: drafted from the list's own papers
 * (clustering, as `themes:suggest` does) on its first ingest, and written as
 * the reader's themes.yaml. Pure: ingest writes the text.
 */
import { TaxonomySchema, type Taxonomy } from '../../schemas/themes.ts';
import { suggestTaxonomy } from './suggest.ts';
import { renderSuggestion } from './suggest-yaml.ts';

export interface Draft {
  taxonomy: Taxonomy;
  /** themes.yaml as written: commented, with the papers each theme holds. */
  text: string;
  /** "15 themes from 505 papers (largest 10.7% of the list, 2.6% to "other")" */
  summary: string;
}

/** Fewest papers worth clustering: below it, one theme holds the whole list until the reader writes themes. */
export const MIN_PAPERS_TO_DRAFT = 16;

/**
 * Drafts a taxonomy for `papers`.
 * @param source where the papers came from, named in the file's header (e.g. the content root)
 */
export function draftTaxonomy(
  papers: ReadonlyArray<{ key: string; title: string; abstract?: string }>,
  source: string,
): Draft {
  if (papers.length < MIN_PAPERS_TO_DRAFT) {
    const taxonomy = TaxonomySchema.parse({
      fallback: 'papers',
      themes: [{ id: 'papers', title: 'Papers', description: 'Every paper of this list.' }],
    });
    const text = [
      `# Drafted by the first \`npm run ingest\` of ${source.replace(/\s+/g, ' ')}: ${papers.length} papers are too few`,
      `# to cluster (it takes ${MIN_PAPERS_TO_DRAFT}), so one theme holds them all. Add themes with rules when the list grows,`,
      '# or run `npm run themes:suggest` then.',
      'fallback: papers',
      'themes:',
      '  - id: papers',
      '    title: Papers',
      '    description: Every paper of this list.',
      '',
    ].join('\n');
    return {
      taxonomy,
      text,
      summary: `one theme for ${papers.length} paper${papers.length === 1 ? '' : 's'} (too few to cluster)`,
    };
  }
  const input = papers.map((p) => ({ id: p.key, title: p.title, ...(p.abstract ? { abstract: p.abstract } : {}) }));
  const suggestion = suggestTaxonomy(input);
  const titles = new Map(papers.map((p) => [p.key, p.title]));
  const text = renderSuggestion(suggestion, { titles, source, by: 'ingest' });
  const q = suggestion.quality;
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return {
    taxonomy: suggestion.taxonomy,
    text,
    summary: `${q.k} themes from ${q.papers} papers (largest ${percent(q.maxShare)} of the list, ${percent(q.fallback / q.papers)} to "${suggestion.taxonomy.fallback}")`,
  };
}
