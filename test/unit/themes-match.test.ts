// Theme scoring counts terms from one pass over a text's words; these cases pin that it gives exactly what
// each term's pattern (termPattern, the definition of a match) gives when run over the text, term by term.
import { describe, expect, it } from 'vitest';
import { normalizeText, scoreThemes, termPattern, type ThemeMatch } from '../../src/lib/themes/assign.ts';
import { TaxonomySchema, type Taxonomy } from '../../src/schemas/themes.ts';

/** The scores as the rules define them: every term's pattern run over the normalized text. */
function referenceScores(taxonomy: Taxonomy, paper: { title: string; abstract?: string }): ThemeMatch[] {
  const title = normalizeText(paper.title);
  const abstract = normalizeText(paper.abstract ?? '');
  const count = (term: string, text: string, limit: number) => {
    const pattern = termPattern(term);
    pattern.lastIndex = 0;
    let n = 0;
    while (n < limit && pattern.exec(text)) n++;
    pattern.lastIndex = 0;
    return n;
  };
  const { titleWeight } = taxonomy.settings;
  const repeatWeight = taxonomy.settings.repeatWeight ?? 0;
  const maxRepeats = taxonomy.settings.maxRepeats ?? 3;
  const matches: ThemeMatch[] = [];
  for (const theme of taxonomy.themes) {
    const terms: string[] = [];
    let score = 0;
    for (const rule of theme.rules) {
      if (rule.requires && !rule.requires.some((term) => count(term, title, 1) + count(term, abstract, 1) > 0))
        continue;
      for (const term of rule.terms) {
        const inTitle = rule.in !== 'abstract' && count(term, title, 1) > 0;
        const inAbstract = rule.in !== 'title' ? count(term, abstract, 1 + (repeatWeight > 0 ? maxRepeats : 0)) : 0;
        if (!inTitle && inAbstract === 0) continue;
        score += rule.weight * (inTitle ? titleWeight : 1);
        if (inAbstract > 1) score += rule.weight * repeatWeight * (inAbstract - 1);
        if (rule.weight > 0 && !terms.includes(term)) terms.push(term);
      }
    }
    score = Math.round(score * 1000) / 1000;
    if (score > 0 && terms.length > 0) matches.push({ id: theme.id, score, terms });
  }
  const order = new Map(taxonomy.themes.map((t, i) => [t.id, i]));
  return matches.sort((a, b) => b.score - a.score || order.get(a.id)! - order.get(b.id)!);
}

const taxonomy = TaxonomySchema.parse({
  fallback: 'other',
  settings: { minScore: 0, titleWeight: 2, repeatWeight: 0.5, maxRepeats: 2 },
  themes: [
    {
      id: 'cache',
      title: 'Cache',
      rules: [
        { terms: ['kv cache', 'kv*', 'evict*', 'cache'], weight: 2 },
        { terms: ['cache'], in: 'title', weight: 3 },
      ],
    },
    {
      id: 'moe',
      title: 'MoE',
      rules: [{ terms: ['mixture of expert*', 'moe', 'expert routing', 'routing routing'], weight: 2 }],
    },
    {
      id: 'long',
      title: 'Long',
      rules: [{ terms: ['benchmark', 'decod*'], requires: ['long context', 'specul*'], weight: 1.5 }],
    },
    {
      id: 'langs',
      title: 'Languages',
      rules: [
        { terms: ['c++', 'c#', '.net', 'gpt 4o', 'a*'], weight: 1 },
        { terms: ['quantiz*'], weight: -1 },
      ],
    },
    { id: 'abstract-only', title: 'Abstract only', rules: [{ terms: ['model*', 'e'], in: 'abstract', weight: 1 }] },
    { id: 'other', title: 'Other' },
  ],
});

const cases: Array<[string, string, string]> = [
  [
    'hyphens, slashes, underscores and dashes are spaces',
    'KV-Cache eviction',
    'kv/cache, kv_cache — kv–cache; kv cache',
  ],
  ['no match inside a longer word', 'mykv caches', 'kvcache kv caches xkv cache'],
  [
    'wildcards match any ending, at word starts only',
    'Quantized evictions',
    'quantiz quantization dequantize evict evicted evictor',
  ],
  [
    'repeats count up to maxRepeats, in the abstract only',
    'A cache',
    'kv cache, kv cache, kv cache, kv cache, kv cache',
  ],
  [
    'a wildcard phrase takes the rest of its last word',
    'Mixture-of-Experts',
    'mixture of experts and mixture of expertise; mixture of expert',
  ],
  ['overlapping phrases count once per leftmost match', 'x', 'expert routing routing expert, routing routing routing'],
  ['punctuation between words is not a space', 'x', 'kv, cache. kv. cache kv (cache)'],
  ['terms with symbols', 'C++ and C# on .NET', 'c++ c+ c# .net x.net gpt-4o gpt 4o gpt4o'],
  ['`in: title` and `in: abstract`', 'Cache models', 'cache cache modeling e e e'],
  ['`requires`: counts only next to one of its terms', 'A benchmark', 'decoding decoder'],
  ['`requires` satisfied by the abstract', 'A benchmark', 'for long-context decoding with speculation'],
  ['a lone one-letter wildcard', 'A Bb', 'an apple a a'],
  ['case and width folding (NFKC)', 'ＫＶ Cache', 'Ｍｏｄｅｌ ｋｖ－ｃａｃｈｅ'],
  ['letters beyond ASCII are word characters', 'évict kv cacheé', 'kv cache° kv cacheß 𝐤𝐯 cache naïve-kv cache'],
  ['empty texts', '', ''],
];

describe('theme scoring matches the term patterns', () => {
  it.each(cases)('%s', (_name, title, abstract) => {
    const expected = referenceScores(taxonomy, { title, abstract });
    expect(scoreThemes(taxonomy, { title, abstract })).toEqual(expected);
  });

  it('gives every case some score, so the comparison is not between empty lists', () => {
    const scored = cases.filter(([, title, abstract]) => scoreThemes(taxonomy, { title, abstract }).length > 0);
    expect(scored.length).toBe(cases.length - 1);
  });
});
