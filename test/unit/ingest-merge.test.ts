// Merging one paper's entries across dumps: the most recent capture wins, sources list every dump.
import { describe, expect, it } from 'vitest';
import { captureOrder, mergeEntries, normalizeTitle } from '../../src/lib/ingest/merge.ts';
import type { DatedEntry } from '../../src/lib/ingest/types.ts';
import type { YearInference } from '../../src/lib/ingest/years.ts';

function entry(name: string, fields: Partial<DatedEntry> & { title: string }): DatedEntry {
  return {
    name,
    file: `sources/${name}`,
    line: 13,
    abstract: 'Same abstract.',
    byline: { authors: 3 },
    day: { month: 4, day: 1, year: 2025 },
    dateLine: 19,
    upvotes: 0,
    date: '2025-04-01',
    yearInferred: false,
    ...fields,
  };
}

describe('normalizeTitle', () => {
  it.each([
    ['  Attention   Is\tAll You Need ', 'attention is all you need'],
    ['ＦＵＬＬＷＩＤＴＨ Title', 'fullwidth title'],
    ['Ünïcödé', 'ünïcödé'],
  ])('%j -> %j', (input, expected) => expect(normalizeTitle(input)).toBe(expected));
});

describe('captureOrder', () => {
  const inference = (name: string, captureDate: string | undefined, captureYear: number) =>
    ({
      name,
      file: name,
      captureYear,
      ...(captureDate ? { captureDate } : {}),
      method: 'header',
      guessed: false,
      possibleYears: [captureYear],
      reason: '',
      inferred: [],
    }) as YearInference;
  it('puts the most recently captured dump first, undated captures last, names breaking ties', () => {
    expect(
      captureOrder([
        inference('a', '2025-11-04', 2025),
        inference('b', '2026-03-10', 2026),
        inference('c', undefined, 2025),
        inference('d', '2025-11-04', 2025),
      ]),
    ).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('mergeEntries', () => {
  it('merges one paper across dumps: newest fields win, sources list every dump', () => {
    const { papers, problems } = mergeEntries(
      [
        entry('old.txt', { title: 'Paper X', upvotes: 2 }),
        entry('new.txt', { title: 'paper  x', upvotes: 9, line: 40 }),
        entry('mid.txt', { title: 'Paper X', upvotes: 5 }),
      ],
      ['new.txt', 'mid.txt', 'old.txt'],
    );
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({
      title: 'paper  x',
      upvotes: 9,
      sources: ['mid.txt', 'new.txt', 'old.txt'],
      authors: 3,
    });
    expect(papers[0]!.occurrences.map((o) => o.file)).toEqual([
      'sources/new.txt',
      'sources/mid.txt',
      'sources/old.txt',
    ]);
    expect(problems).toEqual([]);
  });

  it('keeps the most recent abstract when abstracts differ, and reports the other', () => {
    const { papers, problems } = mergeEntries(
      [
        entry('old.txt', { title: 'P', abstract: 'Old words.' }),
        entry('new.txt', { title: 'P', abstract: 'New words.' }),
      ],
      ['new.txt', 'old.txt'],
    );
    expect(papers[0]!.abstract).toBe('New words.');
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'conflicting-abstract',
        file: 'sources/old.txt',
        line: 13,
        action: expect.stringContaining('new.txt'),
      }),
    ]);
  });

  it('does not call whitespace differences a conflict', () => {
    const { problems } = mergeEntries(
      [entry('a.txt', { title: 'P', abstract: 'Two  words ' }), entry('b.txt', { title: 'P', abstract: 'Two words' })],
      ['b.txt', 'a.txt'],
    );
    expect(problems).toEqual([]);
  });

  it('takes a missing abstract or byline from an older dump', () => {
    const newest = entry('new.txt', { title: 'P', upvotes: 7 });
    delete newest.abstract;
    delete newest.byline;
    const { papers } = mergeEntries(
      [newest, entry('old.txt', { title: 'P', byline: { organization: 'Amazon', organizationSlug: 'amazon' } })],
      ['new.txt', 'old.txt'],
    );
    expect(papers[0]).toMatchObject({ abstract: 'Same abstract.', organization: 'Amazon', upvotes: 7 });
    expect(papers[0]!.authors).toBeUndefined();
  });

  it('reports dates that disagree across dumps (a wrong year inference shows up here)', () => {
    const { papers, problems } = mergeEntries(
      [entry('old.txt', { title: 'P', date: '2024-04-01', yearInferred: true }), entry('new.txt', { title: 'P' })],
      ['new.txt', 'old.txt'],
    );
    expect(papers[0]!.date).toBe('2025-04-01');
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'conflicting-date',
        message: expect.stringContaining('2024-04-01 (year inferred)'),
      }),
    ]);
  });

  it('takes the date whose year is written out over an inferred one, even from an older capture', () => {
    const { papers, problems } = mergeEntries(
      [
        entry('new.txt', { title: 'P', date: '2026-04-01', yearInferred: true, day: { month: 4, day: 1 } }),
        entry('old.txt', { title: 'P', date: '2025-04-01', yearInferred: false }),
      ],
      ['new.txt', 'old.txt'],
    );
    expect(papers[0]).toMatchObject({ date: '2025-04-01', yearInferred: false });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'conflicting-date',
        file: 'sources/new.txt',
        action: 'kept 2025-04-01 from old.txt (its year is written out, the other was inferred)',
      }),
    ]);
  });

  it('takes the date from a capture of known year over one whose year is a guess', () => {
    const { papers } = mergeEntries(
      [
        entry('guessed.txt', { title: 'P', date: '2026-04-01', yearInferred: true }),
        entry('known.txt', { title: 'P', date: '2025-04-01', yearInferred: true }),
      ],
      ['guessed.txt', 'known.txt'],
      new Set(['guessed.txt']),
    );
    expect(papers[0]!.date).toBe('2025-04-01');
  });

  it('never lets a capture whose year is a guess pass for the latest when its upvotes are fewer', () => {
    const { papers } = mergeEntries(
      [
        entry('guessed.txt', { title: 'P', upvotes: 4, byline: { authors: 3 } }),
        entry('known.txt', {
          title: 'P',
          upvotes: 31,
          byline: { organization: 'Lab', organizationSlug: 'lab' },
        }),
      ],
      ['guessed.txt', 'known.txt'],
      new Set(['guessed.txt']),
    );
    expect(papers[0]).toMatchObject({ upvotes: 31, organization: 'Lab' });
    expect(papers[0]!.occurrences[0]!.file).toBe('sources/known.txt');
  });

  it('keeps different titles apart', () => {
    expect(
      mergeEntries([entry('a.txt', { title: 'P1' }), entry('a.txt', { title: 'P2' })], ['a.txt']).papers,
    ).toHaveLength(2);
  });
});
