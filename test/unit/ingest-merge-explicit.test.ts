// Merging a paper met both as page text and in Hugging Face's JSON: the JSON's explicit values win (title,
// abstract, date, byline), the id, names and links come from it, upvotes still follow the latest capture.
import { describe, expect, it } from 'vitest';
import { mergeEntries } from '../../src/lib/ingest/merge.ts';
import type { DatedEntry } from '../../src/lib/ingest/types.ts';

function entry(name: string, fields: Partial<DatedEntry>): DatedEntry {
  return {
    name,
    file: `sources/${name}`,
    line: 13,
    title: 'KIVI: 2bit KV Cache',
    abstract: 'Same abstract.',
    byline: { authors: 3 },
    day: { month: 2, day: 5 },
    dateLine: 19,
    upvotes: 0,
    date: '2026-02-05',
    yearInferred: true,
    ...fields,
  };
}

const text = entry('later.txt', { upvotes: 40, byline: { organization: 'Rice', organizationSlug: 'rice' } });
const json = entry('api.json', {
  title: 'KIVI: 2bit KV cache',
  date: '2024-02-05',
  day: { month: 2, day: 5, year: 2024 },
  yearInferred: false,
  upvotes: 12,
  byline: { authors: 2 },
  details: { arxiv: '2402.02750', authorNames: ['Zirui Liu', 'Jiayi Yuan'], code: 'https://github.com/x/kivi' },
});

describe('a paper in page text and in JSON', () => {
  // The text dump was captured later: it stays the latest capture.
  const { papers, problems } = mergeEntries([json, text], ['later.txt', 'api.json']);

  it('is one paper, from both sources', () => {
    expect(papers).toHaveLength(1);
    expect(papers[0]!.sources).toEqual(['api.json', 'later.txt']);
  });

  it("takes the JSON's title, date (not inferred) and byline, and its id, names and links", () => {
    expect(papers[0]).toMatchObject({
      title: 'KIVI: 2bit KV cache',
      date: '2024-02-05',
      yearInferred: false,
      authors: 2,
      details: { arxiv: '2402.02750', authorNames: ['Zirui Liu', 'Jiayi Yuan'], code: 'https://github.com/x/kivi' },
    });
    expect(papers[0]!.organization).toBeUndefined();
  });

  it('keeps the upvotes of the latest capture', () => {
    expect(papers[0]!.upvotes).toBe(40);
  });

  it('reports the inferred date the JSON contradicts, and why the JSON won', () => {
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'sources/later.txt',
        line: 19,
        code: 'conflicting-date',
        message: expect.stringContaining('date 2026-02-05 (year inferred) instead of 2024-02-05'),
        action: "kept 2024-02-05 from api.json (Hugging Face's JSON, an exact date)",
      }),
    ]);
  });

  it('keeps an organization and the count of names when the JSON has both', () => {
    const withOrg = entry('api.json', {
      ...json,
      byline: { organization: 'Rice University', organizationSlug: 'rice' },
    });
    const merged = mergeEntries([withOrg, text], ['later.txt', 'api.json']).papers[0]!;
    expect(merged).toMatchObject({ organization: 'Rice University', authors: 2 });
  });
});

describe('page text alone', () => {
  it('has no details, as before', () => {
    const { papers } = mergeEntries([text], ['later.txt']);
    expect(papers[0]).not.toHaveProperty('details');
    expect(papers[0]).toMatchObject({ organization: 'Rice', upvotes: 40 });
  });
});
