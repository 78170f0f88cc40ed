// A real general-ML reading list (16 dumps, 505 papers, 2024–2026) ingested as a new reader's own list: every
// field of every paper equals Hugging Face's own record, dates included; the only dumps allowed a wrong year are
// those listed, once each, in the ready-to-paste ingest.yaml block.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIngestConfig } from '../../src/lib/ingest/config.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { runIngest } from '../../src/lib/ingest/run.ts';
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

  beforeAll(() => {
    const sources: Record<string, Uint8Array> = {};
    for (const name of fs.readdirSync(path.join(LIST, 'sources')))
      sources[name] = fs.readFileSync(path.join(LIST, 'sources', name));
    root = makeRoot({ sources, themes: 'themes.yaml' });
    report = runIngest({ contentRoot: root, cwd: root, today: TODAY, recordDir: false });
    truth = JSON.parse(fs.readFileSync(path.join(LIST, 'truth.json'), 'utf8')) as Truth[];
    written = new Map(
      paperFiles(root).map((rel) => {
        const { data } = readPaper(path.join(root, 'papers', rel));
        return [data.title as string, data];
      }),
    );
  });

  it('writes one paper per distinct paper', () => {
    expect(report.summary).toMatchObject({ dumps: 16, papers: truth.length });
    expect(written.size).toBe(truth.length);
  });

  it('gets every field of every paper right, except dates of dumps listed as guessed', () => {
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

  it('never dates a capture after today', () => {
    for (const inference of report.yearInferences) expect(inference.captureDate! <= TODAY).toBe(true);
  });

  it('lists each dump whose year is a guess once, in a block ingest.yaml accepts as it is', () => {
    const guessed = report.yearInferences.filter((i) => i.guessed).map((i) => i.name);
    const problems = report.problems.filter((p) => p.code === 'capture-year-guessed');
    expect(problems.map((p) => path.basename(p.file))).toEqual(guessed);
    const block = report.captureYearFix ?? '';
    const config = parseIngestConfig(block || undefined, 'ingest.yaml');
    expect(Object.keys(config.captureYear)).toEqual(guessed);
    for (const name of guessed) expect(block.split(name)).toHaveLength(2);
  });

  it('resolves every date conflict between dumps: none is left to report', () => {
    expect(report.problems.filter((p) => p.code === 'conflicting-date')).toEqual([]);
  });
});
