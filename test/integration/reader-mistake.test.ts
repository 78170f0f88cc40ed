// A reader's mistakes in their own MDX (a syntax error in the notes, a status that does not exist) stop the
// build with a message that names the file, the line or the field, and what is wrong; nothing in the content
// root is touched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(os.tmpdir(), 'reader-mistake-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const GOOD = `---
id: good-paper
title: A Good Paper About KV Cache Eviction
date: 2025-01-02
status: read
tags: [survey]
---
Notes that are fine, with math $O(n^2)$.
`;

/** A content root with one good paper and the reader's broken file; returns its path. */
function contentRoot(name: string, brokenFile: string, brokenText: string): string {
  const root = path.join(temp, name, 'content');
  mkdirSync(path.join(root, 'papers', 'kv-cache'), { recursive: true });
  mkdirSync(path.join(root, 'sources'), { recursive: true });
  cpSync(path.join(REPO, 'content', 'themes.yaml'), path.join(root, 'themes.yaml'));
  writeFileSync(path.join(root, 'papers', 'kv-cache', 'good-paper.mdx'), GOOD);
  writeFileSync(path.join(root, 'papers', brokenFile), brokenText);
  return root;
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

function build(root: string, name: string): { status: number | null; output: string } {
  const result = spawnSync(path.join(REPO, 'node_modules', '.bin', 'astro'), ['build'], {
    cwd: REPO,
    encoding: 'utf8',
    env: {
      ...process.env,
      READING_LIST_CONTENT: root,
      READING_LIST_OUT: path.join(temp, name, 'dist'),
      READING_LIST_CACHE: path.join(temp, name, 'cache'),
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const cases = [
  {
    name: 'an expression left open in the notes',
    file: 'kv-cache/open-brace.mdx',
    text: `---\nid: open-brace\ntitle: Open Brace\ndate: 2025-01-03\nstatus: reading\n---\nMy notes start here.\n\nA thought about {the cost of the cache\n\nMore notes.\n`,
    line: /open-brace\.mdx:9:/,
    what: /closing brace/i,
  },
  {
    name: 'a component left unclosed',
    file: 'kv-cache/unclosed-callout.mdx',
    text: `---\nid: unclosed-callout\ntitle: Unclosed Callout\ndate: 2025-01-03\n---\nNotes.\n\n<Callout>\nAn unclosed callout.\n`,
    line: /\(8:1-8:10\)|unclosed-callout\.mdx:8:/,
    what: /closing tag for `<Callout>`/,
  },
];

describe("a reader's MDX syntax error", () => {
  it.each(cases)('$name fails the build with the file, the line and what is wrong', ({ name, file, text, line, what }) => {
    const root = contentRoot(name.replace(/\W+/g, '-'), file, text);
    const before = snapshot(root);
    const { status, output } = build(root, name.replace(/\W+/g, '-'));
    expect(status).not.toBe(0);
    expect(output).toContain(path.join(root, 'papers', file));
    expect(output).toMatch(line);
    expect(output).toMatch(what);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('an invalid reader key', () => {
  it('names the file and the field of a status that does not exist, and the allowed values', () => {
    const file = 'kv-cache/bad-status.mdx';
    const root = contentRoot('bad-status', file, `---\nid: bad-status\ntitle: Bad Status\ndate: 2025-01-03\nstatus: finished\n---\nNotes.\n`);
    const before = snapshot(root);
    const { status, output } = build(root, 'bad-status');
    expect(status).not.toBe(0);
    expect(output).toContain(path.join(root, 'papers', file));
    expect(output).toMatch(/status/);
    expect(output).toMatch(/to-read.*reading.*read/);
    expect(snapshot(root)).toEqual(before);
  });
});
