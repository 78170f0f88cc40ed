/**
 * The "why" of a paper's themes: for each theme it is filed under, the terms
 * of that theme's rules found in its title and abstract, or the reason it is
 * there without them (a pin, the fallback, a hand move). Pure; the paper page
 * renders it and the theme page sorts by `matchScore`.
 */
import type { Taxonomy } from '../../schemas/themes.ts';
import { scoreThemes, type ThemeMatch } from './assign.ts';

export type ReasonKind = 'matched' | 'pinned' | 'fallback' | 'by-hand';

export interface ThemeExplanation {
  /** Theme id. */
  id: string;
  /** Theme title from the taxonomy (the id when the theme is unknown). */
  title: string;
  /** True for the first theme of the paper. */
  primary: boolean;
  kind: ReasonKind;
  /** Matched terms of this theme's rules (possibly empty for pinned, fallback, by-hand). */
  terms: string[];
  /** Rule score of this theme for the paper (0 when no term matched). */
  score: number;
  /** One line for a reader, e.g. "matched: kv cache, eviction" or "pinned in the frontmatter". */
  text: string;
}

export interface ExplainInput {
  title: string;
  abstract?: string;
  /** Theme ids as stored in the frontmatter, primary first. */
  themes: readonly string[];
  /** The reader's pin, if any. */
  pin?: string;
}

function matchedText(terms: readonly string[]): string {
  return `matched: ${terms.join(', ')}`;
}

/**
 * Explains every theme a paper is filed under, in the paper's order.
 * `matches` may be passed when already computed (from `assignThemes`).
 */
export function explainThemes(
  taxonomy: Taxonomy,
  paper: ExplainInput,
  matches?: readonly ThemeMatch[],
): ThemeExplanation[] {
  const scored = matches ?? scoreThemes(taxonomy, paper);
  const byId = new Map(scored.map((m) => [m.id, m]));
  const titles = new Map(taxonomy.themes.map((t) => [t.id, t.title]));
  return paper.themes.map((id, index) => {
    const primary = index === 0;
    const match = byId.get(id);
    const terms = match?.terms ?? [];
    const score = match?.score ?? 0;
    const title = titles.get(id) ?? id;
    if (primary && paper.pin === id) {
      const text =
        terms.length > 0 ? `pinned in the frontmatter (also ${matchedText(terms)})` : 'pinned in the frontmatter';
      return { id, title, primary, kind: 'pinned', terms, score, text };
    }
    if (terms.length > 0 && score >= taxonomy.settings.minScore) {
      return { id, title, primary, kind: 'matched', terms, score, text: matchedText(terms) };
    }
    if (id === taxonomy.fallback) {
      const best = scored[0];
      const text = best
        ? `no theme matched strongly enough (closest: ${titles.get(best.id) ?? best.id}, ${matchedText(best.terms)})`
        : 'no theme matched any term of its title or abstract';
      return { id, title, primary, kind: 'fallback', terms, score, text };
    }
    const text =
      terms.length > 0 ? `filed here by hand (weak ${matchedText(terms)})` : 'filed here by hand (no rule matches)';
    return { id, title, primary, kind: 'by-hand', terms, score, text };
  });
}

/**
 * How strongly a paper matches one theme, for "strongest match first" sorts:
 * the theme's rule score (0 when none of its terms occur). Pure.
 */
export function matchScore(taxonomy: Taxonomy, paper: { title: string; abstract?: string }, themeId: string): number {
  return scoreThemes(taxonomy, paper).find((m) => m.id === themeId)?.score ?? 0;
}

/** `matchScore` of each paper for one theme, by paper id (for a theme page's "strongest match first" sort). */
export function matchScores(
  taxonomy: Taxonomy,
  papers: ReadonlyArray<{ id: string; title: string; abstract?: string }>,
  themeId: string,
): Map<string, number> {
  return new Map(papers.map((paper) => [paper.id, matchScore(taxonomy, paper, themeId)]));
}
