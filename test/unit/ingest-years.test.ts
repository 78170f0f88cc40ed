// Capture-year inference from every clue (the dump's own years, other dumps, today, the file name, upvotes), its override and the guesses it lists.
import { describe, expect, it } from 'vitest';
import type { DumpDay, ParsedDump, RawEntry } from '../../src/lib/ingest/types.ts';
import { parseIngestConfig } from '../../src/lib/ingest/config.ts';
import { captureYearBlock, dateEntries, dateInFileName, formatInference } from '../../src/lib/ingest/years.ts';

const TODAY = '2026-12-01';

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
  it('settles a year when the written years and today leave only one', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [
          { month: 4, day: 11, year: 2025 },
          { month: 3, day: 1, year: 2023 },
          { month: 1, day: 2 },
        ]),
      ],
      { today: TODAY },
    );
    expect(result.inferences[0]).toMatchObject({
      captureYear: 2026,
      captureDate: '2026-01-07',
      method: 'evidence',
      guessed: false,
      latestExplicitYear: 2025,
      possibleYears: [2026],
    });
    expect(result.entries.map((e) => [e.date, e.yearInferred])).toEqual([
      ['2025-04-11', false],
      ['2023-03-01', false],
      ['2026-01-02', true],
    ]);
    expect(result.inferences[0]!.inferred).toEqual([{ line: 35, title: 'Paper a.txt 2', date: '2026-01-02' }]);
    expect(result.problems).toEqual([]);
  });

  it('takes the least year after the written ones when later years stay possible, and lists it as a guess', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [
          { month: 4, day: 11, year: 2023 },
          { month: 1, day: 2 },
        ]),
      ],
      { today: TODAY },
    );
    expect(result.inferences[0]).toMatchObject({
      captureYear: 2024,
      method: 'after-latest-explicit-year',
      guessed: true,
      possibleYears: [2024, 2025, 2026],
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'capture-year-guessed', file: 'sources/a.txt', line: 11 }),
    ]);
  });

  it('lets ingest.yaml override the year per dump', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [
          { month: 4, day: 11, year: 2024 },
          { month: 1, day: 2 },
        ]),
      ],
      { overrides: { 'a.txt': 2027 }, today: TODAY },
    );
    expect(result.inferences[0]).toMatchObject({ captureYear: 2027, method: 'override', guessed: false });
    expect(result.entries[1]!.date).toBe('2027-01-02');
  });

  it('reports an override earlier than a year the dump writes out', () => {
    const result = dateEntries([dumpOf('a.txt', { month: 1, day: 7 }, [{ month: 4, day: 11, year: 2024 }])], {
      overrides: { 'a.txt': 2020 },
      today: TODAY,
    });
    expect(result.problems.map((p) => p.code)).toContain('capture-year-too-early');
  });

  it("uses a year written on the dump's own date line", () => {
    const result = dateEntries([dumpOf('a.txt', { month: 1, day: 7, year: 2025 }, [{ month: 1, day: 2 }])], {
      today: TODAY,
    });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2025, method: 'header', guessed: false });
    expect(result.entries[0]!.date).toBe('2025-01-02');
  });

  it('uses a date in the file name', () => {
    const result = dateEntries([dumpOf('daily-2025-03-07.txt', { month: 3, day: 7 }, [{ month: 3, day: 6 }])], {
      today: TODAY,
    });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2025, method: 'file-name', guessed: false });
    expect(result.entries[0]!.date).toBe('2025-03-06');
  });

  it('dates a yearless dump from the same paper shown with a year in another dump', () => {
    const daily = dumpOf('daily.txt', { month: 3, day: 7 }, [
      { month: 3, day: 6 },
      { month: 3, day: 5 },
    ]);
    const search = dumpOf('search.txt', { month: 6, day: 1 }, [{ month: 3, day: 6, year: 2024 }]);
    search.entries[0]!.title = daily.entries[0]!.title;
    const result = dateEntries([daily, search], { today: TODAY });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2024, method: 'evidence', guessed: false });
    expect(result.inferences[0]!.reason).toContain('the same paper with a year in another dump');
    expect(result.entries.filter((e) => e.name === 'daily.txt').map((e) => e.date)).toEqual([
      '2024-03-06',
      '2024-03-05',
    ]);
  });

  it('never puts a capture after today: a Dec 3 page seen on Dec 1 is from last year', () => {
    const result = dateEntries([dumpOf('a.txt', { month: 12, day: 3 }, [{ month: 12, day: 2 }])], {
      today: TODAY,
    });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2025, captureDate: '2025-12-03' });
  });

  it('orders captures by growing upvotes', () => {
    // b.txt is 2025 for certain; the same paper has fewer upvotes in a.txt, so a.txt (Sep 1) came before b.txt (Mar 1, 2025).
    const a = dumpOf('a.txt', { month: 9, day: 1 }, [{ month: 8, day: 30, year: 2023 }]);
    const b = dumpOf('b.txt', { month: 3, day: 1, year: 2025 }, [{ month: 8, day: 30, year: 2023 }]);
    b.entries[0]!.title = a.entries[0]!.title;
    a.entries[0]!.upvotes = 3;
    b.entries[0]!.upvotes = 9;
    const result = dateEntries([a, b], { today: TODAY });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2024, method: 'evidence', guessed: false });
  });

  it('guesses a yearless dump from the page format of the dumps of known year, and lists it', () => {
    const org = (dump: ParsedDump) => {
      for (const e of dump.entries) e.byline = { organization: 'Lab', organizationSlug: 'lab' };
      return dump;
    };
    const days = (n: number) => Array.from({ length: n }, (_, i) => ({ month: 2, day: i + 1 }));
    const result = dateEntries(
      [
        dumpOf('old.txt', { month: 5, day: 1, year: 2025 }, [...days(5), { month: 1, day: 1, year: 2024 }]),
        org(dumpOf('new.txt', { month: 2, day: 10 }, [...days(5), { month: 1, day: 1, year: 2025 }])),
        dumpOf('yearless.txt', { month: 3, day: 7 }, days(6)),
      ],
      { today: TODAY },
    );
    expect(result.inferences.map((i) => [i.name, i.captureDate, i.guessed])).toEqual([
      ['old.txt', '2025-05-01', false],
      ['new.txt', '2026-02-10', false],
      ['yearless.txt', '2025-03-07', true],
    ]);
    expect(result.inferences[2]).toMatchObject({ method: 'page-format' });
  });

  it('takes the latest year that keeps the capture before today when nothing else is known', () => {
    const result = dateEntries([dumpOf('a.txt', { month: 1, day: 7 }, [{ month: 1, day: 2 }])], { today: TODAY });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2026, method: 'latest-possible', guessed: true });
    expect(result.problems[0]).toMatchObject({ code: 'capture-year-guessed', action: expect.stringContaining('2026') });
  });

  it('says which clue won when clues disagree', () => {
    // Two papers say 2024, one says 2023: the majority wins and the disagreement is reported.
    const daily = dumpOf('daily.txt', { month: 3, day: 7 }, [
      { month: 3, day: 6 },
      { month: 3, day: 5 },
      { month: 3, day: 4 },
    ]);
    const search = dumpOf('search.txt', { month: 6, day: 1, year: 2025 }, [
      { month: 3, day: 6, year: 2024 },
      { month: 3, day: 5, year: 2024 },
      { month: 3, day: 4, year: 2023 },
    ]);
    search.entries.forEach((e, i) => (e.title = daily.entries[i]!.title));
    const result = dateEntries([daily, search], { today: TODAY });
    expect(result.inferences[0]).toMatchObject({ captureYear: 2024, guessed: false });
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        code: 'year-clues-conflict',
        file: 'sources/daily.txt',
        action: expect.stringContaining('took 2024, which contradicts the fewest clues'),
      }),
    );
  });
});

describe('captureYearBlock', () => {
  it('lists each guessed dump once, as ingest.yaml accepts it', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 1, day: 7 }, [{ month: 1, day: 2 }]),
        dumpOf('b.txt', { month: 1, day: 7, year: 2025 }, [{ month: 1, day: 2 }]),
      ],
      { today: TODAY },
    );
    const block = captureYearBlock(result.inferences)!;
    expect(block).toBe('captureYear:\n  "a.txt": 2026 # captured 01-07; 2016–2026 possible');
    expect(parseIngestConfig(block, 'ingest.yaml').captureYear).toEqual({ 'a.txt': 2026 });
  });

  it('is absent when every year is known', () => {
    const result = dateEntries([dumpOf('b.txt', { month: 1, day: 7, year: 2025 }, [{ month: 1, day: 2 }])], {
      today: TODAY,
    });
    expect(captureYearBlock(result.inferences)).toBeUndefined();
  });
});

describe('dateInFileName', () => {
  it.each([
    ['daily-2025-03-07.txt', { year: 2025, month: 3, day: 7 }],
    ['2025_03_07.txt', { year: 2025, month: 3, day: 7 }],
    ['papers 20250307.txt', { year: 2025, month: 3, day: 7 }],
    ['2024-11 search.txt', { year: 2024, month: 11, day: 0 }],
    ['000_7aee9e8e20250307.txt', undefined],
    ['000_cd041472dc158a1d.txt', undefined],
    ['2025-13-01.txt', undefined],
  ])('%s', (name, expected) => expect(dateInFileName(name)).toEqual(expected));
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
      { today: TODAY },
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
      { today: TODAY },
    );
    expect(result.entries).toHaveLength(1);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'bad-date', line: 27 }));
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
      { today: TODAY },
    ).inferences;
    expect(formatInference(inference!)).toBe(
      'sources/a.txt: captured 2026-01-07 (every other year contradicts the evidence: 1 from a year written in the dump); 1 date without a year → 2026',
    );
  });
});

describe('dateEntries: a date after today', () => {
  it('never lets one far-future date move the whole dump, and reports it', () => {
    const result = dateEntries(
      [
        dumpOf('a.txt', { month: 2, day: 1 }, [
          { month: 3, day: 4, year: 2025 },
          { month: 7, day: 9, year: 2099 },
          { month: 1, day: 5 },
        ]),
      ],
      { today: '2026-12-01' },
    );
    expect(result.inferences[0]).toMatchObject({ captureYear: 2026, captureDate: '2026-02-01' });
    expect(result.entries.find((e) => e.day.day === 5)!.date).toBe('2026-01-05');
    expect(result.problems).toContainEqual(
      expect.objectContaining({ code: 'date-after-today', file: 'sources/a.txt', line: 27 }),
    );
  });
});
