// The "why" of a paper's themes: matched terms, pins, the fallback and hand moves, each in words.
import { describe, expect, it } from 'vitest';
import { TaxonomySchema } from '../../src/schemas/themes.ts';
import { assignThemes } from '../../src/lib/themes/assign.ts';
import { explainThemes, matchScore, matchScores } from '../../src/lib/themes/why.ts';

const taxonomy = TaxonomySchema.parse({
  fallback: 'other',
  settings: { minScore: 2 },
  themes: [
    { id: 'kv-cache', title: 'KV cache', rules: [{ terms: ['kv cache', 'eviction'], weight: 1 }] },
    { id: 'serving', title: 'Serving', rules: [{ terms: ['serving', 'throughput'], weight: 1 }] },
    { id: 'other', title: 'Other' },
  ],
});

const kvPaper = { title: 'KV cache eviction', abstract: 'higher serving throughput' };

describe('explainThemes', () => {
  it('lists the matched terms of each assigned theme', () => {
    const { themes, matches } = assignThemes(taxonomy, kvPaper);
    const reasons = explainThemes(taxonomy, { ...kvPaper, themes }, matches);
    expect(reasons).toEqual([
      {
        id: 'kv-cache',
        title: 'KV cache',
        primary: true,
        kind: 'matched',
        terms: ['kv cache', 'eviction'],
        score: 4,
        text: 'matched: kv cache, eviction',
      },
      {
        id: 'serving',
        title: 'Serving',
        primary: false,
        kind: 'matched',
        terms: ['serving', 'throughput'],
        score: 2,
        text: 'matched: serving, throughput',
      },
    ]);
  });

  it('says "pinned" for a pinned primary theme, with the terms it also matched', () => {
    const [reason] = explainThemes(taxonomy, { ...kvPaper, themes: ['serving', 'kv-cache'], pin: 'serving' });
    expect(reason).toMatchObject({
      id: 'serving',
      kind: 'pinned',
      text: 'pinned in the frontmatter (also matched: serving, throughput)',
    });
    const [bare] = explainThemes(taxonomy, { title: 'Untitled', themes: ['serving'], pin: 'serving' });
    expect(bare!.text).toBe('pinned in the frontmatter');
  });

  it('explains the fallback with the closest theme, or the absence of any match', () => {
    const weak = { title: 'A study', abstract: 'throughput' };
    expect(explainThemes(taxonomy, { ...weak, themes: assignThemes(taxonomy, weak).themes })[0]).toMatchObject({
      kind: 'fallback',
      text: 'no theme matched strongly enough (closest: Serving, matched: throughput)',
    });
    expect(explainThemes(taxonomy, { title: 'Poetry', themes: ['other'] })[0]!.text).toBe(
      'no theme matched any term of its title or abstract',
    );
  });

  it('says "filed here by hand" for a theme the rules do not give', () => {
    const [reason] = explainThemes(taxonomy, { title: 'Poetry', themes: ['kv-cache'] });
    expect(reason).toMatchObject({ kind: 'by-hand', text: 'filed here by hand (no rule matches)' });
  });
});

describe('matchScore', () => {
  it('is the rule score of one theme, 0 when none of its terms occur', () => {
    expect(matchScore(taxonomy, kvPaper, 'kv-cache')).toBe(4);
    expect(matchScore(taxonomy, kvPaper, 'other')).toBe(0);
    expect(
      matchScores(
        taxonomy,
        [
          { id: 'a', ...kvPaper },
          { id: 'b', title: 'Poetry' },
        ],
        'kv-cache',
      ),
    ).toEqual(
      new Map([
        ['a', 4],
        ['b', 0],
      ]),
    );
  });
});
