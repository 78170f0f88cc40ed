// The one way to cut text into words: every consumer (related papers, the theme clustering) stems alike.
import { describe, expect, it } from 'vitest';
import { relatedPapers } from '../../src/lib/site/related.ts';
import { splitWords, stem, tokenize, wordToken } from '../../src/lib/text/words.ts';

describe('tokenize', () => {
  it('drops stop words, numbers and LaTeX commands, stems, and marks gaps', () => {
    expect(tokenize('We propose \\textbf{caches} of 128 tokens')).toEqual(['', '', 'cach', '', '', 'token']);
  });

  it('gives "study", "studies" and "studied" one stem', () => {
    expect(new Set(['study', 'studies', 'studied', 'Studies'].map((w) => wordToken(w.toLowerCase())))).toEqual(
      new Set(['studi']),
    );
    expect(tokenize('Studies of caching; we studied caches')).toEqual(['studi', '', 'cach', '', 'studi', 'cach']);
  });

  it('keeps apart words a cruder stemmer would merge', () => {
    expect(stem('general')).not.toBe(stem('generation'));
    expect(stem('generation')).toBe(stem('generative'));
  });

  it('folds the plural of an acronym', () => {
    expect(stem('llms')).toBe('llm');
    expect(stem('llm')).toBe('llm');
    expect(stem('class')).toBe('class');
  });

  it('splits words as written, in any script', () => {
    expect(splitWords('Über KV-Cache: 注意力 \\alpha')).toEqual(['Über', 'KV', 'Cache', '注意力', '']);
  });
});

describe('related papers compare stems', () => {
  it('finds the paper that says "studied" related to the one that says "studies"', () => {
    const related = relatedPapers([
      { id: 'a', title: 'Zebra studies', abstract: 'Studies of zebras in the wild.' },
      { id: 'b', title: 'Zebra studied', abstract: 'We studied one zebra.' },
      { id: 'c', title: 'Quantum chemistry', abstract: 'Molecules and orbitals.' },
      { id: 'd', title: 'Orbitals of molecules', abstract: 'Quantum orbitals.' },
    ]);
    expect(related.get('a')?.[0]?.id).toBe('b');
  });
});

describe('splitWords', () => {
  /** The general rule: NFKC, LaTeX commands dropped, runs of Unicode letters and digits. */
  const general = (text: string): string[] =>
    text
      .normalize('NFKC')
      .replace(/\\[a-zA-Z]+/g, ' ')
      .split(/[^\p{L}\p{N}]+/u);

  it('splits ASCII text exactly as the general rule does', () => {
    const alphabet = 'abcXYZ019 \\-_{}$.,;:()[]\'"\n\t!?/+*=<>&%#@`~^|';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: next() % 60 }, () => alphabet[next() % alphabet.length]).join('');
      expect(splitWords(text)).toEqual(general(text));
    }
  });

  it('reads text beyond ASCII with NFKC and Unicode letters', () => {
    for (const text of [
      'ﬁne-tuning ＬＬＭｓ',
      'Schrödinger\\textbf{bridge}',
      'ｘ²＋ｙ²',
      'naïve 中文 tokens',
      '＼alpha beta',
    ])
      expect(splitWords(text)).toEqual(general(text));
    expect(splitWords('ﬁne-tuning ＬＬＭｓ')).toEqual(['fine', 'tuning', 'LLMs']);
  });
});
