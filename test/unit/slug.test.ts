import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/lib/slug.ts';

describe('slugify', () => {
  it.each([
    ['SeaView: Software Engineering Agent Visual Interface', 'seaview-software-engineering-agent-visual-interface'],
    ['$ρ$-$\\texttt{EOS}$: Training-free', 'eos-training-free'],
    ['Café au lait', 'cafe-au-lait'],
    ['Speedups of $2.4\\times$ with \\textbf{KV} caches', 'speedups-of-2-4-with-kv-caches'],
    ['  --Already-slug--  ', 'already-slug'],
  ])('%s -> %s', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug).toMatch(/^(word-)*word$/);
  });
});
