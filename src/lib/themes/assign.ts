/**
 * Assigns themes to a paper from the taxonomy's rules over its title and
 * abstract: a primary theme, secondary ones, and the matched terms (the "why").
 * Pure and deterministic: ties go to the theme listed first in themes.yaml.
 */
import type { Taxonomy, ThemeRule } from '../../schemas/themes.ts';

export interface ThemeMatch {
  id: string;
  score: number;
  /** Matched terms, in rule order, each once. */
  terms: string[];
}

export interface Assignment {
  /** Theme ids, primary first. */
  themes: string[];
  /** Every theme that scored, best first (for reports and "why"). */
  matches: ThemeMatch[];
  /** True when the primary theme came from a pin. */
  pinned: boolean;
}

/** Lower-case, and make hyphens, slashes, underscores and runs of space one space. */
export function normalizeText(text: string): string {
  return ` ${text.toLowerCase().normalize('NFKC').replace(/[-‐‑–—_/]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
}

const termPatterns = new Map<string, RegExp>();

/** A term as a RegExp over normalized text, cached. */
export function termPattern(term: string): RegExp {
  let pattern = termPatterns.get(term);
  if (!pattern) {
    const wildcard = term.endsWith('*');
    const core = normalizeText(wildcard ? term.slice(0, -1) : term).trim();
    const escaped = core.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}${wildcard ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'u');
    termPatterns.set(term, pattern);
  }
  return pattern;
}

function ruleScore(rule: ThemeRule, title: string, abstract: string, titleWeight: number, terms: string[]): number {
  let score = 0;
  for (const term of rule.terms) {
    const pattern = termPattern(term);
    const inTitle = rule.in !== 'abstract' && pattern.test(title);
    const inAbstract = rule.in !== 'title' && pattern.test(abstract);
    if (!inTitle && !inAbstract) continue;
    score += rule.weight * (inTitle ? titleWeight : 1);
    if (rule.weight > 0 && !terms.includes(term)) terms.push(term);
  }
  return score;
}

/** Scores every theme for one paper, best first; themes scoring 0 or less are left out. */
export function scoreThemes(taxonomy: Taxonomy, paper: { title: string; abstract?: string }): ThemeMatch[] {
  const title = normalizeText(paper.title);
  const abstract = normalizeText(paper.abstract ?? '');
  const matches: ThemeMatch[] = [];
  taxonomy.themes.forEach((theme) => {
    const terms: string[] = [];
    let score = 0;
    for (const rule of theme.rules) score += ruleScore(rule, title, abstract, taxonomy.settings.titleWeight, terms);
    if (score > 0 && terms.length > 0) matches.push({ id: theme.id, score, terms });
  });
  const order = new Map(taxonomy.themes.map((t, i) => [t.id, i]));
  return matches.sort((a, b) => b.score - a.score || order.get(a.id)! - order.get(b.id)!);
}

/** Primary and secondary themes of one paper; `pin` (a theme id) wins over the rules. */
export function assignThemes(
  taxonomy: Taxonomy,
  paper: { title: string; abstract?: string },
  pin?: string,
): Assignment {
  const { minScore, secondaryRatio, maxThemes } = taxonomy.settings;
  const matches = scoreThemes(taxonomy, paper);
  const eligible = matches.filter((m) => m.score >= minScore);
  const known = new Set(taxonomy.themes.map((t) => t.id));
  if (pin && known.has(pin)) {
    const rest = eligible.filter((m) => m.id !== pin).slice(0, maxThemes - 1).map((m) => m.id);
    return { themes: [pin, ...rest], matches, pinned: true };
  }
  const best = eligible[0];
  if (!best) return { themes: [taxonomy.fallback], matches, pinned: false };
  const secondary = eligible
    .slice(1)
    .filter((m) => m.score >= best.score * secondaryRatio)
    .slice(0, maxThemes - 1)
    .map((m) => m.id);
  return { themes: [best.id, ...secondary], matches, pinned: false };
}
