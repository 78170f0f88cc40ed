// The theme tools' corpus: dumps through ingest's stages, paper files through the paper schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/lib/themes/corpus.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'themes-corpus-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function put(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('readCorpus', () => {
  put(
    'papers/kv/good.mdx',
    '---\ntitle: "KV cache eviction"\ndate: 2024-01-02\nabstract: "We evict."\npin: kv\n---\n\nMy notes.\n',
  );
  put('papers/kv/no-date.mdx', '---\ntitle: "No date here"\nupvotes: 3\n---\n');
  put('papers/kv/bad-status.mdx', '---\ntitle: "Bad status"\ndate: 2024-01-02\nstatus: maybe\n---\n');
  put(
    'sources/hf.json',
    JSON.stringify([
      {
        paper: {
          id: '2401.00001',
          title: 'A paper only in JSON',
          summary: 'Read from JSON.',
          publishedAt: '2024-01-05T00:00:00Z',
          upvotes: 4,
          authors: [],
        },
      },
      {
        paper: {
          id: '2401.00002',
          title: 'KV cache eviction',
          summary: 'Also in a dump.',
          publishedAt: '2024-01-05T00:00:00Z',
          upvotes: 9,
          authors: [],
        },
      },
    ]),
  );
  const corpus = readCorpus(root);

  it('reads paper files the schema accepts, with notes and pin, and JSON dumps through ingest', () => {
    expect(corpus.papers.map((p) => p.id)).toEqual(['a-paper-only-in-json', 'good']);
    expect(corpus.papers[1]).toEqual({
      id: 'good',
      title: 'KV cache eviction',
      abstract: 'We evict.',
      notes: 'My notes.',
      pin: 'kv',
    });
  });

  it('skips paper files the schema refuses, naming the file, the line and the key', () => {
    const unreadable = corpus.problems.filter((p) => p.code === 'unreadable-paper');
    expect(unreadable.map((p) => [path.basename(p.file), p.line])).toEqual([
      ['bad-status.mdx', 4],
      ['no-date.mdx', 2],
    ]);
    expect(unreadable[0]!.message).toMatch(/^status: /);
    expect(unreadable[1]!.message).toMatch(/^date: /);
  });
});
