// A paper the reader added by hand (or with `npm run new`) that a later dump also lists stays the reader's:
// recognised by its normalised title whatever its file name, kept byte for byte (values, folder, no pin),
// never doubled by a second file, and the run says what it did.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { newPaper } from '../../src/lib/ingest/new-paper.ts';
import { loadTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { dump, makeRoot, paperFiles, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const DUMP = dump('Jan 7', [
  {
    title: 'Sparse Attention Without Tears',
    abstract: 'The dump abstract, which must not replace the reader one.',
    date: 'Mar 3, 2025 120',
  },
  { title: 'Another Dump Paper', abstract: 'Attention for others.', date: 'Mar 4, 2025 3' },
]);

describe('a hand-added paper that a dump also lists', () => {
  it('added with `npm run new`: kept byte for byte, not pinned, reported', async () => {
    const root = makeRoot({ sources: { 'a.txt': DUMP } });
    const added = newPaper(loadTaxonomy(path.join(root, 'themes.yaml')), {
      title: 'Sparse attention without tears',
      abstract: 'My own summary.',
      date: '2025-02-01',
      today: '2025-06-01',
    });
    const file = path.join(root, added.relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = `${added.source}\n## Notes\n\nMine.\n`;
    fs.writeFileSync(file, text);

    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(report.papers.find((p) => p.id === added.id)?.outcome).toBe('unchanged');
    expect(report.notes.filter((n) => n.code === 'hand-added-kept').map((n) => n.file)).toEqual([
      expect.stringContaining(added.id),
    ]);
    expect(report.notes.some((n) => n.code === 'pinned-by-move')).toBe(false);
    expect(paperFiles(root)).toHaveLength(2);
    // And on every later run.
    await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('under a file name that is not the slug of its title: still one file, the reader one', async () => {
    const text =
      '---\ntitle: "SPARSE attention   without tears"\ndate: 2025-02-01\nstatus: reading\n---\n\nMy notes.\n';
    const root = makeRoot({ sources: { 'a.txt': DUMP }, files: { 'papers/attention/my-sparse-notes.mdx': text } });
    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(paperFiles(root).filter((f) => f.includes('sparse'))).toEqual(['attention/my-sparse-notes.mdx']);
    expect(fs.readFileSync(path.join(root, 'papers/attention/my-sparse-notes.mdx'), 'utf8')).toBe(text);
    expect(report.papers.find((p) => p.title === 'Sparse Attention Without Tears')?.relPath).toBe(
      'attention/my-sparse-notes.mdx',
    );
    expect(report.writes).toEqual([
      expect.objectContaining({ action: 'create', path: expect.stringContaining('another-dump-paper') }),
    ]);
  });
});
