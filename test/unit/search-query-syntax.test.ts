// Reading what a reader types: words, "quoted phrases" and -exclusions (words or phrases).
import { describe, expect, it } from 'vitest';
import { MAX_EXCLUSIONS, parseQuery } from '../../src/lib/search/query-syntax.ts';

describe('parseQuery', () => {
  it('keeps words and phrases to find, and reads exclusions apart', () => {
    expect(parseQuery('kv cache -survey')).toEqual({ words: ['kv', 'cache'], phrases: [], exclude: ['survey'] });
    expect(parseQuery('"ring attention" -"linear attention" long')).toEqual({
      words: ['long'],
      phrases: ['ring attention'],
      exclude: ['"linear attention"'],
    });
    // A one-word phrase is a word.
    expect(parseQuery('"cache" -"survey"')).toEqual({ words: ['cache'], phrases: [], exclude: ['survey'] });
  });

  it('leaves hyphens inside words alone and ignores a lone minus or empty quotes', () => {
    expect(parseQuery('state-of-the-art - "" top-1')).toEqual({
      words: ['state-of-the-art', 'top-1'],
      phrases: [],
      exclude: [],
    });
  });

  it('reads a phrase still being typed (no closing quote)', () => {
    expect(parseQuery('"ring atten')).toEqual({ words: [], phrases: ['ring atten'], exclude: [] });
  });

  it('allows an exclusion alone, each exclusion once, and a bounded number of them', () => {
    expect(parseQuery('-survey -survey')).toEqual({ words: [], phrases: [], exclude: ['survey'] });
    const many = parseQuery(Array.from({ length: 8 }, (_, i) => `-w${i}`).join(' '));
    expect(many.exclude).toHaveLength(MAX_EXCLUSIONS);
  });
});
