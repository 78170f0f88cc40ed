// A reader's mistakes in their own MDX (a syntax error in the notes, a status that does not exist) stop the
// build with a message that names the file, the line or the field, and what is wrong; nothing in the content
// root is touched. Syntax errors are caught before the build proper (src/integrations/check-notes.ts): every
// broken note is listed with its real line in the file (frontmatter included), the fix, and no stack trace.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_CONTENT, buildSite, makeContentRoot, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

const GOOD = `---
id: good-paper
title: A Good Paper About KV Cache Eviction
date: 2025-01-02
status: read
tags: [survey]
---
Notes that are fine, with math $O(n^2)$.
`;

/** A content root with one good paper and the reader's broken files. */
async function contentRoot(brokenFile: string, brokenText: string, more: Record<string, string> = {}): Promise<string> {
  const broken = Object.fromEntries(
    Object.entries({ [brokenFile]: brokenText, ...more }).map(([file, text]) => [`papers/${file}`, text]),
  );
  return makeContentRoot({
    files: {
      'themes.yaml': readFileSync(path.join(PROJECT_CONTENT, 'themes.yaml'), 'utf8'),
      'papers/kv-cache/good-paper.mdx': GOOD,
      ...broken,
    },
  });
}

/** sha256 of every file under dir, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return out;
}

/** The build's failure message (everything it printed); fails the test if the build passes. */
async function failedBuild(root: string): Promise<string> {
  const error = await buildSite({ contentRoot: root }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the build should have failed').toBeInstanceOf(Error);
  expect(error!.message).toMatch(/failed \(exit [1-9]\d*\)/);
  return error!.message;
}

const cases = [
  {
    name: 'an expression left open in the notes',
    file: 'kv-cache/open-brace.mdx',
    text: `---\nid: open-brace\ntitle: Open Brace\ndate: 2025-01-03\nstatus: reading\n---\nMy notes start here.\n\nA thought about {the cost of the cache\n\nMore notes.\n`,
    // Line 3 of the notes, line 9 of the file.
    line: /open-brace\.mdx:9:\d+: /,
    what: /closing brace/i,
  },
  {
    name: 'a component left unclosed',
    file: 'kv-cache/unclosed-callout.mdx',
    text: `---\nid: unclosed-callout\ntitle: Unclosed Callout\ndate: 2025-01-03\n---\nNotes.\n\n<Callout>\nAn unclosed callout.\n`,
    // Line 3 of the notes, line 8 of the file: where the tag opens (the parser gives no place of its own).
    line: /unclosed-callout\.mdx:8:1: /,
    what: /closing tag for `<Callout>`/,
  },
];

describe("a reader's MDX syntax error", () => {
  it.each(cases)(
    '$name fails the build with the file, the line and what is wrong',
    async ({ file, text, line, what }) => {
      const root = await contentRoot(file, text);
      const before = snapshot(root);
      const output = await failedBuild(root);
      expect(output).toContain(path.join(root, 'papers', file));
      expect(output).toMatch(line);
      expect(output).toMatch(what);
      expect(output).toContain('fix the MDX syntax at that line, or wrap literal braces/angle brackets in backticks');
      expect(output).not.toContain(':0:0');
      expect(output).not.toContain('Stack trace');
      expect(snapshot(root)).toEqual(before);
    },
  );

  it('lists every broken note in one build, each with its file and real line', async () => {
    const [first, second] = cases;
    const root = await contentRoot(first!.file, first!.text, { [second!.file]: second!.text });
    const before = snapshot(root);
    const output = await failedBuild(root);
    expect(output).toMatch(/2 notes are not valid MDX/);
    for (const { file, line, what } of cases) {
      expect(output).toContain(path.join(root, 'papers', file));
      expect(output).toMatch(line);
      expect(output).toMatch(what);
    }
    expect(output).not.toContain('Stack trace');
    expect(snapshot(root)).toEqual(before);
  });
});

describe('an invalid reader key', () => {
  it('names the file and the field of a status that does not exist, and the allowed values', async () => {
    const file = 'kv-cache/bad-status.mdx';
    const root = await contentRoot(
      file,
      `---\nid: bad-status\ntitle: Bad Status\ndate: 2025-01-03\nstatus: finished\n---\nNotes.\n`,
    );
    const before = snapshot(root);
    const output = await failedBuild(root);
    expect(output).toContain(path.join(root, 'papers', file));
    expect(output).toMatch(/status/);
    expect(output).toMatch(/to-read.*reading.*read/);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('paper files whose names cannot be ids', () => {
  it('stop the build with each file name and the rename that fixes it, and change nothing', async () => {
    const root = await contentRoot('kv-cache/My Paper.mdx', GOOD.replace('good-paper', 'my-paper'), {
      'kv-cache/Foo.mdx': GOOD.replace('id: good-paper\n', ''),
      'kv-cache/what?.mdx': GOOD.replace('id: good-paper\n', ''),
    });
    const before = snapshot(root);
    const output = await failedBuild(root);
    expect(output).toContain('My Paper.mdx: the file name "My Paper.mdx" is not a valid paper id');
    expect(output).toContain('rename it to my-paper.mdx');
    expect(output).toContain('Foo.mdx');
    expect(output).toContain('rename it to foo.mdx');
    expect(output).toContain('rename it to what.mdx');
    expect(output).not.toMatch(/ZodError|\n\s+at \S+ \(/);
    expect(snapshot(root)).toEqual(before);
  });
});
