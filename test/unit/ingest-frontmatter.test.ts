// Frontmatter editing: only ingest keys change, every other byte stays; dump text stays a YAML string.
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INGEST_KEYS } from '../../src/schemas/paper.ts';
import {
  FrontmatterEditError,
  joinFile,
  renderNewFile,
  renderPair,
  setKeys,
  splitFrontmatter,
} from '../../src/lib/ingest/frontmatter.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const set = (frontmatter: string, fields: Array<[string, string | number | string[] | undefined]>, eol = '\n') =>
  setKeys(frontmatter, fields, INGEST_KEYS, eol);

describe('splitFrontmatter', () => {
  it('splits at the fences and keeps the body bytes untouched', () => {
    const body = new Uint8Array([...bytes('\nNotes with $x^2$.\n---\nnot a fence for us\n'), 0xff, 0xfe]);
    const file = new Uint8Array([...bytes('---\ntitle: T\n---\n'), ...body]);
    const result = splitFrontmatter(file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.split.frontmatter).toBe('title: T\n');
    expect([...result.split.body]).toEqual([...body]);
    expect(result.split.firstLine).toBe(2);
    expect([...joinFile(result.split, result.split.frontmatter)]).toEqual([...file]);
  });

  it.each([
    ['a byte order mark', '\uFEFF---\ntitle: T\n---\nbody', 'title: T\n', '\n'],
    ['CRLF line breaks', '---\r\ntitle: T\r\n---\r\nbody', 'title: T\r\n', '\r\n'],
    ['blank lines before the fence', '\n\n---\ntitle: T\n---\n', 'title: T\n', '\n'],
    ['a closing fence at the end of the file', '---\ntitle: T\n---', 'title: T\n', '\n'],
    ['an empty frontmatter', '---\n---\nbody', '', '\n'],
  ])('reads a file with %s', (_name, file, frontmatter, eol) => {
    const result = splitFrontmatter(bytes(file));
    expect(result.ok && result.split.frontmatter).toBe(frontmatter);
    expect(result.ok && result.split.eol).toBe(eol);
    if (result.ok) expect([...joinFile(result.split, result.split.frontmatter)]).toEqual([...bytes(file)]);
  });

  it.each([
    ['no frontmatter', 'Just notes.\n', 1],
    ['no closing fence', '---\ntitle: T\n', 1],
    ['a line that starts with --- inside the frontmatter', '---\ntitle: T\n--- x\n---\n', 3],
  ])('refuses a file with %s, naming the line', (_name, file, line) => {
    const result = splitFrontmatter(bytes(file));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.line).toBe(line);
  });
});

describe('setKeys: only the keys being set change', () => {
  const reader = [
    '# Reading notes: keep this comment',
    'id: p',
    'title: Old Title # a trailing comment',
    'date: 2025-04-11',
    'authors: 3',
    'upvotes: 2   # it was 2 on Monday',
    'sources: [ a.txt ]',
    'themes:',
    '- kv-cache',
    '',
    '# my keys',
    'status: reading',
    'tags:   [ "must read",   survey ]',
    'rating: 5',
    "quote: 'single quoted'",
    'nested:',
    '    deep:   { a: 1 }',
    '# the end',
    '',
  ].join('\n');

  it('leaves the text byte-identical when every value is already right', () => {
    const same = set(reader, [
      ['id', 'p'],
      ['title', 'Old Title'],
      ['date', '2025-04-11'],
      ['authors', 3],
      ['upvotes', 2],
      ['sources', ['a.txt']],
      ['themes', ['kv-cache']],
    ]);
    expect(same).toBe(reader);
  });

  it('rewrites changed values and keeps every other byte, comments included', () => {
    const next = set(reader, [
      ['title', 'New: Title'],
      ['upvotes', 9],
      ['sources', ['a.txt', 'b.txt']],
      ['themes', ['attention', 'kv-cache']],
    ]);
    expect(next).toBe(
      reader
        .replace('title: Old Title # a trailing comment', 'title: "New: Title" # a trailing comment')
        .replace('upvotes: 2   # it was 2 on Monday', 'upvotes: 9   # it was 2 on Monday')
        .replace('sources: [ a.txt ]', 'sources: [a.txt, b.txt]')
        .replace('themes:\n- kv-cache\n', 'themes: [attention, kv-cache]\n'),
    );
  });

  it('adds a missing ingest key after the ingest key before it', () => {
    expect(set('title: T\ndate: 2025-01-01\nstatus: read\n', [['abstract', 'An abstract.']])).toBe(
      'title: T\nabstract: An abstract.\ndate: 2025-01-01\nstatus: read\n',
    );
    expect(set('# mine\ntitle: T\n', [['id', 'p']])).toBe('# mine\nid: p\ntitle: T\n');
  });

  it('appends a key that is not an ingest key at the end', () => {
    expect(set('title: T\nthemes: [a]\nstatus: read\n# end\n', [['pin', 'a']])).toBe(
      'title: T\nthemes: [a]\nstatus: read\npin: a\n# end\n',
    );
  });

  it('removes a key set to undefined and keeps its comments', () => {
    const before = 'title: T\n# how many\nauthors: 3 # counted\ndate: 2025-01-01\n';
    const after = set(before, [
      ['authors', undefined],
      ['organization', 'Amazon'],
    ]);
    expect(after).toBe('title: T\n# how many\n# counted\ndate: 2025-01-01\norganization: Amazon\n');
  });

  it('keeps comments that sat inside a list it replaces', () => {
    expect(set('sources:\n  - a.txt # first\n  # then\n  - b.txt\nstatus: read\n', [['sources', ['c.txt']]])).toBe(
      '# first\n# then\nsources: [c.txt]\nstatus: read\n',
    );
  });

  it('fills an empty or comment-only frontmatter', () => {
    expect(
      set('', [
        ['title', 'T'],
        ['date', '2025-01-01'],
      ]),
    ).toBe('title: T\ndate: "2025-01-01"\n');
    expect(set('# just a comment\n', [['title', 'T']])).toBe('# just a comment\ntitle: T\n');
  });

  it('keeps CRLF line breaks', () => {
    expect(
      set(
        'title: T\r\nstatus: read\r\n',
        [
          ['title', 'U'],
          ['upvotes', 1],
        ],
        '\r\n',
      ),
    ).toBe('title: U\r\nupvotes: 1\r\nstatus: read\r\n');
  });

  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just text\n'],
    ['two documents', 'title: T\n---\ntitle: U\n'],
  ])('refuses frontmatter that is %s', (_name, frontmatter) => {
    expect(() => set(frontmatter, [['title', 'T']])).toThrow(FrontmatterEditError);
  });
});

describe('renderPair: dump text stays a string for every YAML reader', () => {
  const hostile = [
    "import fs from 'node:fs'",
    'export const x = 1',
    '{alert(1)}',
    '<script>alert(1)</script>',
    '---',
    '--- title: injected --- status: read ---',
    '...',
    '$O(N^2)$ and 95\\% and \\textbf{bold} and \\url{x}',
    '{{double}} and {/* comment */} and ${alert(2)}',
    'key: value # not a comment',
    '- not a list',
    '? not a key',
    '&anchor *alias !tag %directive @at `tick` | > \' "',
    '2025-01-01',
    'yes',
    'null',
    '~',
    '12:30',
    '0x1F',
    '1e3',
    ' leading and trailing ',
    'tab\there',
    'אוניברסיטת תל אביב and \u202Eoverride',
    '😀 emoji',
    'x'.repeat(5000),
  ];

  it.each(hostile.map((value) => [value.slice(0, 40), value]))('%s', (_label, value) => {
    const line = renderPair('title', value);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(line.startsWith('title: ')).toBe(true);
    expect(parse(line)).toEqual({ title: value });
    // Astro reads frontmatter with js-yaml: it must see the same string.
    expect(parseFrontmatter(`---\n${line}---\n`).frontmatter).toEqual({ title: value });
  });

  it('writes a new file whose frontmatter parses back to the fields and whose body is empty', () => {
    const file = text(
      renderNewFile([
        ['id', 'p'],
        ['title', '---'],
        ['date', '2025-01-02'],
        ['authors', undefined],
        ['organization', 'Meta'],
        ['upvotes', 0],
        ['sources', ['a.txt']],
        ['themes', ['x']],
      ]),
    );
    expect(file).toBe(
      '---\nid: p\ntitle: ---\ndate: "2025-01-02"\norganization: Meta\nupvotes: 0\nsources: [a.txt]\nthemes: [x]\n---\n',
    );
    const split = splitFrontmatter(bytes(file));
    expect(parseFrontmatter(file).frontmatter).toMatchObject({ title: '---', date: '2025-01-02', upvotes: 0 });
    expect(split.ok && split.split.body.length).toBe(0);
  });
});
