// Parsing Daily Papers dumps: header, bylines, dates, line endings, Unicode, and bad entries reported with their line.
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../src/lib/ingest/parse.ts';
import { dump } from '../fixtures/ingest/helpers.ts';

const source = { name: 'd.txt', file: 'sources/d.txt' };
const parse = (text: string) => parseDump(text, source);
const HEADER =
  'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nJan 7\n\n';
const ABSTRACT = 'We study things. They are good.';

describe('parseDump: the page header', () => {
  it('skips the boilerplate and reads the capture date', () => {
    const { dump: parsed, problems } = parse(`${HEADER}A Title\n\n${ABSTRACT}\n\n  • 5 authors\n·\nApr 11, 2025\n`);
    expect(parsed.captured).toEqual({ month: 1, day: 7, line: 11 });
    expect(parsed.entries).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('reports a dump without a capture date and still reads its entries', () => {
    const { dump: parsed, problems } = parse(`A Title\n\n${ABSTRACT}\n\n  • 5 authors\n·\nApr 11, 2025\n`);
    expect(parsed.captured).toBeUndefined();
    expect(parsed.entries).toHaveLength(1);
    expect(problems.map((p) => [p.code, p.line])).toEqual([['missing-capture-date', 1]]);
  });
});

describe('parseDump: one entry, field by field', () => {
  it.each([
    ['"• N authors"', '  • 5 authors', { authors: 5 }],
    ['"• 1 author"', '  • 1 author', { authors: 1 }],
    ['"• 1 authors"', '  • 1 authors', { authors: 1 }],
    [
      'an organization line',
      'ByteDance-Seed ByteDance Seed',
      { organization: 'ByteDance Seed', organizationSlug: 'ByteDance-Seed' },
    ],
    ['an indented organization line', '   amazon Amazon', { organization: 'Amazon', organizationSlug: 'amazon' }],
    ['an organization with a one-word line', 'nvidia', { organization: 'nvidia', organizationSlug: 'nvidia' }],
    [
      'a right-to-left organization',
      'tau אוניברסיטת תל אביב',
      { organization: 'אוניברסיטת תל אביב', organizationSlug: 'tau' },
    ],
  ])('reads the byline from %s', (_name, byline, expected) => {
    const { dump: parsed } = parse(`${HEADER}T\n\n${ABSTRACT}\n\n${byline}\n·\nApr 11, 2025\n`);
    expect(parsed.entries[0]!.byline).toEqual(expected);
  });

  it.each([
    ['Apr 11, 2025', { month: 4, day: 11, year: 2025 }, 0],
    ['Apr 11', { month: 4, day: 11 }, 0],
    ['Sep 23 4', { month: 9, day: 23 }, 4],
    ['Mar 8, 2024 2', { month: 3, day: 8, year: 2024 }, 2],
    ['  Feb 29, 2024  ', { month: 2, day: 29, year: 2024 }, 0],
  ])('reads the date line "%s"', (line, day, upvotes) => {
    const { dump: parsed } = parse(`${HEADER}T\n\n${ABSTRACT}\n\n  • 2 authors\n·\n${line}\n`);
    expect(parsed.entries[0]!.day).toEqual(day);
    expect(parsed.entries[0]!.upvotes).toBe(upvotes);
  });

  it('keeps the title as written, trimmed, typos included', () => {
    const { dump: parsed } = parse(
      `${HEADER}GEAR: An Efficient KV Cache Compression Recipefor Near-Lossless   \n\n${ABSTRACT}\n\n  • 2 authors\n·\nApr 1, 2024\n`,
    );
    expect(parsed.entries[0]!.title).toBe('GEAR: An Efficient KV Cache Compression Recipefor Near-Lossless');
    expect(parsed.entries[0]!.abstract).toBe(ABSTRACT);
  });

  it('gives every field its file line', () => {
    const { dump: parsed } = parse(`${HEADER}T\n\n${ABSTRACT}\n\n  • 2 authors\n·\nApr 1, 2024\n`);
    expect(parsed.entries[0]).toMatchObject({ line: 13, dateLine: 19, file: 'sources/d.txt', name: 'd.txt' });
  });
});

describe('parseDump: line endings and Unicode', () => {
  const lf = dump('Jan 7', [
    {
      title: 'Ünïcödé — “quotes” and 😀 emoji',
      abstract: 'Math $O(N^2)$, 95\\%, \\textbf{x} and <b>tags</b> {braces}.',
      date: 'Apr 11, 2025 3',
    },
    { title: 'Second', abstract: 'Second abstract.', byline: 'microsoft Microsoft', date: 'May 2' },
  ]);

  it.each([
    ['LF', lf],
    ['CRLF', lf.replaceAll('\n', '\r\n')],
    ['CR', lf.replaceAll('\n', '\r')],
  ])('parses the same entries with %s line endings', (_name, text) => {
    const { dump: parsed, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(parsed.entries.map((e) => [e.title, e.abstract, e.upvotes, e.line])).toEqual([
      ['Ünïcödé — “quotes” and 😀 emoji', 'Math $O(N^2)$, 95\\%, \\textbf{x} and <b>tags</b> {braces}.', 3, 13],
      ['Second', 'Second abstract.', 0, 21],
    ]);
  });
});

describe('parseDump: bad entries are reported, good ones kept', () => {
  it('reports an entry cut short (title and abstract, no byline or date) and keeps the next one', () => {
    const text = `${HEADER}Cut Short\n\nIts abstract is here and it goes on for a while. Then it stops.\n\nGood One\n\n${ABSTRACT}\n\n  • 2 authors\n·\nApr 1, 2024\n`;
    const { dump: parsed, problems } = parse(text);
    expect(parsed.entries.map((e) => e.title)).toEqual(['Good One']);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'truncated-entry',
        line: 13,
        file: 'sources/d.txt',
        message: expect.stringContaining('"Cut Short"'),
      }),
    ]);
  });

  it('reports an entry cut short at the end of the file', () => {
    const { dump: parsed, problems } = parse(
      `${HEADER}Good\n\n${ABSTRACT}\n\n  • 2 authors\n·\nApr 1, 2024\n\nLast Title\n\nHalf an abstr`,
    );
    expect(parsed.entries).toHaveLength(1);
    expect(problems.map((p) => [p.code, p.line])).toEqual([['truncated-entry', 21]]);
  });

  it('imports an entry without an abstract and reports it', () => {
    const { dump: parsed, problems } = parse(`${HEADER}No Abstract Here\n\n  • 2 authors\n·\nApr 1, 2024\n`);
    expect(parsed.entries[0]).toMatchObject({ title: 'No Abstract Here', byline: { authors: 2 } });
    expect(parsed.entries[0]!.abstract).toBeUndefined();
    expect(problems.map((p) => [p.code, p.line, p.action])).toEqual([
      ['missing-abstract', 13, 'imported without an abstract'],
    ]);
  });

  it('tells a lost abstract after a cut-short entry from a title', () => {
    const long = 'A long abstract sentence that keeps going. '.repeat(10);
    const text = `${HEADER}Cut Short\n\n${long}\n\nNo Abstract Here\n\n  • 2 authors\n·\nApr 1, 2024\n`;
    const { dump: parsed, problems } = parse(text);
    expect(parsed.entries.map((e) => [e.title, e.abstract])).toEqual([['No Abstract Here', undefined]]);
    expect(problems.map((p) => p.code).sort()).toEqual(['missing-abstract', 'truncated-entry']);
  });

  it.each([
    ['Apr 31, 2024', 'a day that does not exist'],
    ['Foo 3, 2024', 'an unknown month'],
    ['yesterday', 'words'],
    ['Apr 1, 24', 'a two-digit year'],
  ])('skips and reports an unreadable date "%s" (%s)', (line) => {
    const { dump: parsed, problems } = parse(
      `${HEADER}Bad Date\n\n${ABSTRACT}\n\n  • 2 authors\n·\n${line}\n\nGood\n\n${ABSTRACT}\n\n  • 1 author\n·\nApr 2, 2024\n`,
    );
    expect(parsed.entries.map((e) => e.title)).toEqual(['Good']);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'bad-date', line: 19, message: expect.stringContaining(line) }),
    ]);
  });

  it('skips an entry whose "·" has no date after it', () => {
    const { dump: parsed, problems } = parse(`${HEADER}No Date\n\n${ABSTRACT}\n\n  • 2 authors\n·\n`);
    expect(parsed.entries).toEqual([]);
    expect(problems.map((p) => p.code)).toContain('missing-date');
  });

  it('reads a date that slipped below a blank line', () => {
    const { dump: parsed, problems } = parse(`${HEADER}T\n\n${ABSTRACT}\n\n  • 2 authors\n·\n\nApr 1, 2024\n`);
    expect(parsed.entries[0]!.day).toEqual({ month: 4, day: 1, year: 2024 });
    expect(problems).toEqual([]);
  });

  it('imports an entry without a byline and reports it', () => {
    const { dump: parsed, problems } = parse(`${HEADER}T\n\n${ABSTRACT}\n\n·\nApr 1, 2024\n`);
    expect(parsed.entries[0]!.byline).toBeUndefined();
    expect(problems.map((p) => p.code)).toEqual(['missing-byline']);
  });

  it('replaces control characters in a title with spaces and reports it', () => {
    const { dump: parsed, problems } = parse(
      `${HEADER}Null\u0000Bytes and\u0007 bells\n\n${ABSTRACT}\n\n  • 2 authors\n·\nApr 1, 2024\n`,
    );
    expect(parsed.entries[0]!.title).toBe('Null Bytes and bells');
    expect(problems.map((p) => [p.code, p.line])).toEqual([['control-characters', 13]]);
  });

  it('reports a text file that is not a dump once, at line 1', () => {
    const { dump: parsed, problems } = parse('Shopping list\n\nmilk\neggs\n');
    expect(parsed.entries).toEqual([]);
    expect(problems.map((p) => [p.code, p.line])).toEqual([['not-a-dump', 1]]);
  });

  it('reports a dump with a header and no complete entry', () => {
    const { problems } = parse(`${HEADER}`);
    expect(problems.map((p) => p.code)).toEqual(['no-entries']);
  });
});
