// The BibTeX export checked by biber, the reference biblatex backend: every entry of the papers in the five
// saved Hugging Face answers (real names in many scripts, ids, dates), and of titles and names full of LaTeX
// specials, validates against biblatex's data model with no warning. biber is a Debian package (.ci/run
// installs it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BibtexPaper, bibtexKeys, toBibtex } from '../../src/lib/export/bibtex.ts';
import { expectedPapers } from '../fixtures/hf-api/expected.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bibtex-biber-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function biberWarnings(bib: string): string[] {
  const file = path.join(dir, 'list.bib');
  fs.writeFileSync(file, bib);
  const run = spawnSync('biber', ['--tool', '--validate-datamodel', '--output-file', path.join(dir, 'out.bib'), file], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (run.error)
    throw new Error(`biber cannot run (${run.error.message}): install it with apt-get install biber, as .ci/run does`);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  return `${run.stdout}${run.stderr}`.split('\n').filter((line) => /^(WARN|ERROR)/.test(line));
}

const fromAnswers: BibtexPaper[] = expectedPapers().map((p) => ({
  id: p.arxiv,
  title: p.title,
  date: p.date,
  authors: p.authorNames,
  arxiv: p.arxiv,
}));

const hostile: BibtexPaper[] = [
  {
    id: 'specials',
    title: 'Q&A at 100% Scale: {Braces}, $Dollars$ and #Hashes in C++_Titles ~ ^ \\ <b>x</b> a|b',
    date: '2023-06-05',
    authors: ['Ana Ruiz & Co', 'Sand and Stone', 'Mary Smith, Jr.', 'Percy_Liang {x}', 'Ölçer Ünal', '王伟'],
    arxiv: '2306.00001',
    tags: ['must-cite', 'a,b', '{x}'],
  },
  { id: 'no-id', title: 'Known Only by Its Title', date: '2025-02-20' },
];

describe('biber --tool --validate-datamodel', () => {
  it('accepts every entry of the papers of the saved answers, with no warning', () => {
    expect(biberWarnings(toBibtex(fromAnswers, bibtexKeys(fromAnswers)))).toEqual([]);
  }, 240_000);

  it('accepts titles and names full of LaTeX specials, and a paper without an id', () => {
    expect(biberWarnings(toBibtex(hostile, bibtexKeys(hostile), 'Reading list'))).toEqual([]);
  }, 120_000);

  it('does warn about an entry that breaks the data model (the check can fail)', () => {
    expect(biberWarnings('@misc{x,\n  title = {T},\n  year = {20x4},\n}\n').length).toBeGreaterThan(0);
  }, 120_000);
});
