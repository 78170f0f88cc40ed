// A taxonomy cannot hold a term that matches every paper, and a large one costs what the papers' words
// reach: scoring a paper does not walk every rule of the taxonomy.
import { describe, expect, it } from 'vitest';
import { isProblemError } from '../../src/lib/project/errors.ts';
import { parseTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { assignThemes, scoreThemes } from '../../src/lib/themes/assign.ts';

const taxonomy = (terms: string, requires?: string) =>
  [
    'fallback: other',
    'themes:',
    '  - id: all',
    '    title: All',
    '    rules:',
    `      - terms: ${terms}`,
    ...(requires ? [`        requires: ${requires}`] : []),
    '  - id: other',
    '    title: Other',
  ].join('\n');

function problemOf(text: string) {
  try {
    parseTaxonomy(text, 'content/themes.yaml');
  } catch (error) {
    if (isProblemError(error)) return error.problem;
    throw error;
  }
  return undefined;
}

describe('terms that would match every paper', () => {
  it.each([
    ['a lone wildcard', '["*"]', undefined],
    ['a space', '[" "]', undefined],
    ['punctuation only', '[kv cache, "--"]', undefined],
    ['a lone wildcard in requires', '[kv cache]', '["*"]'],
  ])('%s is refused with its file and line', (_name, terms, requires) => {
    const problem = problemOf(taxonomy(terms, requires));
    expect(problem?.file).toBe('content/themes.yaml');
    expect(problem?.line).toBe(requires ? 7 : 6);
    expect(problem?.message).toContain('at least one letter or digit');
  });

  it('a term with a letter or digit is fine', () => {
    expect(problemOf(taxonomy('["kv cache", "quantiz*", "c++", "2:4 sparsity"]'))).toBeUndefined();
  });
});

describe('a large taxonomy', () => {
  /** `themes` themes of 10 rules of 10 terms that no paper contains (each term's first word is unique). */
  function large(themes: number): string {
    const lines = [
      'fallback: other',
      'themes:',
      '  - id: kv',
      '    title: KV',
      '    rules:',
      '      - terms: [kv cache]',
    ];
    for (let t = 0; t < themes; t++) {
      lines.push(`  - id: t${t}`, `    title: T${t}`, '    rules:');
      for (let r = 0; r < 10; r++)
        lines.push(`      - terms: [${Array.from({ length: 10 }, (_, i) => `zq${t}x${r}x${i} word`).join(', ')}]`);
    }
    lines.push('  - id: other', '    title: Other');
    return lines.join('\n');
  }
  const papers = Array.from({ length: 300 }, (_, i) => ({
    title: `Paper ${i} on the kv cache of long context models`,
    abstract: `We study eviction number ${i} for the kv cache, with attention, memory and throughput measured.`,
  }));

  /** Milliseconds to score every paper once the taxonomy is compiled (best of three). */
  function scoringTime(text: string): number {
    const parsed = parseTaxonomy(text, 'themes.yaml');
    assignThemes(parsed, { title: 'warm up' });
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      // A new abstract each round: scores are cached by text.
      for (const paper of papers) scoreThemes(parsed, { ...paper, abstract: `${paper.abstract} ${round}` });
      best = Math.min(best, performance.now() - start);
    }
    return best;
  }

  it('scores papers in a time that does not grow with rules no paper touches', () => {
    const small = scoringTime(large(10));
    const big = scoringTime(large(400)); // 40 times the rules: 40,000 terms
    // Walking every rule made this about 40 times slower (about 2 s here); the word index keeps it flat.
    console.info(`scoring 300 papers: ${small.toFixed(1)} ms with 100 rules, ${big.toFixed(1)} ms with 4,000`);
    expect(big).toBeLessThan(Math.max(small * 5, 250));
  }, 60_000);

  it('gives the same themes as before whatever the size of the rest of the taxonomy', () => {
    const parsed = parseTaxonomy(large(50), 'themes.yaml');
    expect(assignThemes(parsed, papers[0]!).themes).toEqual(['kv']);
  });
});
