// The dev server's related-papers index: one page's related papers, updated paper by paper, checked against the
// build's computation with its candidate pruning turned off (exact cosine over the same weights), before and after
// papers change, arrive and leave.
import { describe, expect, it } from 'vitest';
import { RelatedIndex } from '../../src/lib/site/related-index.ts';
import { relatedPapers, type RelatedInput } from '../../src/lib/site/related.ts';
import { mulberry32 } from '../../src/lib/themes/random.ts';

/** The build's related papers with nothing pruned: every paper scored exactly against every other. */
function exact(docs: readonly RelatedInput[]) {
  return relatedPapers(docs, { topTerms: 1e9, maxPostings: 1e9, candidates: 1e9 });
}

function expectSameAsBuild(index: RelatedIndex, docs: readonly RelatedInput[]): void {
  const expected = exact(docs);
  expect(index.size).toBe(docs.length);
  for (const doc of docs) expect(index.related(doc.id), doc.id).toEqual(expected.get(doc.id));
}

/** Papers on a few topics from a small vocabulary, some with notes and sentence breaks. */
function corpus(count: number, seed: number): RelatedInput[] {
  const rand = mulberry32(seed);
  const vocabulary = Array.from({ length: 400 }, (_, i) => `word${i.toString(36)}`);
  const topics = Array.from({ length: 6 }, () =>
    Array.from({ length: 25 }, () => vocabulary[Math.floor(rand() * vocabulary.length)]!),
  );
  const text = (topic: string[], length: number) =>
    Array.from(
      { length },
      (_, i) =>
        (i % 11 === 10 ? '. ' : '') +
        (rand() < 0.4 ? topic[Math.floor(rand() * topic.length)]! : vocabulary[Math.floor(rand() ** 2 * 400)]!),
    ).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const topic = topics[Math.floor(rand() * topics.length)]!;
    return {
      id: `paper-${String(Math.floor(rand() * 1e6)).padStart(6, '0')}-${i}`,
      title: text(topic, 6),
      abstract: text(topic, 40),
      notes: rand() < 0.3 ? text(topic, 15) : '',
    };
  });
}

describe('RelatedIndex', () => {
  it('gives every paper the related papers the build computes, best first, ties by id', () => {
    const docs = corpus(120, 7);
    const index = new RelatedIndex();
    index.update(docs);
    expectSameAsBuild(index, docs);
    expect(docs.some((doc) => index.related(doc.id).length === 5)).toBe(true);
  });

  it('follows edited notes and titles, new papers and removed ones, as a fresh computation does', () => {
    const docs = corpus(80, 11);
    const index = new RelatedIndex();
    index.update(docs);
    // A note that repeats another paper's title makes the two neighbours.
    const [a, b] = [docs[3]!, docs[40]!];
    const edited = docs.map((doc) => (doc.id === a.id ? { ...doc, notes: `${doc.notes} ${b.title} ${b.title}` } : doc));
    index.update(edited);
    expectSameAsBuild(index, edited);
    expect(index.related(a.id).map((r) => r.id)).toContain(b.id);

    const retitled = edited.map((doc) => (doc.id === b.id ? { ...doc, title: `${doc.title} wordzz wordzz` } : doc));
    index.update(retitled);
    expectSameAsBuild(index, retitled);

    const fewer = retitled.filter((doc) => doc.id !== docs[10]!.id && doc.id !== docs[11]!.id);
    index.update(fewer);
    expectSameAsBuild(index, fewer);
    expect(index.related(docs[10]!.id)).toEqual([]);

    const more = [...fewer, ...corpus(15, 12)];
    index.update(more);
    expectSameAsBuild(index, more);
  });

  it('agrees with the build on the worked example of related.test.ts', () => {
    const docs: RelatedInput[] = [
      { id: 'kv-a', title: 'KV cache eviction for long context', abstract: 'We evict tokens from the KV cache.' },
      { id: 'kv-b', title: 'Quantizing the KV cache', abstract: 'Low-bit quantization of the KV cache.' },
      { id: 'kv-c', title: 'Sharing KV cache across requests', abstract: 'Prefix sharing of the KV cache.' },
      { id: 'spec-a', title: 'Speculative decoding with a draft model', abstract: 'A small draft model proposes.' },
      { id: 'spec-b', title: 'Tree speculative decoding', abstract: 'Draft trees of tokens verified in parallel.' },
      { id: 'lonely', title: 'Protein folding', abstract: 'Nothing in common.' },
    ];
    const index = new RelatedIndex();
    index.update(docs);
    expectSameAsBuild(index, docs);
    expect(
      index
        .related('kv-a')
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['kv-b', 'kv-c']);
    expect(index.related('lonely')).toEqual([]);
    expect(index.related('no-such-paper')).toEqual([]);
  });
});
