// Links between notes: <PaperLink> found with the MDX parser, the backlinks graph, and the unknown-id error.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  UnknownPaperLinkError,
  bodyLineOffset,
  buildLinkGraph,
  findPaperLinks,
  suggestIds,
  type NoteSource,
} from '../../src/lib/site/backlinks.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/workflow/papers');

/** The fixture's notes, read the way the site gets them: body after the frontmatter, with its line offset. */
function fixtureNotes(): NoteSource[] {
  const notes: NoteSource[] = [];
  for (const theme of fs.readdirSync(fixture)) {
    for (const name of fs.readdirSync(path.join(fixture, theme))) {
      const raw = fs.readFileSync(path.join(fixture, theme, name), 'utf8');
      const end = raw.indexOf('\n---\n', 4) + 5;
      const body = raw.slice(end);
      notes.push({
        id: name.replace(/\.mdx$/, ''),
        file: `papers/${theme}/${name}`,
        body,
        lineOffset: bodyLineOffset(raw, body),
      });
    }
  }
  return notes;
}

describe('findPaperLinks', () => {
  it('finds flow and inline links with their file positions', () => {
    const body = 'First line.\n\n<PaperLink id="alpha" />\n\nInline <PaperLink id="beta">Beta</PaperLink> here.\n';
    expect(findPaperLinks({ id: 'x', file: 'x.mdx', body, lineOffset: 5 })).toEqual([
      { target: 'alpha', line: 8, column: 1 },
      { target: 'beta', line: 10, column: 8 },
    ]);
  });

  it('ignores PaperLink written in code blocks, inline code and other components', () => {
    const body = '```\n<PaperLink id="in-fence" />\n```\n\n`<PaperLink id="in-code" />` and <Other id="x" />\n';
    expect(findPaperLinks({ id: 'x', file: 'x.mdx', body })).toEqual([]);
  });

  it('parses math and expressions the way the site does', () => {
    const body = 'Cost $O(N^{2})$ and $$\\frac{a}{b}$$ then {/* a comment */} <PaperLink id="gamma" />\n';
    expect(findPaperLinks({ id: 'x', file: 'x.mdx', body }).map((use) => use.target)).toEqual(['gamma']);
  });

  it('reports an id that is an expression rather than a string', () => {
    const uses = findPaperLinks({ id: 'x', file: 'x.mdx', body: '<PaperLink id={someVariable} />\n' });
    expect(uses).toEqual([{ target: null, line: 1, column: 1 }]);
  });

  it('names the file and line when the notes are not valid MDX', () => {
    expect(() => findPaperLinks({ id: 'x', file: 'papers/a/x.mdx', body: 'ok\n\n<Broken', lineOffset: 3 })).toThrow(
      /^papers\/a\/x\.mdx:6:\d+: the notes are not valid MDX/,
    );
  });
});

describe('buildLinkGraph', () => {
  it('computes links and backlinks of the fixture notes', () => {
    const notes = fixtureNotes();
    const graph = buildLinkGraph(
      notes,
      notes.map((n) => n.id),
    );
    expect(Object.fromEntries(graph.links)).toEqual({
      snapkv: ['h2o', 'streaming-llm'],
      h2o: ['snapkv'],
      'streaming-llm': ['minference'],
      'added-by-hand': ['kivi'],
    });
    expect(Object.fromEntries(graph.backlinks)).toEqual({
      h2o: ['snapkv'],
      'streaming-llm': ['snapkv'],
      snapkv: ['h2o'],
      minference: ['streaming-llm'],
      kivi: ['added-by-hand'],
    });
  });

  it('lists each linking paper once, sorted, and leaves out a note linking to itself', () => {
    const graph = buildLinkGraph(
      [
        { id: 'b', file: 'b.mdx', body: '<PaperLink id="t" /> <PaperLink id="t" />\n' },
        { id: 'a', file: 'a.mdx', body: '<PaperLink id="t" />\n' },
        { id: 't', file: 't.mdx', body: '<PaperLink id="t" />\n' },
      ],
      ['a', 'b', 't'],
    );
    expect(graph.backlinks.get('t')).toEqual(['a', 'b']);
    expect(graph.links.get('b')).toEqual(['t']);
  });

  it('fails with the file, line, column and unknown id, listing every bad link', () => {
    const notes: NoteSource[] = [
      { id: 'a', file: 'content/papers/x/a.mdx', body: 'See <PaperLink id="snapkw" />.\n', lineOffset: 4 },
      { id: 'b', file: 'content/papers/x/b.mdx', body: '\n<PaperLink id="nothing-like-it" />\n', lineOffset: 2 },
    ];
    let error: unknown;
    try {
      buildLinkGraph(notes, ['a', 'b', 'snapkv']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownPaperLinkError);
    const message = (error as Error).message;
    expect(message).toContain('2 links in notes name no paper');
    expect(message).toContain(
      'content/papers/x/a.mdx:5:5: <PaperLink id="snapkw"> names no paper: unknown id "snapkw"; did you mean "snapkv"?',
    );
    expect(message).toContain('content/papers/x/b.mdx:4:1: <PaperLink id="nothing-like-it"> names no paper');
    expect((error as UnknownPaperLinkError).problems.map((p) => p.target)).toEqual(['snapkw', 'nothing-like-it']);
  });
});

describe('helpers', () => {
  it('counts the frontmatter lines before a body', () => {
    const raw = '---\ntitle: A\ndate: 2025-01-01\n---\nBody\n';
    expect(bodyLineOffset(raw, 'Body\n')).toBe(4);
    expect(bodyLineOffset(raw, 'not the tail')).toBe(0);
    // The content layer may trim blank lines off the body; positions still land on the right line.
    expect(bodyLineOffset('---\ntitle: A\n---\n\n\nBody\n', 'Body')).toBe(5);
  });

  it('suggests close ids and nothing for unrelated ones', () => {
    expect(suggestIds('streaming-lm', ['streaming-llm', 'snapkv', 'h2o'])).toEqual(['streaming-llm']);
    expect(suggestIds('zzz', ['streaming-llm', 'snapkv'])).toEqual([]);
  });
});
