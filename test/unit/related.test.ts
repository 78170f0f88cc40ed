// Related papers by content: sparse TF-IDF with an inverted index, checked against exact cosine.
import { describe, expect, it } from 'vitest';
import { relatedPapers, vectorize, type RelatedInput } from '../../src/lib/site/related.ts';

const docs: RelatedInput[] = [
  {
    id: 'kv-a',
    title: 'KV cache eviction for long context',
    abstract: 'We evict tokens from the KV cache to save memory during decoding.',
  },
  {
    id: 'kv-b',
    title: 'Quantizing the KV cache',
    abstract: 'Low-bit quantization of the KV cache saves memory during long context decoding.',
  },
  {
    id: 'kv-c',
    title: 'Sharing KV cache across requests',
    abstract: 'Prefix sharing of the KV cache saves memory for many requests.',
  },
  {
    id: 'spec-a',
    title: 'Speculative decoding with a draft model',
    abstract: 'A small draft model proposes tokens that the target model verifies.',
  },
  {
    id: 'spec-b',
    title: 'Tree speculative decoding',
    abstract: 'Draft trees of tokens verified in parallel by the target model.',
  },
  {
    id: 'spec-c',
    title: 'Scaling laws of speculative decoding',
    abstract: 'How the acceptance rate of draft tokens grows with the draft model.',
  },
  {
    id: 'vision',
    title: 'Visual instruction tuning',
    abstract: 'Images and text pairs for multimodal instruction tuning.',
  },
];

/** Exact top-k by brute-force cosine, same tie-break, for comparison. */
function bruteForce(input: RelatedInput[], k: number): Map<string, string[]> {
  const sorted = [...input].sort((a, b) => (a.id < b.id ? -1 : 1));
  const vectors = vectorize(sorted);
  const dense = vectors.map((v) => new Map(Array.from(v.terms, (t, i) => [t, v.weights[i]!])));
  const result = new Map<string, string[]>();
  sorted.forEach((doc, i) => {
    const scores = sorted
      .map((other, j) => {
        let sum = 0;
        for (const [t, w] of dense[i]!) sum += w * (dense[j]!.get(t) ?? 0);
        return { id: other.id, score: Math.round(sum * 1e6) / 1e6, self: i === j };
      })
      .filter((s) => !s.self && s.score >= 0.05)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    result.set(
      doc.id,
      scores.slice(0, k).map((s) => s.id),
    );
  });
  return result;
}

describe('relatedPapers', () => {
  const related = relatedPapers(docs);

  it('finds papers on the same topic first', () => {
    expect(
      related
        .get('kv-a')!
        .map((r) => r.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(['kv-b', 'kv-c']);
    expect(
      related
        .get('spec-a')!
        .map((r) => r.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(['spec-b', 'spec-c']);
  });

  it('never lists a paper as related to itself, and keeps at most k', () => {
    for (const [id, list] of relatedPapers(docs, { k: 2 })) {
      expect(list.length).toBeLessThanOrEqual(2);
      expect(list.map((r) => r.id)).not.toContain(id);
    }
  });

  it('orders by score, best first, with scores in [0, 1]', () => {
    for (const list of related.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
      for (const r of list) {
        expect(r.score).toBeGreaterThan(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives a paper sharing no term with any other an empty list', () => {
    expect(related.get('vision')).toEqual([]);
  });

  it('does not depend on the order of the input', () => {
    const reversed = relatedPapers([...docs].reverse());
    expect([...reversed.entries()].sort()).toEqual([...related.entries()].sort());
  });

  it('breaks equal scores by id', () => {
    const twins: RelatedInput[] = [
      { id: 'b', title: 'kv cache eviction', abstract: '' },
      { id: 'a', title: 'kv cache eviction', abstract: '' },
      { id: 'c', title: 'kv cache eviction', abstract: '' },
      // Terms in more than half of the papers are dropped: give the twins company.
      ...['x', 'y', 'z'].map((id) => ({ id, title: `unrelated ${id}word`, abstract: '' })),
    ];
    expect(
      relatedPapers(twins)
        .get('c')!
        .map((r) => r.id),
    ).toEqual(['a', 'b']);
  });

  it("uses the reader's notes", () => {
    const withNotes: RelatedInput[] = [
      ...docs,
      {
        id: 'notes-only',
        title: 'An untitled study',
        abstract: '',
        notes: 'This is about speculative decoding with a draft model and target model.',
      },
    ];
    expect(relatedPapers(withNotes).get('notes-only')![0]!.id).toMatch(/^spec-/);
  });

  it('matches exact cosine when nothing is pruned', () => {
    const generous = relatedPapers(docs, { topTerms: 1000, maxPostings: 1000, candidates: 1000 });
    const exact = bruteForce(docs, 5);
    for (const [id, list] of generous) expect(list.map((r) => r.id)).toEqual(exact.get(id));
  });

  it('keeps the pruned search close to exact cosine on a larger corpus', () => {
    // 300 synthetic papers over 30 topics; the pruning options are tightened to make them bite.
    const topics = Array.from({ length: 30 }, (_, t) => Array.from({ length: 8 }, (_, w) => `topic${t}word${w}`));
    const shared = Array.from({ length: 200 }, (_, w) => `common${w}`);
    const corpus: RelatedInput[] = Array.from({ length: 300 }, (_, i) => {
      const topic = topics[i % 30]!;
      const words = Array.from({ length: 40 }, (_, j) =>
        j % 3 === 0 ? topic[(i * 7 + j) % 8] : shared[(i * 13 + j * 17) % 200],
      );
      return { id: `p${String(i).padStart(3, '0')}`, title: topic.slice(0, 2).join(' '), abstract: words.join(' ') };
    });
    const pruned = relatedPapers(corpus, { topTerms: 10, maxPostings: 30, candidates: 20 });
    const exact = bruteForce(corpus, 5);
    let hits = 0;
    for (const [id, list] of pruned) hits += list.filter((r) => exact.get(id)!.includes(r.id)).length;
    expect(hits / (corpus.length * 5)).toBeGreaterThan(0.9);
  });
});
