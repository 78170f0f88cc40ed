// `npm run new -- <arXiv id or URL>`: online (a replay of Hugging Face's API on 127.0.0.1) the paper is filled
// from the API; offline the id is recorded with the title from --title, and without one the command says how to
// give it; an id already in the list is refused. The forms a reader pastes are all understood.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArxivRef } from '../../src/lib/ingest/new-paper.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { expectedPapers } from '../fixtures/hf-api/expected.ts';
import { makeRoot, PROJECT, paperFiles, readPaper, removeRoots } from '../fixtures/ingest/helpers.ts';
import { startReplay } from '../helpers/hf-replay.ts';

afterAll(removeRoots);

function runNew(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT, 'scripts', 'new-paper.ts'), ...args], {
      cwd: PROJECT,
      env: { ...process.env, READING_LIST_CONTENT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** An endpoint where nothing listens: refused at once, as offline. */
async function deadEndpoint(): Promise<string> {
  const replay = await startReplay();
  await replay.close();
  return replay.url;
}

describe('the forms of an arXiv reference', () => {
  it.each([
    ['2402.02750', '2402.02750'],
    ['arXiv:2402.02750v2', '2402.02750'],
    ['https://arxiv.org/abs/2402.02750v2', '2402.02750'],
    ['http://arxiv.org/pdf/2402.02750v1.pdf', '2402.02750'],
    ['https://huggingface.co/papers/2402.02750', '2402.02750'],
    ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
    [' 0704.0001 ', '0704.0001'],
  ])('%s is arXiv %s', (text, id) => {
    expect(parseArxivRef(text)).toBe(id);
  });

  it.each(['KIVI: A Tuning-Free Asymmetric 2bit Quantization', '2402', 'https://example.org/abs/2402.02750'])(
    '%s is a title, not an id',
    (text) => {
      expect(parseArxivRef(text)).toBeUndefined();
    },
  );
});

describe('npm run new with an arXiv id', () => {
  const paper = expectedPapers().find((p) => p.code && p.project && p.authors > 4)!;

  it('fills the paper from the API when online', async () => {
    const replay = await startReplay();
    try {
      const root = makeRoot();
      const run = await runNew([`https://arxiv.org/abs/${paper.arxiv}v3`, '--content', root, '--endpoint', replay.url]);
      expect(run.code, run.stderr).toBe(0);
      expect(replay.requests).toEqual([`/api/papers/${paper.arxiv}`]);
      const [rel] = paperFiles(root);
      const { data } = readPaper(path.join(root, 'papers', rel!));
      expect(data).toMatchObject({
        title: paper.title,
        abstract: paper.abstract,
        date: paper.date,
        arxiv: paper.arxiv,
        authors: paper.authors,
        authorNames: paper.authorNames,
        code: paper.code,
        project: paper.project,
        status: 'to-read',
      });
      expect(PaperSchema.safeParse(data).success).toBe(true);
      expect(run.stdout.trim()).toBe(path.join(root, 'papers', rel!));

      const again = await runNew([
        `https://huggingface.co/papers/${paper.arxiv}`,
        '--content',
        root,
        '--endpoint',
        replay.url,
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`arXiv ${paper.arxiv} is already in the list`);
      expect(paperFiles(root)).toHaveLength(1);
    } finally {
      await replay.close();
    }
  });

  it('records the id with the given title when offline', async () => {
    const root = makeRoot();
    const run = await runNew([
      '2402.02750',
      '--title',
      'KIVI: 2bit KV Cache',
      '--content',
      root,
      '--endpoint',
      await deadEndpoint(),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/could not ask .*ECONNREFUSED.*recording the id only/);
    const { data } = readPaper(path.join(root, 'papers', paperFiles(root)[0]!));
    expect(data).toMatchObject({ title: 'KIVI: 2bit KV Cache', arxiv: '2402.02750' });
    expect(fs.readFileSync(path.join(root, 'papers', paperFiles(root)[0]!), 'utf8')).toContain('arxiv: "2402.02750"');
  });

  it('says how to give the title when offline without one, and writes nothing', async () => {
    const root = makeRoot();
    const run = await runNew(['2402.02750', '--content', root, '--endpoint', await deadEndpoint()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('npm run new -- 2402.02750 --title "The Paper Title"');
    expect(paperFiles(root)).toEqual([]);
  });
});
