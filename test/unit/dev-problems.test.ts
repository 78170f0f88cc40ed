// A broken paper file under `astro dev`: the collection reads a paper without its invalid keys, the page names
// each problem with file, line and fix, and the link graph leaves a broken note out instead of failing every page.
import { describe, expect, it } from 'vitest';
import { buildLinkGraph } from '../../src/lib/site/backlinks.ts';
import { frontmatterProblems, withoutInvalidKeys } from '../../src/lib/dev/frontmatter-problems.ts';
import { noteFix } from '../../src/lib/dev/paper-state.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('withoutInvalidKeys', () => {
  it('gives valid data back as it is', () => {
    const data = { title: 'T', date: '2025-01-01', status: 'read' };
    expect(withoutInvalidKeys(data)).toBe(data);
  });

  it('leaves out each key the schema refuses and stands in for required ones, so the schema passes', () => {
    const data = withoutInvalidKeys({ date: 'soon', status: 'done', rating: 9, tags: ['kept'], mine: 1 });
    expect(data).toEqual({ title: '(no valid title)', date: '1970-01-01', tags: ['kept'], mine: 1 });
    expect(PaperSchema.safeParse(data).success).toBe(true);
  });
});

describe('frontmatterProblems', () => {
  it('names the file line of each invalid key and its fix', () => {
    const text = '\n---\ntitle: T\ndate: 2025-01-01\n# a comment\nstatus: done\nrating: 7\n---\nNotes.\n';
    expect(frontmatterProblems(bytes(text), 'content/papers/a/p.mdx')).toEqual([
      {
        where: 'content/papers/a/p.mdx:6',
        message: expect.stringMatching(/^status: Invalid option: expected one of "to-read"\|"reading"\|"read"/),
        fix: 'write one of to-read, reading, read, e.g. "status: to-read"',
      },
      {
        where: 'content/papers/a/p.mdx:7',
        message: expect.stringMatching(/^rating: /),
        fix: 'write a whole number from 1 to 5, e.g. "rating: 4", or remove the line',
      },
    ]);
  });

  it('names a YAML syntax error and a missing fence', () => {
    expect(frontmatterProblems(bytes('---\ntitle: T\ntags: [a\n---\n'), 'p.mdx')[0]).toMatchObject({
      where: 'p.mdx:3',
      message: expect.stringMatching(/^YAML syntax error/),
    });
    expect(frontmatterProblems(bytes('title: T\n'), 'p.mdx')[0]).toMatchObject({ where: 'p.mdx:1' });
    // The list left open, not the closed one after it where the parser notices.
    const open = '---\ntitle: T\ntags: [a, b\nthemes: [kv-cache]\n---\n';
    expect(frontmatterProblems(bytes(open), 'p.mdx')[0]).toMatchObject({ where: 'p.mdx:3', unreadable: true });
  });

  it('finds nothing in a valid file', () => {
    expect(frontmatterProblems(bytes('---\ntitle: T\ndate: 2025-01-01\n---\n'), 'p.mdx')).toEqual([]);
  });
});

describe('noteFix', () => {
  it('names the closing tag of an unclosed element', () => {
    expect(noteFix('Expected a closing tag for `<Callout>` (8:1-8:10)')).toBe(
      'add `</Callout>` where the block ends, or end the opening tag with `/>` if it holds nothing',
    );
    expect(noteFix('Unexpected character')).toMatch(/^fix the MDX syntax at that line/);
  });
});

describe('buildLinkGraph with tolerate', () => {
  const notes = [
    { id: 'a', file: 'papers/x/a.mdx', body: '<PaperLink id="b" />\n' },
    { id: 'broken', file: 'papers/x/broken.mdx', body: 'ok\n\n<Callout>\nnever closed\n', lineOffset: 4 },
    { id: 'c', file: 'papers/x/c.mdx', body: '<PaperLink id="nobody" /> and <PaperLink id="a" />\n' },
  ];

  it('throws without it, at the broken note', () => {
    expect(() => buildLinkGraph(notes, ['a', 'b', 'broken', 'c'])).toThrow(
      /^papers\/x\/broken\.mdx:7:1: the notes are not valid MDX/,
    );
  });

  it('leaves the broken note and the unknown link out, lists them, and keeps every other link', () => {
    const graph = buildLinkGraph(notes, ['a', 'b', 'broken', 'c'], { tolerate: true });
    expect(Object.fromEntries(graph.backlinks)).toEqual({ b: ['a'], a: ['c'] });
    expect([...graph.problems.keys()]).toEqual(['broken', 'c']);
    expect(graph.problems.get('broken')![0]).toMatch(/^papers\/x\/broken\.mdx:7:1: .*closing tag for `<Callout>`/);
    expect(graph.problems.get('c')![0]).toMatch(/^papers\/x\/c\.mdx:1:1: <PaperLink id="nobody"> names no paper/);
  });
});
