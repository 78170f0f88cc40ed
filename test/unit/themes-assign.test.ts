// The theme rules engine: matching, scoring, near-ties, secondary themes, pins and the fallback.
import { describe, expect, it } from 'vitest';
import { TaxonomySchema, type Taxonomy } from '../../src/schemas/themes.ts';
import { assignThemes, scoreThemes } from '../../src/lib/themes/assign.ts';

function taxonomy(input: unknown): Taxonomy {
  return TaxonomySchema.parse(input);
}

const base = taxonomy({
  fallback: 'other',
  settings: { minScore: 2 },
  themes: [
    { id: 'kv-cache', title: 'KV cache', rules: [{ terms: ['kv cache', 'evict*'], weight: 2 }] },
    { id: 'quantization', title: 'Quantization', rules: [{ terms: ['quantiz*', 'low bit'], weight: 2 }] },
    { id: 'serving', title: 'Serving', rules: [{ terms: ['serving', 'throughput'], weight: 1 }] },
    { id: 'other', title: 'Other' },
  ],
});

describe('term matching', () => {
  it.each([
    ['KV-cache', 'kv cache', true],
    ['KV/cache', 'kv cache', true],
    ['kv_cache', 'kv cache', true],
    ['quantization', 'quantiz*', true],
    ['Quantized', 'quantiz*', true],
    ['kv caches', 'kv cache', false],
    ['mykv cache', 'kv cache', false],
  ])('"%s" against "%s" matches: %s', (text, term, expected) => {
    const t = taxonomy({
      fallback: 'x',
      settings: { minScore: 0 },
      themes: [
        { id: 'a', title: 'A', rules: [{ terms: [term] }] },
        { id: 'x', title: 'X' },
      ],
    });
    expect(scoreThemes(t, { title: text }).length > 0).toBe(expected);
  });
});

describe('scoring', () => {
  it('counts a term in the title titleWeight times', () => {
    const [inTitle] = scoreThemes(base, { title: 'A KV cache method', abstract: '' });
    const [inAbstract] = scoreThemes(base, { title: 'A method', abstract: 'about the kv cache' });
    expect(inTitle!.score).toBe(4);
    expect(inAbstract!.score).toBe(2);
  });

  it('adds repeatWeight for further occurrences in the abstract, up to maxRepeats', () => {
    const t = taxonomy({ ...base, settings: { minScore: 2, repeatWeight: 0.5, maxRepeats: 2 } });
    const once = scoreThemes(t, { title: 'x', abstract: 'kv cache' })[0]!.score;
    const thrice = scoreThemes(t, { title: 'x', abstract: 'kv cache, kv cache, kv cache' })[0]!.score;
    const many = scoreThemes(t, { title: 'x', abstract: 'kv cache '.repeat(10) })[0]!.score;
    expect(once).toBe(2);
    expect(thrice).toBe(2 + 2 * 0.5 * 2);
    expect(many).toBe(thrice);
  });

  it('applies `in: title` rules to the title only', () => {
    const t = taxonomy({
      fallback: 'x',
      settings: { minScore: 0 },
      themes: [
        { id: 'a', title: 'A', rules: [{ terms: ['benchmark'], in: 'title', weight: 3 }] },
        { id: 'x', title: 'X' },
      ],
    });
    expect(scoreThemes(t, { title: 'x', abstract: 'a benchmark' })).toEqual([]);
    expect(scoreThemes(t, { title: 'A Benchmark', abstract: '' })[0]!.score).toBe(6);
  });

  it('counts a rule with `requires` only when one required term occurs', () => {
    const t = taxonomy({
      fallback: 'x',
      settings: { minScore: 0 },
      themes: [
        {
          id: 'lc-eval',
          title: 'Long-context evaluation',
          rules: [{ terms: ['benchmark'], requires: ['long context'], weight: 2 }],
        },
        { id: 'x', title: 'X' },
      ],
    });
    expect(scoreThemes(t, { title: 'A benchmark for code', abstract: 'coding tasks' })).toEqual([]);
    expect(scoreThemes(t, { title: 'A benchmark', abstract: 'for long-context models' })[0]).toMatchObject({
      id: 'lc-eval',
      terms: ['benchmark'],
    });
  });

  it('subtracts negative weights and never lists their terms as reasons', () => {
    const t = taxonomy({
      fallback: 'x',
      settings: { minScore: 0 },
      themes: [
        {
          id: 'tok',
          title: 'Tokenization',
          rules: [
            { terms: ['tokenizer'], weight: 3 },
            { terms: ['visual tokenizer'], weight: -3 },
          ],
        },
        { id: 'x', title: 'X' },
      ],
    });
    expect(scoreThemes(t, { title: 'A tokenizer', abstract: '' })[0]!.score).toBe(6);
    expect(scoreThemes(t, { title: 'A visual tokenizer', abstract: '' })).toEqual([]);
  });

  it('lists matched terms in rule order, each once', () => {
    const [match] = scoreThemes(base, { title: 'KV cache eviction', abstract: 'we evict from the KV cache' });
    expect(match).toMatchObject({ id: 'kv-cache', terms: ['kv cache', 'evict*'] });
  });
});

describe('primary and secondary themes', () => {
  it('makes the best-scoring theme primary and keeps its matched terms', () => {
    const a = assignThemes(base, { title: 'Low-bit quantization of the KV cache', abstract: 'we quantize' });
    expect(a.themes[0]).toBe('quantization');
    expect(a.matches[0]).toMatchObject({ id: 'quantization', terms: ['quantiz*', 'low bit'] });
    expect(a.pinned).toBe(false);
  });

  it('breaks an exact tie by the order of themes.yaml', () => {
    const a = assignThemes(base, { title: 'x', abstract: 'kv cache and quantization' });
    expect(a.themes).toEqual(['kv-cache', 'quantization']);
  });

  it('treats scores within tieMargin as a tie won by the theme listed first', () => {
    const paper = { title: 'x', abstract: 'kv cache; quantization, low bit' };
    expect(assignThemes(base, paper).themes[0]).toBe('quantization');
    const lenient = taxonomy({ ...base, settings: { minScore: 2, tieMargin: 2 } });
    expect(assignThemes(lenient, paper).themes[0]).toBe('kv-cache');
  });

  it('keeps secondary themes that reach secondaryRatio of the best score, up to maxThemes', () => {
    const paper = { title: 'KV cache quantization', abstract: 'serving throughput' };
    expect(assignThemes(base, paper).themes).toEqual(['kv-cache', 'quantization', 'serving']);
    const strict = taxonomy({ ...base, settings: { minScore: 2, secondaryRatio: 0.9 } });
    expect(assignThemes(strict, paper).themes).toEqual(['kv-cache', 'quantization']);
    const single = taxonomy({ ...base, settings: { minScore: 2, maxThemes: 1 } });
    expect(assignThemes(single, paper).themes).toEqual(['kv-cache']);
  });

  it('sends a paper below minScore to the fallback, still reporting what matched', () => {
    const a = assignThemes(base, { title: 'A study', abstract: 'higher throughput' });
    expect(a.themes).toEqual(['other']);
    expect(a.matches).toEqual([{ id: 'serving', score: 1, terms: ['throughput'] }]);
  });
});

describe('pins', () => {
  it('makes the pinned theme primary even when it does not match', () => {
    const a = assignThemes(base, { title: 'KV cache eviction', abstract: '' }, 'serving');
    expect(a.pinned).toBe(true);
    expect(a.themes[0]).toBe('serving');
    expect(a.themes).toContain('kv-cache');
  });

  it('does not repeat the pinned theme among the secondary ones', () => {
    const a = assignThemes(base, { title: 'KV cache quantization', abstract: '' }, 'quantization');
    expect(a.themes).toEqual(['quantization', 'kv-cache']);
  });

  it('ignores a pin that is not a theme and falls back to the rules', () => {
    const a = assignThemes(base, { title: 'KV cache', abstract: '' }, 'no-such-theme');
    expect(a.pinned).toBe(false);
    expect(a.themes[0]).toBe('kv-cache');
  });
});

describe('taxonomy schema', () => {
  it('rejects a fallback that is not a theme, naming the fix', () => {
    const result = TaxonomySchema.safeParse({ fallback: 'misc', themes: [{ id: 'a', title: 'A' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('fallback "misc" is not a theme id');
  });

  it('rejects duplicate theme ids', () => {
    const result = TaxonomySchema.safeParse({
      fallback: 'a',
      themes: [
        { id: 'a', title: 'A' },
        { id: 'a', title: 'B' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('duplicate theme id "a"');
  });

  it('defaults the new settings to the plain behaviour', () => {
    const t = taxonomy({ fallback: 'a', themes: [{ id: 'a', title: 'A' }] });
    expect(t.settings).toMatchObject({
      titleWeight: 2,
      minScore: 2,
      secondaryRatio: 0.5,
      maxThemes: 3,
      repeatWeight: 0,
      maxRepeats: 3,
      tieMargin: 0,
    });
  });
});

describe('finer themes (primary: false)', () => {
  const withFiner = taxonomy({
    fallback: 'other',
    settings: { minScore: 2 },
    themes: [
      { id: 'attention', title: 'Efficient attention', rules: [{ terms: ['attention', 'mamba'], weight: 2 }] },
      {
        id: 'ssm',
        title: 'State-space models',
        primary: false,
        rules: [{ terms: ['mamba', 'state space'], weight: 3 }],
      },
      { id: 'other', title: 'Other' },
    ],
  });

  it('files a paper under the broader theme and shows the finer one as secondary, even when it scores more', () => {
    const assignment = assignThemes(withFiner, { title: 'Mamba', abstract: 'A state space model.' });
    expect(assignment.themes).toEqual(['attention', 'ssm']);
  });

  it('leaves a paper only a finer theme matches in the fallback, with the finer theme shown', () => {
    expect(assignThemes(withFiner, { title: 'State space duality' }).themes).toEqual(['other', 'ssm']);
  });

  it('refuses a fallback that could never file a paper', () => {
    const result = TaxonomySchema.safeParse({
      fallback: 'other',
      themes: [{ id: 'other', title: 'Other', primary: false }],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('remove "primary: false"');
  });
});
