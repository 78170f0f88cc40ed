// Values and names the site cannot take are caught at ingest, with the file, the line and the fix: a 24-digit
// upvote or author count (which YAML would write as 1.23e+23 and the build's schema refuse), hand-added
// files whose names are not ids (capitals, spaces, "?", "#", "%20", decomposed Unicode), Windows device
// names. Everything valid is still imported.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { paperNameProblem } from '../../src/lib/ingest/paper-names.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { dump, makeRoot, readPaper, removeRoots, runCli } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const HUGE = '123456789012345678901234';

describe('counts too large for the schema', () => {
  const text = dump('Jan 7', [
    { title: 'Huge Upvotes Paper', abstract: 'Sparse attention at scale.', date: `Apr 11, 2025 ${HUGE}` },
    {
      title: 'Huge Author Count Paper',
      abstract: 'Sparse attention for many authors.',
      byline: `  • ${HUGE} authors`,
      date: 'Apr 12, 2025 3',
    },
    { title: 'A Normal Paper', abstract: 'Sparse attention, normally.', date: 'Apr 13, 2025 5' },
  ]);
  const lines = text.split('\n');

  it('are reported at their dump line, the papers imported with valid values the site schema accepts', async () => {
    const root = makeRoot({ sources: { 'a.txt': text } });
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    const counts = report.problems.filter((p) => p.code === 'bad-count');
    expect(counts.map((p) => p.line)).toEqual([
      lines.indexOf(`Apr 11, 2025 ${HUGE}`) + 1,
      lines.indexOf(`  • ${HUGE} authors`) + 1,
    ]);
    for (const problem of counts) expect(problem.file).toMatch(/sources\/a\.txt$/);
    expect(report.papers).toHaveLength(3);
    for (const paper of report.papers) {
      const file = path.join(root, 'papers', paper.relPath!);
      const raw = fs.readFileSync(file, 'utf8');
      expect(raw).not.toMatch(/e\+\d/);
      expect(PaperSchema.safeParse(readPaper(file).data).success).toBe(true);
    }
    const byTitle = new Map(report.papers.map((p) => [p.title, readPaper(path.join(root, 'papers', p.relPath!)).data]));
    expect(byTitle.get('Huge Upvotes Paper')?.upvotes).toBe(0);
    expect(byTitle.get('Huge Author Count Paper')?.authors).toBeUndefined();
    expect(byTitle.get('A Normal Paper')?.upvotes).toBe(5);
  });

  it('make --strict exit 1 and name the dump line', async () => {
    const root = makeRoot({ sources: { 'a.txt': text } });
    const cli = runCli(['--content', root, '--strict']);
    expect(cli.status).toBe(1);
    expect(cli.stdout + cli.stderr).toMatch(
      new RegExp(`a\\.txt:${lines.indexOf(`Apr 11, 2025 ${HUGE}`) + 1}: .*upvote`),
    );
  });
});

describe('hand-added files whose names are not ids', () => {
  const paper = (title: string) => `---\ntitle: ${title}\ndate: 2025-01-01\n---\n\nMy notes on ${title}.\n`;
  const BAD = ['Foo.mdx', 'My Paper.mdx', 'what?.mdx', 'c#%20sharp.mdx', 'cafe\u0301.mdx', 'con.mdx', 'nul.mdx'];

  it.each([
    ['Foo.mdx', 'foo.mdx'],
    ['My Paper.mdx', 'my-paper.mdx'],
    ['what?.mdx', 'what.mdx'],
    ['c#%20sharp.mdx', 'c-20sharp.mdx'],
    ['cafe\u0301.mdx', 'cafe.mdx'],
    ['con.mdx', 'con-paper.mdx'],
    ['COM1.mdx', 'com1-paper.mdx'],
  ])('%s is named with the rename that fixes it (%s)', (name, fixed) => {
    expect(paperNameProblem(name)?.fix).toBe(`rename it to ${fixed}`);
  });

  it('accepts every id ingest writes', async () => {
    for (const name of ['foo.mdx', 'kv-cache-2.mdx', 'a.mdx', 'con-paper.mdx', 'console.mdx'])
      expect(paperNameProblem(name)).toBeUndefined();
  });

  it('ingest reports each by its file name, leaves every byte, and imports the rest', async () => {
    const files = Object.fromEntries(BAD.map((name, i) => [`papers/attention/${name}`, paper(`Hand paper ${i}`)]));
    files['papers/attention/foo.mdx'] = paper('The lower-case twin');
    const root = makeRoot({
      files,
      sources: {
        'a.txt': dump('Jan 7', [{ title: 'Sparse Attention Today', abstract: 'Sparse.', date: 'Apr 1, 2025' }]),
      },
    });
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    const named = report.problems.filter((p) => p.code === 'bad-file-name');
    expect(named.map((p) => path.basename(p.file)).sort()).toEqual([...BAD].sort());
    for (const problem of named) expect(problem.action).toMatch(/^rename it to [a-z0-9-]+\.mdx/);
    for (const name of BAD)
      expect(fs.readFileSync(path.join(root, 'papers', 'attention', name), 'utf8')).toBe(
        files[`papers/attention/${name}`],
      );
    expect(report.papers.map((p) => p.outcome)).toEqual(['new']);
  });

  it('ingest never creates a file that a case-insensitive disk would take for an existing one', async () => {
    const hand = paper('A different paper');
    const root = makeRoot({
      files: { 'papers/attention/Sparse-Attention-Today.mdx': hand },
      sources: {
        'a.txt': dump('Jan 7', [{ title: 'Sparse Attention Today', abstract: 'Sparse.', date: 'Apr 1, 2025' }]),
      },
    });
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(fs.readdirSync(path.join(root, 'papers', 'attention'))).toEqual(['Sparse-Attention-Today.mdx']);
    const taken = report.problems.find((p) => p.code === 'path-taken');
    expect(taken?.file).toMatch(/attention\/sparse-attention-today\.mdx$/);
    expect(taken?.message).toContain('attention/Sparse-Attention-Today.mdx');
    expect(fs.readFileSync(path.join(root, 'papers/attention/Sparse-Attention-Today.mdx'), 'utf8')).toBe(hand);
  });

  it('ingest never writes a Windows device name as an id', async () => {
    const root = makeRoot({
      sources: {
        'a.txt': dump('Jan 7', [
          { title: 'CON', abstract: 'Attention.', date: 'Apr 1, 2025' },
          { title: 'Nul', abstract: 'Attention.', date: 'Apr 2, 2025' },
          { title: 'COM1', abstract: 'Attention.', date: 'Apr 3, 2025' },
        ]),
      },
    });
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(report.papers.map((p) => p.id).sort()).toEqual(['com1-paper', 'con-paper', 'nul-paper']);
  });
});
