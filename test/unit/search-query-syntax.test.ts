// Reading what a reader types: words, "quoted phrases" and -exclusions (words or phrases).
import { describe, expect, it } from 'vitest';
import { MAX_EXCLUSIONS, parseQuery } from '../../src/lib/search/query-syntax.ts';

describe('parseQuery', () => {
  it('keeps words and phrases to find, and reads exclusions apart', () => {
    expect(parseQuery('kv cache -survey')).toEqual({ include: 'kv cache', exclude: ['survey'] });
    expect(parseQuery('"ring attention" -"linear attention" long')).toEqual({
      include: '"ring attention" long',
      exclude: ['"linear attention"'],
    });
  });

  it('leaves hyphens inside words alone and ignores a lone minus or empty quotes', () => {
    expect(parseQuery('state-of-the-art - "" top-1')).toEqual({ include: 'state-of-the-art top-1', exclude: [] });
  });

  it('reads a phrase still being typed (no closing quote)', () => {
    expect(parseQuery('"ring atten')).toEqual({ include: '"ring atten"', exclude: [] });
  });

  it('allows an exclusion alone, each exclusion once, and a bounded number of them', () => {
    expect(parseQuery('-survey -survey')).toEqual({ include: '', exclude: ['survey'] });
    const many = parseQuery(Array.from({ length: 8 }, (_, i) => `-w${i}`).join(' '));
    expect(many.exclude).toHaveLength(MAX_EXCLUSIONS);
  });
});
