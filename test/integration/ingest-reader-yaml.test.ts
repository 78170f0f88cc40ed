// YAML a reader may write that ingest cannot edit safely (anchors and aliases on ingest-owned keys, alias
// bombs, syntax errors) is named with its file and real line; that file is left byte for byte, and the rest of
// the run goes on. The same holds for themes.yaml, which stops the run with one clear line instead.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProblemError } from '../../src/lib/project/errors.ts';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { dump, makeRoot, readPaper, removeRoots, runCli } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const ENTRIES = [
  { title: 'Sparse Attention for Everyone', abstract: 'We study sparse attention.', date: 'Apr 11, 2025 42' },
  { title: 'KV Cache Eviction Made Simple', abstract: 'We evict from the kv cache.', date: 'Apr 12, 2025 7' },
];

/** A content root ingested once; the dump then grows both papers' upvotes, so a re-run must update them. */
async function ingestedRoot(): Promise<{ root: string; files: string[]; regrow: () => void }> {
  const root = makeRoot({ sources: { 'a.txt': dump('Jan 7', ENTRIES) } });
  const report = await runIngestAsync({ contentRoot: root, recordDir: false });
  const files = report.papers.map((p) => path.join(root, 'papers', p.relPath!));
  const regrow = () =>
    fs.writeFileSync(
      path.join(root, 'sources', 'a.txt'),
      dump(
        'Jan 8',
        ENTRIES.map((e) => ({ ...e, date: e.date.replace(/ \d+$/, ' 500') })),
      ),
    );
  return { root, files, regrow };
}

/** Inserts reader lines just before the closing fence. */
function addReaderLines(file: string, lines: string[], replace: Array<[RegExp, string]> = []): string {
  let text = fs.readFileSync(file, 'utf8');
  for (const [pattern, by] of replace) text = text.replace(pattern, by);
  text = text.replace(/\n---\n/, `\n${lines.join('\n')}\n---\n`);
  fs.writeFileSync(file, `${text}\n## My notes\n`);
  return text;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle)) + 1;

describe('a paper file whose YAML ingest cannot edit', () => {
  it('an anchor on an ingest-owned value with a reader alias: the file is named at the anchor line and kept', async () => {
    const { root, files, regrow } = await ingestedRoot();
    const text = addReaderLines(files[0]!, ['mine: *u'], [[/^upvotes: \d+$/m, 'upvotes: &u 999']]);
    const before = fs.readFileSync(files[0]!);
    regrow();
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    const problem = report.problems.find((p) => p.code === 'yaml-anchor');
    expect(problem?.file).toBe(files[0]);
    expect(problem?.line).toBe(lineOf(text, 'upvotes:'));
    expect(problem?.message).toContain('upvotes');
    expect(fs.readFileSync(files[0]!)).toEqual(before);
    // The other paper is still updated.
    expect(readPaper(files[1]!).data.upvotes).toBe(500);
  });

  it('an alias bomb: named with the line of its first alias, kept, the rest imported', async () => {
    const { root, files, regrow } = await ingestedRoot();
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
    ])
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const text = addReaderLines(files[0]!, bomb);
    const before = fs.readFileSync(files[0]!);
    regrow();
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    const problem = report.problems.find((p) => p.code === 'yaml-alias');
    expect(problem?.file).toBe(files[0]);
    expect(problem?.line).toBe(lineOf(text, 'b: &b'));
    expect(fs.readFileSync(files[0]!)).toEqual(before);
    expect(readPaper(files[1]!).data.upvotes).toBe(500);
  });

  it('a YAML syntax error is reported at its real line, not at the top of the frontmatter', async () => {
    const { root, files, regrow } = await ingestedRoot();
    const text = addReaderLines(files[0]!, ['status: reading', 'tags: [unclosed, list', 'rating: 3']);
    regrow();
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    const problem = report.problems.find((p) => p.code === 'yaml-syntax');
    expect(problem?.file).toBe(files[0]);
    const tags = lineOf(text, 'tags:');
    expect(tags).toBeGreaterThan(8);
    expect(problem?.line).toBe(tags);
  });
});

describe('themes.yaml with YAML ingest cannot read', () => {
  const taxonomy = (extra: string[]) =>
    [
      'fallback: other',
      'themes:',
      '  - id: attention',
      '    title: Attention',
      '    description: Attention.',
      '    rules:',
      '      - terms: [attention]',
      '  - id: other',
      '    title: Other',
      '    description: The rest.',
      ...extra,
    ].join('\n');

  it('an alias bomb stops the run with the file and line, and no stack trace from the CLI', async () => {
    const bomb = ['x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    const root = makeRoot({ themes: null, sources: { 'a.txt': dump('Jan 7', ENTRIES) } });
    fs.writeFileSync(path.join(root, 'themes.yaml'), taxonomy(bomb));
    let thrown: unknown;
    try {
      await runIngestAsync({ contentRoot: root, recordDir: false });
    } catch (error) {
      thrown = error;
    }
    expect(isProblemError(thrown)).toBe(true);
    if (!isProblemError(thrown)) return;
    expect(thrown.problem.file).toContain('themes.yaml');
    expect(thrown.problem.line).toBe(12);
    const cli = runCli(['--content', root]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/themes\.yaml:12: .*alias/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it('a syntax error is reported at its real line', async () => {
    const root = makeRoot({ themes: null, sources: { 'a.txt': dump('Jan 7', ENTRIES) } });
    const text = taxonomy(['    rules:', '      - terms: [unclosed', '  - id: third']);
    fs.writeFileSync(path.join(root, 'themes.yaml'), text);
    let thrown: unknown;
    try {
      await runIngestAsync({ contentRoot: root, recordDir: false });
    } catch (error) {
      thrown = error;
    }
    expect(isProblemError(thrown)).toBe(true);
    if (!isProblemError(thrown)) return;
    expect(thrown.problem.line).toBe(text.split('\n').indexOf('      - terms: [unclosed') + 1);
  });
});
