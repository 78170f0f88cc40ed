// Related papers on the default reading list: well-known papers get related papers on their own topic.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relatedPapers } from '../../src/lib/site/related.ts';
import { readDumpPapers } from '../../src/lib/themes/corpus.ts';

const { papers } = readDumpPapers(path.resolve(import.meta.dirname, '../../content/sources'));
const byId = new Map(papers.map((p) => [p.id, p]));
const related = relatedPapers(papers);

function relatedTo(titleStart: string) {
  const paper = papers.find((p) => p.title.startsWith(titleStart));
  if (!paper) throw new Error(`no paper titled "${titleStart}…" in the seed dumps`);
  return related.get(paper.id)!.map((r) => byId.get(r.id)!);
}

/** How many of the papers mention the topic in their title or abstract. */
function onTopic(list: Array<{ title: string; abstract: string }>, topic: RegExp): number {
  return list.filter((p) => topic.test(p.title) || topic.test(p.abstract)).length;
}

describe('related papers on the default list', () => {
  it('gives every paper at most 5 related papers, never itself, and almost every paper some', () => {
    for (const [id, list] of related) {
      expect(list.length).toBeLessThanOrEqual(5);
      expect(list.map((r) => r.id)).not.toContain(id);
    }
    const withFive = [...related.values()].filter((list) => list.length === 5).length;
    expect(withFive / papers.length).toBeGreaterThan(0.95);
  });

  it.each([
    ['KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache', /KV[- ]?cache|key-value/i],
    ['GEAR: An Efficient KV Cache Compression', /KV[- ]?cache|key-value/i],
    ['KVCrush', /KV[- ]?cache|key-value/i],
    ['SpecTr: Fast Speculative Decoding', /speculative|draft/i],
    ['Online Speculative Decoding', /speculative|draft/i],
    ['Recursive Speculative Decoding', /speculative|draft/i],
  ])('relates "%s" mostly to papers on its topic', (title, topic) => {
    const list = relatedTo(title);
    expect(list).toHaveLength(5);
    expect(onTopic(list, topic)).toBeGreaterThanOrEqual(4);
  });
});
