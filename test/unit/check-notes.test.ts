// The syntax check of the notes before a build: every broken note under papers/ with its real file line, the
// parser's message and the fix; valid notes, math and frontmatter-only files pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import checkNotesIntegration, {
  NOTE_EXPRESSION_FIX,
  noteSyntaxError,
  paperNameError,
  checkNoteExpressions,
  checkNotes,
  checkFrontmatterAliases,
  checkPaperNames,
  formatNoteSyntaxProblems,
  noteFiles,
  readNote,
} from '../../src/integrations/check-notes.ts';

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
    expect(formatNoteSyntaxProblems(problems).split('\n')).toEqual([
      '2 notes are not valid MDX:',
      '  content/papers/a/x.mdx:9:17: Unexpected end of file in expression',
      '  content/papers/b/y.mdx: Something without a place',
      'To fix: fix the MDX syntax at that line, or wrap literal braces/angle brackets in backticks (`{like this}`, `a < b`) or escape them (\\{, \\<).',
    ]);
    // The build throws Astro's own error: the list as the message, the fix as the hint, no stack trace.
    const error = noteSyntaxError(problems);
    expect(error.name).toBe('AstroUserError');
    expect(error.message.split('\n')).toEqual(formatNoteSyntaxProblems(problems).split('\n').slice(0, 3));
    expect(error.hint).toBe(
      'fix the MDX syntax at that line, or wrap literal braces/angle brackets in backticks (`{like this}`, `a < b`) or escape them (\\{, \\<).',
    );
    expect(error.stack).toBe('');
  });
});

describe('paper file names that cannot be ids', () => {
  it('are each listed by the build with the rename that fixes them, then the build stops', () => {
    const dir = papers({
      'a/foo.mdx': FRONTMATTER,
      'a/Foo.mdx': FRONTMATTER,
      'a/My Paper.mdx': FRONTMATTER,
      'b/what?.mdx': FRONTMATTER,
      'b/c#%20sharp.mdx': FRONTMATTER,
      'b/cafe\u0301.mdx': FRONTMATTER,
      'b/aux.mdx': FRONTMATTER,
    });
    const issues = checkPaperNames(dir);
    expect(issues.map((i) => [path.basename(i.file), i.fix])).toEqual([
      ['Foo.mdx', 'rename it to foo.mdx'],
      ['My Paper.mdx', 'rename it to my-paper.mdx'],
      ['aux.mdx', 'rename it to aux-paper.mdx'],
      ['c#%20sharp.mdx', 'rename it to c-20sharp.mdx'],
      ['cafe\u0301.mdx', 'rename it to cafe.mdx'],
      ['what?.mdx', 'rename it to what.mdx'],
    ]);
    const error = paperNameError(issues);
    expect(error.stack).toBe('');
    expect(error.message).toContain(
      `${issues[1]!.file}: the file name "My Paper.mdx" is not a valid paper id (ids are lower-case letters, digits and single hyphens) — rename it to my-paper.mdx`,
    );
    expect(error.hint).toMatch(/^do as each line says/);
  });

  it('stop `astro build` at config setup, and only warn under `astro dev`', () => {
    const dir = papers({ 'a/My Paper.mdx': FRONTMATTER });
    const contentRoot = path.dirname(dir);
    const papersDir = path.join(contentRoot, 'papers');
    fs.renameSync(dir, papersDir);
    const previous = process.env.READING_LIST_CONTENT;
    process.env.READING_LIST_CONTENT = contentRoot;
    try {
      const setup = checkNotesIntegration().hooks['astro:config:setup'] as unknown as (options: object) => void;
      const warnings: string[] = [];
      const logger = { warn: (m: string) => warnings.push(m), info: () => {} };
      expect(() => setup({ command: 'build', logger })).toThrow(/My Paper\.mdx.*rename it to my-paper\.mdx/);
      setup({ command: 'dev', logger });
      expect(warnings.join('\n')).toContain('rename it to my-paper.mdx');
    } finally {
      if (previous === undefined) delete process.env.READING_LIST_CONTENT;
      else process.env.READING_LIST_CONTENT = previous;
      fs.rmSync(papersDir, { recursive: true, force: true });
    }
  });
});

describe('frontmatter aliases the content layer cannot read', () => {
  it('an alias bomb or an alias without its anchor is named with its file and line', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `b${i}: &b${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*b${i - 1}`)
          .join(', ')}]`,
      );
    const dir = papers({
      'a/bomb.mdx': `---\ntitle: Bomb\ndate: 2025-01-02\n${bomb.join('\n')}\n---\nNotes.\n`,
      'a/lost.mdx': '---\ntitle: Lost\ndate: 2025-01-02\nmine: *u\n---\n',
      'a/fine.mdx': '---\ntitle: Fine\ndate: 2025-01-02\nupvotes: &u 3\nmine: *u\n---\n',
    });
    const issues = checkFrontmatterAliases(dir);
    expect(issues.map((i) => path.basename(i.file))).toEqual(['bomb.mdx:5', 'lost.mdx:4']);
    expect(issues[0]!.message).toContain('alias bomb');
  });
});

describe('notes behind links', () => {
  it('are checked like any other: a linked theme folder and a linked paper file, each once; a loop ends', () => {
    const outside = papers({ 'broken.mdx': `${FRONTMATTER}\nA thought about {the cost\n`, 'fine.mdx': FRONTMATTER });
    const dir = papers({ 'a/own.mdx': FRONTMATTER });
    fs.symlinkSync(outside, path.join(dir, 'linked-theme'), 'dir');
    fs.symlinkSync(path.join(outside, 'fine.mdx'), path.join(dir, 'a', 'linked.mdx'));
    fs.symlinkSync(dir, path.join(dir, 'a', 'loop'), 'dir');
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'a', 'dangling.mdx'));
    expect(noteFiles(dir).map((f) => path.relative(dir, f))).toEqual([
      'a/linked.mdx',
      'a/own.mdx',
      'linked-theme/broken.mdx',
      'linked-theme/fine.mdx',
    ]);
    expect(checkNotes(dir).map((p) => path.relative(dir, p.file))).toEqual(['linked-theme/broken.mdx']);
  });
});

describe('bare JavaScript expressions in notes', () => {
  const NOTE = [
    'Tried batch {1, 2, 4} first.', // line 6: MDX would show "batch 4"
    '',
    '{/* a comment shows nothing, as meant */}',
    '',
    'Escaped \\{1, 2, 4} and math $\\{1, 2, 4\\}$ and code `{1, 2}` stay as written.',
    '',
    '{x + 1}', // line 12: a flow expression
    '',
    '<Callout title={"kept"}>An attribute is meant as code.</Callout>',
  ].join('\n');

  it('are each listed at file:line:column; comments, escaped braces, math, code and attributes are not', () => {
    const dir = papers({ 'a/braces.mdx': `${FRONTMATTER}${NOTE}\n`, 'a/fine.mdx': `${FRONTMATTER}Fine.\n` });
    expect(checkNotes(dir)).toEqual([]);
    const found = checkNoteExpressions(dir).map(({ file, ...rest }) => ({ file: path.relative(dir, file), ...rest }));
    expect(found).toEqual([
      { file: path.join('a', 'braces.mdx'), source: '{1, 2, 4}', line: 6, column: 13 },
      { file: path.join('a', 'braces.mdx'), source: '{x + 1}', line: 12, column: 1 },
    ]);
  });

  it('warn in `astro build` and `astro dev` with the place and the fix, and the build goes on', () => {
    const contentRoot = fs.mkdtempSync(path.join(root, 'content-'));
    fs.mkdirSync(path.join(contentRoot, 'papers', 'a'), { recursive: true });
    fs.writeFileSync(path.join(contentRoot, 'papers', 'a', 'braces.mdx'), `${FRONTMATTER}${NOTE}\n`);
    const previous = process.env.READING_LIST_CONTENT;
    process.env.READING_LIST_CONTENT = contentRoot;
    try {
      const setup = checkNotesIntegration().hooks['astro:config:setup'] as unknown as (options: object) => void;
      for (const command of ['build', 'dev']) {
        const warnings: string[] = [];
        setup({ command, logger: { warn: (m: string) => warnings.push(m), info: () => {} } });
        expect(warnings).toHaveLength(1);
        const lines = warnings[0]!.split('\n');
        expect(lines[0]).toBe(
          '2 JavaScript expressions in notes where braces may have been meant (MDX shows the value of {…}, not the braces):',
        );
        expect(lines[1]).toMatch(/papers\/a\/braces\.mdx:6:13: \{1, 2, 4\}$/);
        expect(lines[2]).toMatch(/papers\/a\/braces\.mdx:12:1: \{x \+ 1\}$/);
        expect(lines[3]).toBe(`To fix: ${NOTE_EXPRESSION_FIX}.`);
        expect(NOTE_EXPRESSION_FIX).toContain('\\{1, 2, 4}');
      }
    } finally {
      if (previous === undefined) delete process.env.READING_LIST_CONTENT;
      else process.env.READING_LIST_CONTENT = previous;
    }
  });
});
