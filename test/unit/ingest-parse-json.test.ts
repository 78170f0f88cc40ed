// Hugging Face's JSON answers as a source: told from page text by content, read into the same entries,
// and bad or foreign JSON reported with the file, the line and the reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeJson, parseHfJson } from '../../src/lib/ingest/parse-json.ts';
import { HF_API_DIR, HF_API_FILES } from '../fixtures/hf-api/expected.ts';

const source = { name: 'saved.json', file: 'sources/saved.json' };
const paper = (fields: Record<string, unknown>) => ({
  id: '2402.02750',
  title: 'KIVI',
  summary: 'An abstract.',
  publishedAt: '2024-02-05T18:59:59.000Z',
  authors: [{ name: 'Zirui Liu' }, { name: 'Jiayi Yuan' }],
  upvotes: 3,
  ...fields,
});

describe('telling JSON from page text', () => {
  it.each([
    ['[{"paper": {}}]', true],
    ['\n  {"id": "2402.02750"}', true],
    ['\uFEFF[]'.slice(1), true],
    ['new\n\nGet trending papers in your email inbox!', false],
    ['Daily Papers\n[not json]', false],
  ])('%j is JSON: %s', (text, expected) => {
    expect(looksLikeJson(text)).toBe(expected);
  });
});

describe('the five saved answers', () => {
  it.each(HF_API_FILES)('%s parses with no problem, every paper with an id, names and an explicit date', (name) => {
    const text = fs.readFileSync(path.join(HF_API_DIR, name), 'utf8');
    const { dump, problems } = parseHfJson(text, { name, file: `sources/${name}` });
    expect(problems).toEqual([]);
    expect(dump.format).toBe('json');
    expect(dump.entries).toHaveLength(JSON.parse(text).length);
    expect(dump.captured?.year).toBe(Number(name.slice(13, 17)));
    for (const entry of dump.entries) {
      expect(entry.details?.arxiv).toMatch(/^\d{4}\.\d{5}$/);
      expect(entry.details?.authorNames?.length).toBeGreaterThan(0);
      expect(entry.day.year).toBeGreaterThan(2000);
    }
  });
});

describe('one paper', () => {
  it('reads the names, the count, the organization, code and project links', () => {
    const { dump } = parseHfJson(
      JSON.stringify([
        {
          paper: paper({ githubRepo: 'https://github.com/x/y', projectPage: 'https://x.github.io/y' }),
          organization: { name: 'rice', fullname: 'Rice University' },
        },
      ]),
      source,
    );
    expect(dump.entries[0]).toMatchObject({
      title: 'KIVI',
      abstract: 'An abstract.',
      byline: { organization: 'Rice University', organizationSlug: 'rice' },
      day: { year: 2024, month: 2, day: 5 },
      upvotes: 3,
      details: {
        arxiv: '2402.02750',
        authorNames: ['Zirui Liu', 'Jiayi Yuan'],
        code: 'https://github.com/x/y',
        project: 'https://x.github.io/y',
      },
    });
  });

  it('reads the answer of api/papers/<id> (one paper, not a list)', () => {
    const { dump, problems } = parseHfJson(JSON.stringify(paper({})), source);
    expect(problems).toEqual([]);
    expect(dump.entries.map((e) => e.details?.arxiv)).toEqual(['2402.02750']);
    expect(dump.entries[0]!.byline).toEqual({ authors: 2 });
  });

  it("joins arXiv's hard line breaks, as the page shows the text", () => {
    const { dump } = parseHfJson(
      JSON.stringify([{ paper: paper({ title: 'Two\n  lines', summary: 'One\nparagraph,\n\nwrapped.' }) }]),
      source,
    );
    expect(dump.entries[0]).toMatchObject({ title: 'Two lines', abstract: 'One paragraph, wrapped.' });
  });

  it('takes the date in UTC, whatever the time zone', () => {
    const { dump } = parseHfJson(
      JSON.stringify([{ paper: paper({ publishedAt: '2024-12-31T23:30:00.000Z' }) }]),
      source,
    );
    expect(dump.entries[0]!.day).toEqual({ year: 2024, month: 12, day: 31 });
  });
});

describe('bad and foreign JSON', () => {
  const pretty = (value: unknown) => JSON.stringify(value, null, 2);
  it.each([
    ['a truncated file', '[\n  {"paper": {"id": "2402.02750",\n', 'bad-json', /not valid JSON/],
    [
      'an object of another kind',
      pretty({ name: 'package', version: '1.0.0' }),
      'not-papers-json',
      /expected a list of papers/,
    ],
    ['an error answer', pretty({ error: 'Invalid date' }), 'not-papers-json', /the server answered "Invalid date"/],
    ['a list of something else', pretty([1, 2, 3]), 'not-papers-json', /holds no paper/],
    ['an empty list', '[]', 'no-entries', /lists no paper/],
  ])('reports %s with its file and reason, and imports nothing from it', (_, text, code, message) => {
    const { dump, problems } = parseHfJson(text, source);
    expect(dump.entries).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'sources/saved.json', code, message: expect.stringMatching(message) });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it('skips a bad paper with its line and keeps the others', () => {
    const text = pretty([
      { paper: paper({}) },
      { paper: paper({ title: '' }) },
      { paper: paper({ id: 'not-an-id', title: 'Bad id' }) },
      { paper: paper({ publishedAt: 'someday', title: 'No date' }) },
      { paper: paper({ id: '2402.00001', title: 'Fine' }) },
    ]);
    const { dump, problems } = parseHfJson(text, source);
    expect(dump.entries.map((e) => e.title)).toEqual(['KIVI', 'Fine']);
    // Each problem's line is the line where that paper's object opens.
    const starts = text.split('\n').flatMap((line, index) => (line === '  {' ? [index + 1] : []));
    expect(starts).toHaveLength(5);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['bad-json-entry', starts[1]],
      ['bad-json-entry', starts[2]],
      ['bad-json-entry', starts[3]],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'paper 2: a paper without a title (expected paper.title)',
      'paper 3: "Bad id" has id "not-an-id", which is not an arXiv id such as "2402.02750"',
      'paper 4: "No date" has no readable date (expected paper.publishedAt such as "2025-01-16T20:24:56.000Z")',
    ]);
  });
});
