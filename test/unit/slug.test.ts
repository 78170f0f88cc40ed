import { describe, expect, it } from 'vitest';
import { legacySlugify, slugify } from '../../src/lib/text/slug.ts';

describe('slugify', () => {
  it.each([
    ['SeaView: Software Engineering Agent Visual Interface', 'seaview-software-engineering-agent-visual-interface'],
    ['$ρ$-$\\texttt{EOS}$: Training-free', 'rho-eos-training-free'],
    ['$\\alpha$-Attention and $\\varepsilon$-greedy', 'alpha-attention-and-epsilon-greedy'],
    ['μP: Λ-Tuning at 5µs', 'mup-lambda-tuning-at-5mus'],
    ['Μεγάλα γλωσσικά μοντέλα', 'megala-glossika-montela'],
    ['Эффективность внимания', 'effektivnost-vnimaniya'],
    ['注意力机制', 'zhuyilijizhi'],
    ['Straße: Schrödinger, naïve Ångström', 'strasse-schrodinger-naive-angstrom'],
    ['Café au lait', 'cafe-au-lait'],
    ['Speedups of $2.4\\times$ with \\textbf{KV} caches', 'speedups-of-2-4-with-kv-caches'],
    ['  --Already-slug--  ', 'already-slug'],
  ])('%s -> %s', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('gives the slugs made before other scripts were kept, so old ids are still known', () => {
    expect(legacySlugify('$ρ$-$\\texttt{EOS}$: Training-free')).toBe('eos-training-free');
    expect(legacySlugify('Эффективность внимания')).toBe('');
    expect(legacySlugify('Café au lait')).toBe(slugify('Café au lait'));
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug).toMatch(/^(word-)*word$/);
  });
});
