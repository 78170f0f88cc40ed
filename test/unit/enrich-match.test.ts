// What enrich accepts from a search answer (an exact match of the normalised title, one paper) and which
// papers it looks up (from dumps, without an id).
import { describe, expect, it } from 'vitest';
import { findCandidates, matchAnswer } from '../../src/lib/enrich/enrich.ts';
import { normalizeTitle } from '../../src/lib/ingest/merge.ts';

const paper = (id: string, title: string) => ({
  paper: { id, title, summary: 'A.', publishedAt: '2024-02-05T00:00:00.000Z', authors: [{ name: 'A B' }] },
});
const key = normalizeTitle('KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache');

describe('matchAnswer', () => {
  it('takes the one paper whose title is the same once case and spacing are ignored', () => {
    const answer = [
      paper('2401.00001', 'KIVI: A Tuning-Free Asymmetric 2bit Quantization'),
      paper('2402.02750', 'KIVI:  a tuning-free asymmetric 2bit\nquantization for KV cache'),
    ];
    expect(matchAnswer(key, answer)).toEqual({ paper: answer[1]!.paper });
  });

  it.each([
    ['nothing found', [], /the search found nothing/],
    [
      'a near miss',
      [paper('2401.00001', 'KIVI: A Tuning-Free Asymmetric 2bit Quantization')],
      /no exact title match among 1 results \(closest: "KIVI: A Tuning-Free/,
    ],
    [
      'two papers with that title',
      [
        paper('2402.02750', 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache'),
        paper('2402.99999', 'Kivi: a tuning-free asymmetric 2bit quantization for kv cache'),
      ],
      /2 different papers have this exact title \(2402\.02750, 2402\.99999\)/,
    ],
    [
      'a match without an arXiv id',
      [
        {
          paper: { title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache', publishedAt: '2024-02-05' },
        },
      ],
      /incomplete/,
    ],
  ])('accepts no paper for %s, and says why', (_, answer, reason) => {
    expect(matchAnswer(key, answer)).toEqual({ reason: expect.stringMatching(reason) });
  });

  it.each([{ error: 'x' }, 'text', [1, 2]])('calls %j no answer at all (asked again next run)', (answer) => {
    expect(matchAnswer(key, answer)).toBeUndefined();
  });
});

describe('findCandidates', () => {
  const file = (name: string, frontmatter: string) => ({
    file: name,
    bytes: new TextEncoder().encode(`---\n${frontmatter}---\nNotes.\n`),
  });
  it('looks up papers from dumps without an id, each title once', () => {
    const candidates = findCandidates([
      file('a.mdx', 'title: From a dump\ndate: 2024-01-01\nsources: [a.txt]\n'),
      file('b.mdx', 'title: Has an id\ndate: 2024-01-01\narxiv: "2402.02750"\nsources: [a.txt]\n'),
      file('c.mdx', 'title: Added by hand\ndate: 2024-01-01\n'),
      file('d.mdx', 'title: "from  a DUMP"\ndate: 2024-01-01\nsources: [b.txt]\n'),
      file('e.mdx', 'title: [broken\n'),
    ]);
    expect(candidates).toEqual([{ title: 'From a dump', key: 'from a dump', file: 'a.mdx' }]);
  });
});
