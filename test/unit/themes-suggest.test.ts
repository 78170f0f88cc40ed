// The taxonomy suggester: clustering recovers clear topics, drafts valid rules, and is deterministic.
import { describe, expect, it } from 'vitest';
import { parseTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { compareLabelings, suggestTaxonomy, type SuggestInput } from '../../src/lib/themes/suggest.ts';
import { renderSuggestion } from '../../src/lib/themes/suggest-yaml.ts';

// Three topics with their own vocabulary, twelve papers each, plus shared filler words.
const vocab: Record<string, string[]> = {
  cache: [
    'kv cache',
    'eviction',
    'cache budget',
    'key value',
    'memory footprint',
    'cache quantization',
    'attention heads',
    'long context',
  ],
  speculative: [
    'speculative decoding',
    'draft model',
    'acceptance rate',
    'target model',
    'draft tokens',
    'verification',
    'token tree',
    'lossless speedup',
  ],
  protein: [
    'protein sequences',
    'amino acid',
    'protein structure',
    'biological function',
    'molecular',
    'protein language',
    'folding',
    'enzymes',
  ],
};
const filler = [
  'large language models',
  'we study',
  'experiments show',
  'benchmarks',
  'efficient',
  'method',
  'results',
  'training',
];

function corpus(): SuggestInput[] {
  const papers: SuggestInput[] = [];
  for (const [topic, words] of Object.entries(vocab)) {
    for (let i = 0; i < 12; i++) {
      const pick = (n: number) => Array.from({ length: n }, (_, j) => words[(i * 3 + j * 5) % words.length]);
      papers.push({
        id: `${topic}-${String(i).padStart(2, '0')}`,
        title: `${pick(2).join(' and ')} study ${i}`,
        abstract: [...pick(6), ...filler.slice(0, 1 + (i % filler.length))].join('. '),
      });
    }
  }
  return papers;
}

const topicOf = (id: string) => id.replace(/-\d+$/, '');

describe('compareLabelings', () => {
  it('scores identical labelings 1, whatever the label names', () => {
    expect(compareLabelings(['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y'])).toEqual({ purity: 1, nmi: 1, ari: 1 });
  });

  it('scores an unrelated labeling near 0', () => {
    const labels = Array.from({ length: 100 }, (_, i) => String(i % 2));
    const reference = Array.from({ length: 100 }, (_, i) => String(Math.floor(i / 2) % 2));
    const { nmi, ari } = compareLabelings(labels, reference);
    expect(nmi).toBeLessThan(0.01);
    expect(Math.abs(ari)).toBeLessThan(0.05);
  });
});

describe('suggestTaxonomy', () => {
  const papers = corpus();
  const suggestion = suggestTaxonomy(papers, { minK: 2, maxK: 6 });

  it('recovers clearly separated topics', () => {
    const clusterOf = new Map(suggestion.themes.flatMap((t) => t.cluster.map((id) => [id, t.id] as const)));
    const ids = papers.map((p) => p.id);
    const { purity, nmi } = compareLabelings(
      ids.map((id) => clusterOf.get(id)!),
      ids.map(topicOf),
    );
    expect(suggestion.themes).toHaveLength(3);
    expect(purity).toBe(1);
    expect(nmi).toBeGreaterThan(0.99);
  });

  it("drafts rules from each cluster's distinctive terms that file its papers back into it", () => {
    for (const theme of suggestion.themes) {
      const topic = topicOf(theme.cluster[0]!);
      expect(theme.terms.some((term) => vocab[topic]!.includes(term))).toBe(true);
      expect(theme.terms.some((term) => filler.includes(term))).toBe(false);
    }
    expect(suggestion.quality.rulesAgreeWithClusters).toBeGreaterThan(0.9);
    expect(suggestion.taxonomy.themes.at(-1)!.id).toBe(suggestion.taxonomy.fallback);
  });

  it('chooses k by silhouette and reports every k tried', () => {
    expect(suggestion.quality.tried.map((t) => t.k)).toEqual([2, 3, 4, 5, 6]);
    const best = Math.max(...suggestion.quality.tried.map((t) => t.silhouette));
    expect(suggestion.quality.silhouette).toBe(best);
  });

  it('is deterministic and does not depend on the order of the papers', () => {
    const again = suggestTaxonomy([...papers].reverse(), { minK: 2, maxK: 6 });
    expect(again.taxonomy).toEqual(suggestion.taxonomy);
    expect(again.themes).toEqual(suggestion.themes);
  });

  it('refuses a list too short to cluster, saying how many papers it needs', () => {
    expect(() => suggestTaxonomy(papers.slice(0, 5))).toThrow('only 5 papers: suggesting themes needs at least 8');
  });
});

describe('renderSuggestion', () => {
  it('writes YAML the taxonomy loader accepts, listing the papers each theme would hold', () => {
    const papers = corpus();
    const suggestion = suggestTaxonomy(papers, { k: 3 });
    const titles = new Map(papers.map((p) => [p.id, p.title]));
    const text = renderSuggestion(suggestion, { titles, source: 'test corpus', listLimit: 5 });
    const parsed = parseTaxonomy(text, 'themes.suggested.yaml');
    expect(parsed.themes.map((t) => t.id)).toEqual(suggestion.taxonomy.themes.map((t) => t.id));
    expect(text).toContain('# Draft taxonomy suggested by `npm run themes:suggest` from 36 papers of test corpus.');
    expect(text).toMatch(/# Cluster of 12 papers; its rules would hold \d+ papers as primary theme:/);
    expect(text).toMatch(/#\s+… and \d+ more/);
    expect(text).not.toContain('in: both');
  });
});
