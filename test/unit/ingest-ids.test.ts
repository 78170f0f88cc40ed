// Paper ids: slugs of titles, stable hash suffixes on collisions, and ids already held by files.
import { describe, expect, it } from 'vitest';
import { assignIds, titleHash } from '../../src/lib/ingest/ids.ts';
import { normalizeTitle } from '../../src/lib/ingest/merge.ts';
import type { MergedPaper } from '../../src/lib/ingest/types.ts';

const paper = (title: string): MergedPaper => ({
  key: normalizeTitle(title),
  title,
  date: '2025-01-01',
  yearInferred: false,
  upvotes: 0,
  sources: ['a.txt'],
  occurrences: [],
});
const idsOf = (titles: string[], claims = new Map<string, { key?: string }>()) =>
  Object.fromEntries(assignIds(titles.map(paper), claims).papers.map((p) => [p.title, p.id]));

describe('assignIds', () => {
  it('uses the slug of the title', () => {
    expect(idsOf(['SeaView: Software Engineering Agent'])).toEqual({
      'SeaView: Software Engineering Agent': 'seaview-software-engineering-agent',
    });
  });

  it('gives the second of two titles with the same slug a stable hash suffix', () => {
    const ids = idsOf(['KV-Cache: Eviction', 'KV Cache Eviction']);
    expect(ids['KV Cache Eviction']).toBe('kv-cache-eviction');
    expect(ids['KV-Cache: Eviction']).toBe(`kv-cache-eviction-${titleHash(normalizeTitle('KV-Cache: Eviction'))}`);
    expect(idsOf(['KV Cache Eviction', 'KV-Cache: Eviction'])).toEqual(ids);
  });

  it('lets the paper whose file already holds the slug keep it', () => {
    const claims = new Map([['kv-cache-eviction', { key: normalizeTitle('KV-Cache: Eviction') }]]);
    expect(idsOf(['KV-Cache: Eviction', 'KV Cache Eviction'], claims)['KV-Cache: Eviction']).toBe('kv-cache-eviction');
  });

  it('keeps the id of a file whose title the reader edited, when the file came from the same dump', () => {
    const claims = new Map([['attention', { key: 'attention (edited)', sources: ['a.txt'] }]]);
    expect(idsOf(['Attention'], claims).Attention).toBe('attention');
  });

  it('does not take the slug of a hand-added file about another paper', () => {
    const claims = new Map([['attention', { key: 'attention (my own notes)' }]]);
    expect(idsOf(['Attention'], claims).Attention).toBe(`attention-${titleHash('attention')}`);
  });

  it("keeps a hashed id already used by the paper's own file", () => {
    const hashed = `attention-${titleHash('attention')}`;
    const claims = new Map([
      ['attention', { key: 'something else' }],
      [hashed, { key: 'attention' }],
    ]);
    expect(idsOf(['Attention'], claims).Attention).toBe(hashed);
  });

  it('spells a title of other scripts in Latin letters, and names one with no letters at all', () => {
    const ids = idsOf(['注意力机制', 'Эффективность', '«…» — ¿?']);
    expect(ids.注意力机制).toBe('zhuyilijizhi');
    expect(ids.Эффективность).toBe('effektivnost');
    expect(ids['«…» — ¿?']).toMatch(/^paper-[0-9a-f]{6}$/);
  });

  it('keeps the letters of "ρ-EOS" in a new id', () => {
    const title = '$ρ$-$\\texttt{EOS}$: Training-free Bidirectional Variable-Length Control';
    expect(idsOf([title])[title]).toBe('rho-eos-training-free-bidirectional-variable-length-control');
  });

  it('keeps an existing file under its id from before transliteration, and makes no second file', () => {
    const title = '$ρ$-$\\texttt{EOS}$: Training-free Bidirectional Variable-Length Control';
    const old = 'eos-training-free-bidirectional-variable-length-control';
    const byTitle = new Map([[old, { key: normalizeTitle(title), sources: ['a.txt'] }]]);
    expect(assignIds([paper(title)], byTitle)).toEqual({ papers: [{ ...paper(title), id: old }], notes: [] });
    // The reader edited the title in the file: the dump in common still says it is this paper's file.
    const edited = new Map([[old, { key: 'ρ-eos (my title)', sources: ['a.txt'] }]]);
    expect(idsOf([title], edited)[title]).toBe(old);
    // A file of that name about another paper from another dump is not taken.
    const other = new Map([[old, { key: 'something else', sources: ['b.txt'] }]]);
    expect(idsOf([title], other)[title]).toBe('rho-eos-training-free-bidirectional-variable-length-control');
  });
});
