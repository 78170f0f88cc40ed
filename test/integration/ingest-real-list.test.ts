// A real general-ML reading list (16 dumps, 505 papers, 2024–2026) ingested as a new reader's own list, with no
// themes.yaml: every field of every paper equals Hugging Face's own record, dates included (the only dumps allowed
// a wrong year are those listed, once each, in the ready-to-paste ingest.yaml block), and the list gets a taxonomy
// drafted from its own papers that is fit to publish.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIngestConfig } from '../../src/lib/ingest/config.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { normalizeTitle } from '../../src/lib/ingest/merge.ts';
import { loadTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { makeRoot, paperFiles, readPaper, removeRoots } from '../fixtures/ingest/helpers.ts';

const LIST = path.resolve(import.meta.dirname, '../fixtures/real-lists/general-ml');
const TODAY = '2026-12-01';

interface Truth {
  title: string;
  abstract: string;
  date: string;
  authors: number | null;
  organization: string | null;
  upvotes: number;
  sources: string[];
}

afterAll(removeRoots);

describe('ingest of a real general-ML list', () => {
  let root: string;
  let report: IngestReport;
  let truth: Truth[];
  let written: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    const sources: Record<string, Uint8Array> = {};
    for (const name of fs.readdirSync(path.join(LIST, 'sources')))
      sources[name] = fs.readFileSync(path.join(LIST, 'sources', name));
    root = makeRoot({ sources, themes: null });
    report = await runIngestAsync({ contentRoot: root, cwd: root, today: TODAY, recordDir: false });
    truth = JSON.parse(fs.readFileSync(path.join(LIST, 'truth.json'), 'utf8')) as Truth[];
    written = new Map(
      paperFiles(root).map((rel) => {
        const { data } = readPaper(path.join(root, 'papers', rel));
        return [data.title as string, data];
      }),
    );
  });

  it('writes one paper per distinct paper', async () => {
    expect(report.summary).toMatchObject({ dumps: 16, papers: truth.length });
    expect(written.size).toBe(truth.length);
  });

  it('gets every field of every paper right, except dates of dumps listed as guessed', async () => {
    const guessed = new Set(report.yearInferences.filter((i) => i.guessed).map((i) => i.name));
    const wrong: string[] = [];
    for (const paper of truth) {
      const data = written.get(paper.title);
      if (!data) {
        wrong.push(`missing: ${paper.title}`);
        continue;
      }
      const got = {
        title: data.title,
        abstract: data.abstract,
        date: data.date,
        authors: data.authors ?? null,
        organization: data.organization ?? null,
        upvotes: data.upvotes,
        sources: data.sources,
      };
      const want = { ...paper, sources: [...paper.sources].sort() };
      for (const key of Object.keys(got) as Array<keyof typeof got>) {
        if (JSON.stringify(got[key]) === JSON.stringify(want[key])) continue;
        // A date may only be off when every dump holding the paper is listed as a guess.
        if (key === 'date' && paper.sources.every((s) => guessed.has(s))) continue;
        wrong.push(`${key} of "${paper.title}": ${JSON.stringify(got[key])} instead of ${JSON.stringify(want[key])}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never dates a capture after today', async () => {
    for (const inference of report.yearInferences) expect(inference.captureDate! <= TODAY).toBe(true);
  });

  it('lists each dump whose year is a guess once, in a block ingest.yaml accepts as it is', async () => {
    const guessed = report.yearInferences.filter((i) => i.guessed).map((i) => i.name);
    const problems = report.problems.filter((p) => p.code === 'capture-year-guessed');
    expect(problems.map((p) => path.basename(p.file))).toEqual(guessed);
    const block = report.captureYearFix ?? '';
    const config = parseIngestConfig(block || undefined, 'ingest.yaml');
    expect(Object.keys(config.captureYear)).toEqual(guessed);
    for (const name of guessed) expect(block.split(name)).toHaveLength(2);
  });

  it('resolves every date conflict between dumps: none is left to report', async () => {
    expect(report.problems.filter((p) => p.code === 'conflicting-date')).toEqual([]);
  });

  describe('the taxonomy drafted for it', () => {
    const DEFAULT_THEMES = ['kv-cache', 'speculative-decoding', 'sparse-attention', 'context-extension'];
    const primary = () => {
      const byTitle = new Map<string, string>();
      for (const rel of paperFiles(root)) {
        const { data } = readPaper(path.join(root, 'papers', rel));
        byTitle.set(normalizeTitle(data.title as string), rel.split('/')[0]!);
      }
      return byTitle;
    };

    it("is written as the list's themes.yaml and reported, never another list's taxonomy", async () => {
      const taxonomy = loadTaxonomy(path.join(root, 'themes.yaml'));
      expect(report.notes).toContainEqual(
        expect.objectContaining({
          code: 'drafted-taxonomy',
          file: 'themes.yaml',
          message: expect.stringMatching(/^no themes\.yaml: drafted \d+ themes from 505 papers/),
        }),
      );
      const ids = new Set(taxonomy.themes.map((t) => t.id));
      for (const folder of fs.readdirSync(path.join(root, 'papers'))) expect(ids.has(folder)).toBe(true);
      for (const id of DEFAULT_THEMES) expect(ids.has(id)).toBe(false);
    });

    it('has 15 or more themes, none holding more than 12% of the list, and at most 3% in the catch-all', async () => {
      const taxonomy = loadTaxonomy(path.join(root, 'themes.yaml'));
      const sizes = new Map<string, number>();
      for (const folder of primary().values()) sizes.set(folder, (sizes.get(folder) ?? 0) + 1);
      const themes = taxonomy.themes.filter((t) => t.id !== taxonomy.fallback);
      expect(themes.length).toBeGreaterThanOrEqual(15);
      for (const theme of themes) expect(sizes.get(theme.id) ?? 0, theme.id).toBeLessThanOrEqual(0.12 * truth.length);
      expect(sizes.get(taxonomy.fallback) ?? 0).toBeLessThanOrEqual(0.03 * truth.length);
    });

    it('has titles a researcher would write, descriptions from its papers, and rules of distinctive phrases', async () => {
      const taxonomy = loadTaxonomy(path.join(root, 'themes.yaml'));
      for (const theme of taxonomy.themes.filter((t) => t.id !== taxonomy.fallback)) {
        // A short noun phrase, not a list of terms.
        expect(theme.title, theme.id).not.toContain(',');
        expect(theme.title.split(' ').length, theme.title).toBeLessThanOrEqual(7);
        expect(theme.title).toMatch(/^[\p{Lu}\p{N}]/u);
        // Drawn from the cluster: it quotes papers the theme holds, never a placeholder.
        expect(theme.description, theme.id).not.toMatch(/describe|todo|placeholder/i);
        const quoted = [...theme.description.matchAll(/“([^”]+)”/g)].map((m) => normalizeTitle(m[1]!));
        expect(quoted.length, theme.id).toBeGreaterThan(0);
        for (const title of quoted) expect(truth.some((p) => normalizeTitle(p.title) === title)).toBe(true);
        const terms = theme.rules.flatMap((r) => r.terms.map((t) => t.toLowerCase()));
        for (const generic of [
          'parameters',
          'layer',
          'systems',
          'ai',
          'evaluation',
          'demo',
          'model',
          'models',
          'performance',
        ])
          expect(terms, `${theme.id}: ${generic}`).not.toContain(generic);
      }
    });

    it('keeps most papers of one topical search under one primary theme', async () => {
      const captures = JSON.parse(fs.readFileSync(path.join(LIST, 'truth-captures.json'), 'utf8')) as Array<{
        file: string;
        kind: string;
      }>;
      const themeOf = primary();
      let together = 0;
      let total = 0;
      for (const search of captures.filter((c) => c.kind === 'search')) {
        const counts = new Map<string, number>();
        for (const paper of truth.filter((p) => p.sources.includes(search.file))) {
          const theme = themeOf.get(normalizeTitle(paper.title))!;
          counts.set(theme, (counts.get(theme) ?? 0) + 1);
          total++;
        }
        together += Math.max(...counts.values());
      }
      // Searches larger than 12% of the list cannot stay whole; measured 49% with 15 themes.
      expect(together / total).toBeGreaterThanOrEqual(0.45);
    });
  });
});
