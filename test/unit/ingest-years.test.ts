// Capture-year inference per dump, its override and fallback, and dates after the capture date.
import { describe, expect, it } from 'vitest';
import type { DumpDay, ParsedDump, RawEntry } from '../../src/lib/ingest/types.ts';
import { dateEntries, formatInference } from '../../src/lib/ingest/years.ts';

function entry(name: string, title: string, day: DumpDay, line = 13): RawEntry {
  return {
    name,
    file: `sources/${name}`,
    line,
    title,
    abstract: 'A.',
    byline: { authors: 2 },
    day,
    dateLine: line + 6,
    upvotes: 0,
  };
}
function dumpOf(name: string, captured: DumpDay | undefined, days: DumpDay[]): ParsedDump {
  return {
    name,
    file: `sources/${name}`,
    ...(captured ? { captured: { ...captured, line: 11 } } : {}),
    entries: days.map((day, i) => entry(name, `Paper ${name} ${i}`, day, 13 + i * 8)),
  };
}

describe('dateEntries: capture year', () => {
  it('takes the least year after every explicit year of the dump', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [
          { month: 4, day: 11, year: 2025 },
          { month: 3, day: 1, year: 2023 },
          { month: 1, day: 2 },
        ]),
      ],
      { defaultYear: 1999 },
    );
    expect(result.inferences[0]).toMatchObject({
      captureYear: 2026,
      captureDate: '2026-01-07',
      method: 'after-latest-explicit-year',
      latestExplicitYear: 2025,
    });
    expect(result.entries.map((e) => [e.date, e.yearInferred])).toEqual([
      ['2025-04-11', false],
      ['2023-03-01', false],
      ['2026-01-02', true],
    ]);
    expect(result.inferences[0]!.inferred).toEqual([{ line: 35, title: 'Paper a.txt 2', date: '2026-01-02' }]);
    expect(result.problems).toEqual([]);
  });

  it('lets ingest.yaml override the year per dump', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [
          { month: 4, day: 11, year: 2024 },
          { month: 1, day: 2 },
        ]),
      ],
      { overrides: { 'a.txt': 2027 }, defaultYear: 1999 },
    );
    expect(result.inferences[0]).toMatchObject({ captureYear: 2027, method: 'override' });
    expect(result.entries[1]!.date).toBe('2027-01-02');
  });

  it('reports an override earlier than a year the dump writes out', () => {
    const result = dateEntries([dumpOf('a.txt', { month: 1, day: 7 }, [{ month: 4, day: 11, year: 2024 }])], {
      overrides: { 'a.txt': 2020 },
      defaultYear: 1999,
    });
    expect(result.problems.map((p) => p.code)).toContain('capture-year-too-early');
  });

  it('uses a year written in the capture date itself', () => {
    const result = dateEntries([dumpOf('a.txt', { month: 1, day: 7, year: 2030 }, [{ month: 1, day: 2 }])], {
      defaultYear: 1999,
    });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2030, method: 'header' });
  });

  it('falls back to the latest capture year of the other dumps, and says so', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [{ month: 1, day: 2 }]),
        dumpOf('b.txt', { month: 6, day: 1 }, [{ month: 5, day: 1, year: 2024 }]),
      ],
      { defaultYear: 1999 },
    );
    expect(result.inferences[0]).toMatchObject({ captureYear: 2025, method: 'fallback' });
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'unknown-capture-year',
        file: 'sources/a.txt',
        line: 11,
        action: expect.stringContaining('assumed 2025'),
      }),
    ]);
  });

  it('falls back to the given default year when no dump has any year', () => {
    const result = dateEntries([dumpOf('a.txt', { month: 1, day: 7 }, [{ month: 1, day: 2 }])], { defaultYear: 2031 });
    expect(result.entries[0]!.date).toBe('2031-01-02');
    expect(result.problems[0]!.action).toContain('the current year');
  });
});

describe('dateEntries: suspicious dates', () => {
  it('keeps and reports a date after the capture date', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 3, day: 10 }, [
          { month: 5, day: 22, year: 2025 },
          { month: 5, day: 22 },
        ]),
      ],
      { defaultYear: 1999 },
    );
    expect(result.entries.map((e) => e.date)).toEqual(['2025-05-22', '2026-05-22']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: 'date-after-capture',
        line: 27,
        message: expect.stringContaining('2026-05-22 (year inferred)'),
      }),
    ]);
  });

  it('skips and reports Feb 29 when the inferred year is not a leap year', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 3, day: 10 }, [
          { month: 5, day: 22, year: 2024 },
          { month: 2, day: 29 },
        ]),
      ],
      { defaultYear: 1999 },
    );
    expect(result.entries).toHaveLength(1);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'bad-date', line: 27 })]);
  });
});

describe('formatInference', () => {
  it('says how the year was found and how many dates got it', () => {
    const [inference] = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [
          { month: 4, day: 11, year: 2025 },
          { month: 1, day: 2 },
        ]),
      ],
      { defaultYear: 1999 },
    ).inferences;
    expect(formatInference(inference!)).toBe(
      'sources/a.txt: captured 2026-01-07 (latest year written in the dump is 2025, so the capture year is 2026); 1 date without a year → 2026',
    );
  });
});
