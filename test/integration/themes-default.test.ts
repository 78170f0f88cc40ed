// The default taxonomy (content/themes.yaml) on the default reading list (the seed dumps in content/sources).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { assignThemes } from '../../src/lib/themes/assign.ts';
import { readDumpPapers } from '../../src/lib/themes/corpus.ts';
import { explainThemes } from '../../src/lib/themes/why.ts';

const root = path.resolve(import.meta.dirname, '../../content');
const taxonomy = loadTaxonomy(path.join(root, 'themes.yaml'));
const { papers } = readDumpPapers(path.join(root, 'sources'));
const assigned = papers.map((paper) => ({ paper, assignment: assignThemes(taxonomy, paper) }));

function primaryCounts(): Map<string, number> {
  const counts = new Map(taxonomy.themes.map((t) => [t.id, 0]));
  for (const { assignment } of assigned) counts.set(assignment.themes[0]!, counts.get(assignment.themes[0]!)! + 1);
  return counts;
}

function primaryOf(titleStart: string): string {
  const found = assigned.find(({ paper }) => paper.title.startsWith(titleStart));
  if (!found) throw new Error(`no paper titled "${titleStart}…" in the seed dumps`);
  return found.assignment.themes[0]!;
}

describe('default taxonomy on the default list', () => {
  it('reads the 264 distinct papers of the seed dumps', () => {
    expect(papers).toHaveLength(264);
  });

  it('keeps the catch-all at no more than 3% of the papers', () => {
    const fallback = primaryCounts().get(taxonomy.fallback)!;
    expect(fallback / papers.length).toBeLessThanOrEqual(0.03);
  });

  it('gives no theme more than 15% of the papers as primary', () => {
    for (const [id, count] of primaryCounts())
      expect({ id, share: count / papers.length <= 0.15 }).toEqual({ id, share: true });
  });

  it('has 12 to 20 themes to browse, each holding at least 8 papers as primary', () => {
    const browsable = taxonomy.themes.filter((t) => t.primary && t.id !== taxonomy.fallback);
    expect(browsable.length).toBeGreaterThanOrEqual(12);
    expect(browsable.length).toBeLessThanOrEqual(20);
    const counts = primaryCounts();
    for (const { id } of browsable) expect({ id, atLeast8: counts.get(id)! >= 8 }).toEqual({ id, atLeast8: true });
  });

  it('keeps the finer distinctions as secondary themes: never primary, each shown on papers it matches', () => {
    const finer = taxonomy.themes.filter((t) => !t.primary);
    expect(finer.length).toBeGreaterThan(0);
    for (const theme of finer) {
      expect(primaryCounts().get(theme.id)).toBe(0);
      const shown = assigned.filter(({ assignment }) => assignment.themes.includes(theme.id)).length;
      expect({ id: theme.id, shown: shown >= 4 }).toEqual({ id: theme.id, shown: true });
    }
  });

  it('gives every paper a primary theme and a reason for each of its themes', () => {
    for (const { paper, assignment } of assigned) {
      expect(assignment.themes.length).toBeGreaterThanOrEqual(1);
      const reasons = explainThemes(taxonomy, { ...paper, themes: assignment.themes }, assignment.matches);
      const primary = reasons[0]!;
      if (primary.id === taxonomy.fallback) {
        expect(primary.kind).toBe('fallback');
        expect(primary.text).toMatch(/^no theme matched/);
      } else {
        expect(primary.kind).toBe('matched');
        expect(primary.terms.length).toBeGreaterThan(0);
        expect(primary.score).toBeGreaterThanOrEqual(taxonomy.settings.minScore);
      }
      for (const secondary of reasons.slice(1)) {
        expect(secondary.kind).toBe('matched');
        expect(secondary.terms.length).toBeGreaterThan(0);
      }
    }
  });

  it('lets a pin win over the rules for every paper', () => {
    const pinTo = (primary: string) => taxonomy.themes.find((t) => t.id !== primary && t.id !== taxonomy.fallback)!.id;
    for (const { paper, assignment } of assigned) {
      const pin = pinTo(assignment.themes[0]!);
      const pinned = assignThemes(taxonomy, paper, pin);
      expect(pinned.themes[0]).toBe(pin);
      expect(pinned.pinned).toBe(true);
      expect(new Set(pinned.themes).size).toBe(pinned.themes.length);
      const [reason] = explainThemes(taxonomy, { ...paper, themes: pinned.themes, pin });
      expect(reason).toMatchObject({ id: pin, kind: 'pinned' });
    }
  });

  it('is deterministic: the same input gives the same themes', () => {
    for (const { paper, assignment } of assigned.slice(0, 50))
      expect(assignThemes(taxonomy, paper).themes).toEqual(assignment.themes);
  });

  // A handful of papers whose theme no expert would dispute, across the field.
  it.each([
    ['KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache', 'kv-cache'],
    ['ShadowKV', 'kv-cache'],
    ['SpecTr: Fast Speculative Decoding', 'speculative-decoding'],
    ['Online Speculative Decoding', 'speculative-decoding'],
    ['MInference 1.0', 'efficient-attention'],
    ['CLEX: Continuous Length Extrapolation', 'context-extension'],
    ['LV-Eval', 'long-context-benchmarks'],
    ['DeepSpeed Ulysses', 'training-systems'],
    ['Splitwise', 'llm-serving'],
    ['LLM.int8()', 'model-compression'],
    ['Stuffed Mamba', 'efficient-attention'],
    ['DivPrune', 'visual-token-reduction'],
    ['Fast-dLLM v2', 'speculative-decoding'],
    ['MrT5', 'tokenization'],
    ['HyenaDNA', 'science-domains'],
  ])('files "%s" under %s', (title, theme) => {
    expect(primaryOf(title)).toBe(theme);
  });

  it.each([
    ['Stuffed Mamba', 'state-space-models'],
    ['Fast-dLLM v2', 'diffusion-llms'],
  ])('shows the finer theme of "%s" (%s) as a secondary theme', (title, theme) => {
    const found = assigned.find(({ paper }) => paper.title.startsWith(title))!;
    expect(found.assignment.themes.slice(1)).toContain(theme);
  });
});
