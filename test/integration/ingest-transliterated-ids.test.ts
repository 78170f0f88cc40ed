// Ids keep the letters of other scripts ("ρ-EOS" -> rho-eos-…), and a paper filed under the id it had before
// ("ρ-EOS" -> eos-…) keeps that file: found again, left byte for byte, never doubled by a file under the new id.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { dump, makeRoot, paperFiles, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const RHO = '$ρ$-$\\texttt{EOS}$: Training-free Bidirectional Variable-Length Control for Masked Diffusion LLMs';
const DUMP = dump('Jan 7', [
  { title: RHO, abstract: 'Masked diffusion with an end-of-sequence control.', date: 'Mar 3, 2025 12' },
  { title: 'Μεγάλα γλωσσικά μοντέλα', abstract: 'A title in Greek.', date: 'Mar 4, 2025 3' },
]);

describe('ids of titles in other scripts', () => {
  it('are spelled in Latin letters for new papers', async () => {
    const root = makeRoot({ sources: { 'a.txt': DUMP } });
    await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(
      paperFiles(root)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual([
      'megala-glossika-montela.mdx',
      'rho-eos-training-free-bidirectional-variable-length-control-for-masked.mdx',
    ]);
  });

  it('never rename the file of a paper ingested under its old id, nor add a second one', async () => {
    const root = makeRoot({ sources: { 'a.txt': DUMP } });
    await runIngestAsync({ contentRoot: root, recordDir: false });
    // The file as an earlier version wrote it: the old id, in the name and in `id`, with the reader's notes.
    const fresh = paperFiles(root).find((f) => path.basename(f).startsWith('rho-eos-'))!;
    const newId = path.basename(fresh, '.mdx');
    const oldId = newId.replace(/^rho-/, '');
    const oldFile = path.join(root, 'papers', path.dirname(fresh), `${oldId}.mdx`);
    const text = `${fs.readFileSync(path.join(root, 'papers', fresh), 'utf8').replace(`id: ${newId}`, `id: ${oldId}`)}\nMy notes on ρ-EOS.\n`;
    expect(text).toContain(`id: ${oldId}\n`);
    fs.rmSync(path.join(root, 'papers', fresh));
    fs.writeFileSync(oldFile, text);

    const report = await runIngestAsync({ contentRoot: root, recordDir: false });
    expect(fs.readFileSync(oldFile, 'utf8')).toBe(text);
    expect(paperFiles(root).filter((f) => f.includes('eos'))).toEqual([
      path.relative(path.join(root, 'papers'), oldFile),
    ]);
    expect(report.papers.find((p) => p.title === RHO)?.id).toBe(oldId);
    expect(report.writes).toEqual([]);
  });
});
