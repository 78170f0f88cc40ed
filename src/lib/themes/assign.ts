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

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Lower-case, and make hyphens, slashes, underscores and runs of space one space. */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  // NFKC leaves ASCII as it is; most titles and abstracts are ASCII, and normalizing is the costly step.
  const folded = ASCII_ONLY.test(lower) ? lower : lower.normalize('NFKC');
  return ` ${folded
    .replace(/[-‐‑–—_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
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

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** True for a letter or digit (the pattern's [\p{L}\p{N}]); `code` is a code point. */
function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(String.fromCodePoint(code));
}

/** Letters and digits among the first 128 code points. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) => (isWordCode(code) ? 1 : 0));

function isWordCharAt(text: string, index: number): boolean {
  const code = text.codePointAt(index);
  return code !== undefined && isWordCode(code);
}

/** Length of the keys wildcard words are filed under; a wildcard word shorter than this is tried on every word. */
const PREFIX_KEY = 3;

/**
 * A term, prepared once. `core` is the literal text every match contains (the
 * term normalized, without its `*`). A core that begins with a letter or digit
 * can only match where a word of the text begins (the pattern's lookbehind),
 * and that word must be `first`, the core's first word (or, for a lone
 * wildcard word, begin with it). Other cores (`indexed` false) keep to termPattern.
 */
interface CompiledTerm {
  term: string;
  core: string;
  wildcard: boolean;
  first: string;
  indexed: boolean;
  /** The core is one word (every occurrence of that word, or of a word it begins, is a match). */
  single: boolean;
}

function compile(term: string): CompiledTerm {
  const wildcard = term.endsWith('*');
  const core = normalizeText(wildcard ? term.slice(0, -1) : term).trim();
  const first = /^[\p{L}\p{N}]+/u.exec(core)?.[0] ?? '';
  return { term, core, wildcard, first, indexed: first !== '', single: first !== '' && core === first };
}

interface ScoreSettings {
  titleWeight: number;
  repeatWeight: number;
  maxRepeats: number;
}

interface CompiledRule {
  rule: ThemeRule;
  terms: number[];
  requires?: number[];
}

/** A taxonomy's terms, each once, filed by the word of a text that can begin a match. */
interface Matcher {
  terms: CompiledTerm[];
  /** Word → terms that match only where that word is (all but lone wildcard words). */
  byWord: Map<string, number[]>;
  /** First PREFIX_KEY letters → lone wildcard words (`quantiz*`) that long or longer. */
  byPrefix: Map<string, number[]>;
  /** Lone wildcard words shorter than PREFIX_KEY. */
  shortPrefixes: number[];
  /** Terms whose core starts with neither a letter nor a digit. */
  others: number[];
  themes: Array<{ id: string; rules: CompiledRule[] }>;
  /** Term → the rules (theme index, rule index) that list it in `terms`: only these can score when it matches. */
  rulesOfTerm: Array<Array<[number, number]>>;
  settings: ScoreSettings;
  /** The most occurrences a rule asks for (the pattern loop stops there, as an empty match would never end it). */
  cap: number;
}

/** Occurrences of each term found in a text, by term id (terms not found are absent). */
type Counts = Map<number, number>;

const matchers = new WeakMap<Taxonomy, Matcher>();

function file(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

function matcherFor(taxonomy: Taxonomy): Matcher {
  let matcher = matchers.get(taxonomy);
  if (matcher) return matcher;
  const settings: ScoreSettings = {
    titleWeight: taxonomy.settings.titleWeight,
    repeatWeight: taxonomy.settings.repeatWeight ?? 0,
    maxRepeats: taxonomy.settings.maxRepeats ?? 3,
  };
  const ids = new Map<string, number>();
  matcher = {
    terms: [],
    byWord: new Map(),
    byPrefix: new Map(),
    shortPrefixes: [],
    others: [],
    themes: [],
    rulesOfTerm: [],
    settings,
    cap: 1 + (settings.repeatWeight > 0 ? settings.maxRepeats : 0),
  };
  const built = matcher;
  const idOf = (term: string): number => {
    let id = ids.get(term);
    if (id !== undefined) return id;
    id = built.terms.length;
    ids.set(term, id);
    const compiled = compile(term);
    built.terms.push(compiled);
    if (!compiled.indexed) built.others.push(id);
    else if (!(compiled.wildcard && compiled.single)) file(built.byWord, compiled.first, id);
    else if (compiled.first.length >= PREFIX_KEY) file(built.byPrefix, compiled.first.slice(0, PREFIX_KEY), id);
    else built.shortPrefixes.push(id);
    return id;
  };
  built.themes = taxonomy.themes.map((theme) => ({
    id: theme.id,
    rules: theme.rules.map((rule) => ({
      rule,
      terms: rule.terms.map(idOf),
      ...(rule.requires ? { requires: rule.requires.map(idOf) } : {}),
    })),
  }));
  built.themes.forEach((theme, t) =>
    theme.rules.forEach((rule, r) => {
      for (const id of new Set(rule.terms)) (built.rulesOfTerm[id] ??= []).push([t, r]);
    }),
  );
  matchers.set(taxonomy, built);
  return built;
}

/**
 * Counts the occurrences of every term of the taxonomy in one normalized
 * text, in one pass over its words (runs of letters and digits, the words a
 * term's boundaries are drawn around): linear in text size, whatever the
 * number of terms. Gives the same counts as running each term's pattern over
 * the text (leftmost matches that do not overlap).
 */
function countAll(matcher: Matcher, text: string): Counts {
  // Sparse: a taxonomy may hold hundreds of thousands of terms, a text meets a few dozen of them.
  const counts: Counts = new Map();
  const add = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
  // Where each term's last match ended: a match may not start inside the previous one.
  const ends = new Map<number, number>();
  const length = text.length;
  let i = 0;
  while (i < length) {
    let code = text.charCodeAt(i);
    if (code < 128 ? !ASCII_WORD[code] : !isWordCode((code = text.codePointAt(i)!))) {
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    i += code > 0xffff ? 2 : 1;
    while (i < length) {
      code = text.charCodeAt(i);
      if (code < 128) {
        if (!ASCII_WORD[code]) break;
        i++;
      } else {
        code = text.codePointAt(i)!;
        if (!isWordCode(code)) break;
        i += code > 0xffff ? 2 : 1;
      }
    }
    const word = text.slice(start, i);
    const exact = matcher.byWord.get(word);
    if (exact) {
      for (const id of exact) {
        const term = matcher.terms[id]!;
        if (term.single) {
          add(id);
          continue;
        }
        // More than one word: the core goes on after this word, which must therefore be the whole first word.
        if (start < (ends.get(id) ?? 0) || !text.startsWith(term.core, start)) continue;
        let stop = start + term.core.length;
        if (term.wildcard) {
          // The pattern's [\p{L}\p{N}]* takes the rest of the word; the next match starts after it.
          while (isWordCharAt(text, stop)) stop += text.codePointAt(stop)! > 0xffff ? 2 : 1;
        } else if (isWordCharAt(text, stop)) continue;
        add(id);
        ends.set(id, stop);
      }
    }
    if (word.length >= PREFIX_KEY) {
      const prefixed = matcher.byPrefix.get(word.slice(0, PREFIX_KEY));
      if (prefixed) for (const id of prefixed) if (word.startsWith(matcher.terms[id]!.first)) add(id);
    }
    for (const id of matcher.shortPrefixes) if (word.startsWith(matcher.terms[id]!.first)) add(id);
  }
  for (const id of matcher.others) {
    const pattern = termPattern(matcher.terms[id]!.term);
    pattern.lastIndex = 0;
    while ((counts.get(id) ?? 0) < matcher.cap && pattern.exec(text)) add(id);
    pattern.lastIndex = 0;
  }
  return counts;
}

/** A rule's score from the texts' term counts (Math.min: a term counts as often as the pattern would be asked to find it). */
function ruleScore(compiled: CompiledRule, matcher: Matcher, title: Counts, abstract: Counts, terms: string[]): number {
  const { rule } = compiled;
  let score = 0;
  const { titleWeight, repeatWeight, maxRepeats } = matcher.settings;
  if (compiled.requires && !compiled.requires.some((id) => title.has(id) || abstract.has(id))) return 0;
  for (const id of compiled.terms) {
    const inTitle = rule.in !== 'abstract' && title.has(id);
    const inAbstract =
      rule.in !== 'title' ? Math.min(abstract.get(id) ?? 0, 1 + (repeatWeight > 0 ? maxRepeats : 0)) : 0;
    if (!inTitle && inAbstract === 0) continue;
    score += rule.weight * (inTitle ? titleWeight : 1);
    if (inAbstract > 1) score += rule.weight * repeatWeight * (inAbstract - 1);
    const term = matcher.terms[id]!.term;
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
  const matcher = matcherFor(taxonomy);
  const title = countAll(matcher, normalizeText(paper.title));
  const abstract = countAll(matcher, normalizeText(paper.abstract ?? ''));
  // Only rules listing a term the paper contains can score: the work follows the matches, not the taxonomy.
  const touched = new Map<number, Set<number>>();
  for (const counts of [title, abstract])
    for (const id of counts.keys())
      for (const [t, r] of matcher.rulesOfTerm[id] ?? []) {
        let rules = touched.get(t);
        if (!rules) touched.set(t, (rules = new Set()));
        rules.add(r);
      }
  const matches: Array<ThemeMatch & { order: number }> = [];
  for (const t of [...touched.keys()].sort((a, b) => a - b)) {
    const theme = matcher.themes[t]!;
    const terms: string[] = [];
    let score = 0;
    for (const r of [...touched.get(t)!].sort((a, b) => a - b))
      score += ruleScore(theme.rules[r]!, matcher, title, abstract, terms);
    // Rounded so that float noise never decides an order.
    score = Math.round(score * 1000) / 1000;
    if (score > 0 && terms.length > 0) matches.push({ id: theme.id, score, terms, order: t });
  }
  return matches.sort((a, b) => b.score - a.score || a.order - b.order).map(({ order: _order, ...match }) => match);
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

const finerCache = new WeakMap<Taxonomy, Set<string>>();

/** Themes that are only ever secondary (`primary: false`). */
function finerThemes(taxonomy: Taxonomy): Set<string> {
  let finer = finerCache.get(taxonomy);
  if (!finer) {
    finer = new Set(taxonomy.themes.filter((t) => t.primary === false).map((t) => t.id));
    finerCache.set(taxonomy, finer);
  }
  return finer;
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
    const rest = eligible
      .filter((m) => m.id !== pin)
      .slice(0, maxThemes - 1)
      .map((m) => m.id);
    return { themes: [pin, ...rest], matches, pinned: true };
  }
  const finer = finerThemes(taxonomy);
  const primary = pickPrimary(
    taxonomy,
    eligible.filter((m) => !finer.has(m.id)),
  );
  if (!primary) {
    // A finer theme never files a paper, but still tells what it is about.
    const secondary = eligible
      .filter((m) => finer.has(m.id))
      .slice(0, maxThemes - 1)
      .map((m) => m.id);
    return { themes: [taxonomy.fallback, ...secondary], matches, pinned: false };
  }
  // Secondary themes are measured against the best score, not the primary's,
  // so a tie-break never lets a weaker theme in.
  const best = eligible[0]!;
  const secondary = eligible
    .filter((m) => m.id !== primary.id && m.score >= best.score * secondaryRatio)
    .slice(0, maxThemes - 1)
    .map((m) => m.id);
  return { themes: [primary.id, ...secondary], matches, pinned: false };
}
