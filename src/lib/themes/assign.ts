/**
 * Assigns themes to a paper from the taxonomy's rules over its title and
 * abstract: a primary theme, secondary ones, and the matched terms (the "why").
 * Pure and deterministic: ties and near-ties (within `settings.tieMargin`) go
 * to the theme listed first in themes.yaml, so the file's order is the
 * tie-break and a reader can see and change it.
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

/** A term as a global RegExp over normalized text, cached (reset lastIndex before use). */
export function termPattern(term: string): RegExp {
  let pattern = termPatterns.get(term);
  if (!pattern) {
    const wildcard = term.endsWith('*');
    const core = normalizeText(wildcard ? term.slice(0, -1) : term).trim();
    const escaped = core.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}${wildcard ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'gu');
    termPatterns.set(term, pattern);
  }
  return pattern;
}

/** Runs of letters and digits: the words a term's boundaries are drawn around. */
const WORD = /[\p{L}\p{N}]+/gu;

/** Normalized text with the set of its words, scanned once per text and used for every term. */
interface ScannedText {
  text: string;
  words: Set<string>;
}

function scan(normalized: string): ScannedText {
  return { text: normalized, words: new Set(normalized.match(WORD) ?? []) };
}

/**
 * The words every match of a term must contain as whole words of the text:
 * all of the term's words, but the last one of a wildcard term only as a
 * prefix, so it is left out. `core` is the literal text every match contains.
 */
interface TermWords {
  core: string;
  whole: string[];
}

const termWords = new Map<string, TermWords>();

function wordsOf(term: string): TermWords {
  let found = termWords.get(term);
  if (!found) {
    const wildcard = term.endsWith('*');
    const core = normalizeText(wildcard ? term.slice(0, -1) : term).trim();
    const words = core.match(WORD) ?? [];
    const lastIsPrefix = wildcard && /[\p{L}\p{N}]$/u.test(core);
    found = { core, whole: lastIsPrefix ? words.slice(0, -1) : words };
    termWords.set(term, found);
  }
  return found;
}

/** How many times a term occurs in normalized text, counting up to `limit`. */
function countTerm(term: string, scanned: ScannedText, limit: number): number {
  // Most terms are absent from most texts: word-set lookups (or, for a lone
  // wildcard word, a substring search) rule them out without running the
  // Unicode-aware pattern, which otherwise dominates build and ingest time.
  // They only skip texts the pattern cannot match, so the counts are unchanged.
  const { core, whole } = wordsOf(term);
  if (whole.length > 0) {
    for (const word of whole) if (!scanned.words.has(word)) return 0;
  } else if (!scanned.text.includes(core)) {
    return 0;
  }
  const pattern = termPattern(term);
  pattern.lastIndex = 0;
  let count = 0;
  while (count < limit && pattern.exec(scanned.text)) count++;
  pattern.lastIndex = 0;
  return count;
}

interface ScoreSettings {
  titleWeight: number;
  repeatWeight: number;
  maxRepeats: number;
}

function ruleScore(rule: ThemeRule, title: ScannedText, abstract: ScannedText, settings: ScoreSettings, terms: string[]): number {
  let score = 0;
  const { titleWeight, repeatWeight, maxRepeats } = settings;
  if (rule.requires && !rule.requires.some((term) => countTerm(term, title, 1) + countTerm(term, abstract, 1) > 0)) return 0;
  for (const term of rule.terms) {
    const inTitle = rule.in !== 'abstract' && countTerm(term, title, 1) > 0;
    const inAbstract = rule.in !== 'title' ? countTerm(term, abstract, 1 + (repeatWeight > 0 ? maxRepeats : 0)) : 0;
    if (!inTitle && inAbstract === 0) continue;
    score += rule.weight * (inTitle ? titleWeight : 1);
    if (inAbstract > 1) score += rule.weight * repeatWeight * (inAbstract - 1);
    if (rule.weight > 0 && !terms.includes(term)) terms.push(term);
  }
  return score;
}

// Scores by taxonomy, then by title and abstract: the site asks for the same
// paper's scores from several places (its themes, each theme page's "strongest
// match" sort), so each paper is scored once per build.
const scoreCache = new WeakMap<Taxonomy, Map<string, ThemeMatch[]>>();

/** Scores every theme for one paper, best first; themes scoring 0 or less are left out. */
export function scoreThemes(taxonomy: Taxonomy, paper: { title: string; abstract?: string }): ThemeMatch[] {
  let cache = scoreCache.get(taxonomy);
  if (!cache) scoreCache.set(taxonomy, (cache = new Map()));
  const key = `${paper.title}\u0000${paper.abstract ?? ''}`;
  let scored = cache.get(key);
  if (!scored) cache.set(key, (scored = computeScores(taxonomy, paper)));
  // Copies: callers own what they get back.
  return scored.map((match) => ({ ...match, terms: [...match.terms] }));
}

function computeScores(taxonomy: Taxonomy, paper: { title: string; abstract?: string }): ThemeMatch[] {
  const title = scan(normalizeText(paper.title));
  const abstract = scan(normalizeText(paper.abstract ?? ''));
  const settings: ScoreSettings = {
    titleWeight: taxonomy.settings.titleWeight,
    repeatWeight: taxonomy.settings.repeatWeight ?? 0,
    maxRepeats: taxonomy.settings.maxRepeats ?? 3,
  };
  const matches: ThemeMatch[] = [];
  taxonomy.themes.forEach((theme) => {
    const terms: string[] = [];
    let score = 0;
    for (const rule of theme.rules) score += ruleScore(rule, title, abstract, settings, terms);
    // Rounded so that float noise never decides an order.
    score = Math.round(score * 1000) / 1000;
    if (score > 0 && terms.length > 0) matches.push({ id: theme.id, score, terms });
  });
  const order = new Map(taxonomy.themes.map((t, i) => [t.id, i]));
  return matches.sort((a, b) => b.score - a.score || order.get(a.id)! - order.get(b.id)!);
}

/**
 * Among the eligible matches (best first), the primary: the best score, or,
 * within `tieMargin` of it, the theme listed first in the taxonomy.
 */
function pickPrimary(taxonomy: Taxonomy, eligible: ThemeMatch[]): ThemeMatch | undefined {
  const best = eligible[0];
  if (!best) return undefined;
  const margin = taxonomy.settings.tieMargin ?? 0;
  const order = new Map(taxonomy.themes.map((t, i) => [t.id, i]));
  let primary = best;
  for (const m of eligible) {
    if (best.score - m.score > margin) break;
    if (order.get(m.id)! < order.get(primary.id)!) primary = m;
  }
  return primary;
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
  const primary = pickPrimary(taxonomy, eligible);
  if (!primary) return { themes: [taxonomy.fallback], matches, pinned: false };
  // Secondary themes are measured against the best score, not the primary's,
  // so a tie-break never lets a weaker theme in.
  const best = eligible[0]!;
  const secondary = eligible
    .filter((m) => m.id !== primary.id && m.score >= best.score * secondaryRatio)
    .slice(0, maxThemes - 1)
    .map((m) => m.id);
  return { themes: [primary.id, ...secondary], matches, pinned: false };
}
