// The day a paper arrived (`added`): the earliest capture date of its dumps, else today; written once, into a new
// file or a file without it, and never rewritten (not by a re-import, a later dump, a theme move or a later today);
// a value the reader writes is theirs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { arrivalDay, captureDates } from '../../src/lib/ingest/arrival.ts';
import { splitFrontmatter } from '../../src/lib/ingest/frontmatter.ts';
import { normalizeTitle } from '../../src/lib/ingest/merge.ts';
import { inspectFiles, planPapers, type Operation } from '../../src/lib/ingest/plan.ts';
import type { IdentifiedPaper, PaperFile } from '../../src/lib/ingest/types.ts';
import { parseTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { FIXTURES } from '../fixtures/ingest/helpers.ts';

const taxonomy = parseTaxonomy(fs.readFileSync(path.join(FIXTURES, 'themes.yaml'), 'utf8'), 'themes.yaml');

function paper(fields: Partial<IdentifiedPaper> = {}): IdentifiedPaper {
  const title = 'Squeezing the KV Cache of Attention';
  return {
    key: normalizeTitle(title),
    id: 'squeezing-the-kv-cache',
    title,
    abstract: 'We evict entries from the KV cache of attention layers.',
    date: '2025-04-11',
    yearInferred: false,
    authors: 4,
    upvotes: 3,
    sources: ['a.txt'],
    occurrences: [],
    added: '2025-04-12',
    ...fields,
  };
}

function file(relPath: string, content: string): PaperFile {
  return {
    relPath,
    folder: relPath.slice(0, relPath.lastIndexOf('/')),
    name: relPath.slice(relPath.lastIndexOf('/') + 1),
    file: `papers/${relPath}`,
    bytes: new TextEncoder().encode(content),
  };
}

const NOTES = '\nMy notes.\n';
/** A file as ingest leaves it, with `added` when given. */
function managed(themes: string[], added?: string, extra = ''): string {
  const p = paper();
  return `---\nid: ${p.id}\ntitle: ${p.title}\nabstract: ${p.abstract}\ndate: "${p.date}"\n${added === undefined ? '' : `added: ${added}\n`}authors: ${p.authors}\nupvotes: ${p.upvotes}\nsources: [a.txt]\nthemes: [${themes.join(', ')}]\n${extra}---\n${NOTES}`;
}

const plan = (papers: IdentifiedPaper[], files: PaperFile[]) => planPapers(papers, inspectFiles(files).infos, taxonomy);
const written = (op: Operation | undefined) => (op && op.kind === 'write' ? new TextDecoder().decode(op.bytes) : '');
const frontmatterOf = (content: string) => {
  const split = splitFrontmatter(new TextEncoder().encode(content));
  if (!split.ok) throw new Error(split.message);
  return parse(split.split.frontmatter) as Record<string, unknown>;
};

describe('arrivalDay', () => {
  const captures = captureDates([
    { name: 'late.txt', captureDate: '2026-01-07' },
    { name: 'early.txt', captureDate: '2025-10-28' },
    { name: 'no-day.txt' },
  ]);

  it('is the capture date of the earliest dump that holds the paper, whatever the order of its sources', () => {
    expect(arrivalDay(['late.txt', 'early.txt'], captures, '2026-12-01')).toBe('2025-10-28');
    expect(arrivalDay(['early.txt', 'late.txt'], captures, '2026-12-01')).toBe('2025-10-28');
    expect(arrivalDay(['late.txt'], captures, '2026-12-01')).toBe('2026-01-07');
  });

  it('passes over a dump that shows no capture day', () => {
    expect(captures.has('no-day.txt')).toBe(false);
    expect(arrivalDay(['no-day.txt', 'late.txt'], captures, '2026-12-01')).toBe('2026-01-07');
  });

  it('is today when no dump of the paper shows its capture day, or when the capture is after today', () => {
    expect(arrivalDay(['no-day.txt'], captures, '2026-12-01')).toBe('2026-12-01');
    expect(arrivalDay([], captures, '2026-12-01')).toBe('2026-12-01');
    expect(arrivalDay(['late.txt'], captures, '2025-12-31')).toBe('2025-12-31');
  });
});

describe('added: written once', () => {
  it('is written into a new file, after the date', () => {
    const content = written(plan([paper()], []).operations[0]);
    expect(frontmatterOf(content).added).toBe('2025-04-12');
    expect(Object.keys(frontmatterOf(content)).slice(0, 5)).toEqual(['id', 'title', 'abstract', 'date', 'added']);
  });

  it('is never rewritten: a re-import with another arrival day leaves the file as it is', () => {
    const before = managed(['kv-cache', 'attention'], '"2025-04-12"');
    const result = plan([paper({ added: '2026-03-01' })], [file('kv-cache/squeezing-the-kv-cache.mdx', before)]);
    expect(result.operations).toEqual([]);
    expect(result.results[0]!.outcome).toBe('unchanged');
  });

  it('is kept, byte for byte, when other ingest keys change', () => {
    const before = managed(['kv-cache', 'attention'], '"2025-04-12"');
    const result = plan(
      [paper({ added: '2026-03-01', upvotes: 9, sources: ['a.txt', 'b.txt'] })],
      [file('kv-cache/squeezing-the-kv-cache.mdx', before)],
    );
    expect(written(result.operations[0])).toBe(
      before.replace('upvotes: 3', 'upvotes: 9').replace('sources: [a.txt]', 'sources: [a.txt, b.txt]'),
    );
  });

  it('moves with its file when the primary theme changes, unchanged', () => {
    const before = managed(['attention'], '"2025-04-12" # first seen on the daily page');
    const result = plan([paper({ added: '2026-03-01' })], [file('attention/squeezing-the-kv-cache.mdx', before)]);
    expect(result.operations.map((op) => op.kind)).toEqual(['move', 'write']);
    expect(written(result.operations[1])).toBe(before.replace('themes: [attention]', 'themes: [kv-cache, attention]'));
  });

  it("keeps the reader's own value, even one that is not a date (the schema check reports that)", () => {
    const edited = managed(['kv-cache', 'attention'], '2024-01-01 # I read it at a workshop');
    expect(plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', edited)]).operations).toEqual([]);

    const wrong = managed(['kv-cache', 'attention'], 'last spring');
    const result = plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', wrong)]);
    expect(result.operations).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'invalid-field', line: 6, message: expect.stringMatching(/^added: /) }),
    ]);
  });

  it('fills a file of an earlier ingest that has none, once; the next import leaves it', () => {
    const older = managed(['kv-cache', 'attention'], undefined, 'status: reading\n');
    const first = plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', older)]);
    expect(first.results[0]!.outcome).toBe('updated');
    const filled = written(first.operations[0]);
    expect(filled).toBe(older.replace('date: "2025-04-11"\n', 'date: "2025-04-11"\nadded: "2025-04-12"\n'));

    const again = plan([paper({ added: '2027-01-01' })], [file('kv-cache/squeezing-the-kv-cache.mdx', filled)]);
    expect(again.operations).toEqual([]);
  });

  it('is not written into a hand-added file', () => {
    const before = '---\ntitle: squeezing the kv cache\ndate: 2025-04-01\n---\nMine.\n';
    expect(plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', before)]).operations).toEqual([]);
  });
});
