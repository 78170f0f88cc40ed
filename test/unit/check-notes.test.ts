// The syntax check of the notes before a build: every broken note under papers/ with its real file line, the
// parser's message and the fix; valid notes, math and frontmatter-only files pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NoteSyntaxError, checkNotes, formatNoteSyntaxProblems, readNote } from '../../src/integrations/check-notes.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reading-list-check-notes-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const FRONTMATTER = '---\nid: x\ntitle: X\ndate: 2025-01-02\n---\n';

function papers(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(root, 'papers-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('checkNotes', () => {
  it('passes valid notes, math, expressions, components and files with no notes', () => {
    const dir = papers({
      'a/empty.mdx': FRONTMATTER,
      'a/math.mdx': `${FRONTMATTER}\nCost $O(n^{2})$ and $$\\frac{a}{b}$$, {/* a comment */} <Callout type="warning">ok</Callout>\n`,
      'b/code.mdx': `${FRONTMATTER}Literal \`{braces}\` and \`a < b\` in code.\n`,
    });
    expect(checkNotes(dir)).toEqual([]);
  });

  it('lists every broken note, in file order, at its line in the file', () => {
    const dir = papers({
      'b/brace.mdx': `${FRONTMATTER}\nFirst line.\n\nA thought about {the cost\n`,
      'a/callout.mdx': `${FRONTMATTER}Notes.\n\n<Callout>\nNever closed.\n`,
      'a/fine.mdx': `${FRONTMATTER}Fine.\n`,
    });
    const problems = checkNotes(dir).map(({ file, line, column, reason }) => ({
      file: path.relative(dir, file),
      line,
      column,
      reason,
    }));
    expect(problems).toEqual([
      {
        file: path.join('a', 'callout.mdx'),
        line: 8,
        column: 1,
        reason: 'Expected a closing tag for `<Callout>` (8:1-8:10)',
      },
      {
        file: path.join('b', 'brace.mdx'),
        line: 9,
        column: expect.any(Number),
        reason: expect.stringMatching(/closing brace/),
      },
    ]);
  });

  it('leaves out hidden files and folders, as the collection does, and a missing folder has no problems', () => {
    const dir = papers({ '.drafts/broken.mdx': `${FRONTMATTER}{\n`, 'a/.broken.mdx': `${FRONTMATTER}{\n` });
    expect(checkNotes(dir)).toEqual([]);
    expect(checkNotes(path.join(root, 'no-such-folder'))).toEqual([]);
  });
});

describe('readNote', () => {
  it('gives the body as the content layer does (trimmed) with the lines before it', () => {
    const dir = papers({ 'a/x.mdx': `${FRONTMATTER}\n\nNotes.\n\n` });
    const note = readNote(path.join(dir, 'a', 'x.mdx'));
    expect(note).toMatchObject({ id: 'x', body: 'Notes.', lineOffset: 7 });
  });
});

describe('the build error', () => {
  it('lists each problem as file:line:column, then the fix, with no stack trace', () => {
    const problems = [
      {
        file: 'content/papers/a/x.mdx',
        line: 9,
        column: 17,
        reason: 'Unexpected end of file in expression',
        cause: undefined,
      },
      { file: 'content/papers/b/y.mdx', reason: 'Something without a place', cause: undefined },
    ];
    const error = new NoteSyntaxError(problems);
    expect(error.message).toBe(formatNoteSyntaxProblems(problems));
    expect(error.message.split('\n')).toEqual([
      '2 notes are not valid MDX:',
      '  content/papers/a/x.mdx:9:17: Unexpected end of file in expression',
      '  content/papers/b/y.mdx: Something without a place',
      'To fix: fix the MDX syntax at that line, or wrap literal braces/angle brackets in backticks (`{like this}`, `a < b`) or escape them (\\{, \\<).',
    ]);
    expect(error.stack).toBe('');
  });
});
