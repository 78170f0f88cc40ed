// A paper's search record, defined once (src/lib/search/fields.ts): what is searchable and in which order,
// what a result shows, the filters and sorts; the notes' text from their MDX syntax tree, each formula once;
// and Pagefind's index built from the records alone, with excerpts from the abstract and notes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noteText } from '../../src/lib/site/backlinks.ts';
import { pagefindExcerptParts } from '../../src/lib/search/client/pagefind-excerpt.ts';
import { recordDocument, searchRecord, type SearchInput } from '../../src/lib/search/fields.ts';
import { indexRecords, pagefindPageIds } from '../../src/integrations/search.ts';
import type { SortTable } from '../../src/lib/search/sort-keys.ts';
import { makeTemp, readPagefindFragments, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

const input = (over: Partial<SearchInput> = {}): SearchInput => ({
  url: 'papers/snapkv.html',
  title: 'SnapKV: LLM Knows What You are Looking for Before Generation',
  abstract: 'Key-Value (KV) cache has been instrumental in scaling the context of large language models.',
  notes: '',
  date: '2024-04-22',
  upvotes: 42,
  byline: 'Yuhong Li, Yingbing Huang et al.',
  authorNames: ['Yuhong Li', 'Yingbing Huang', 'Bowen Yang'],
  organization: undefined,
  arxiv: '2404.14469',
  themes: ['KV cache compression and reuse', 'Long context'],
  status: 'reading',
  tags: ['must-cite'],
  ...over,
});

describe('searchRecord', () => {
  it('puts abstract and notes first, then title and names, and counts the body words for the excerpt', () => {
    const record = searchRecord(input({ notes: 'Compare with  H2O.' }));
    expect(record.body).toBe(`${input().abstract} Compare with H2O.`);
    expect(record.meta.body).toBe(String(record.body.split(' ').length));
    expect(record.names).toBe('Yuhong Li Yingbing Huang Bowen Yang 2404.14469');
    expect(record.filters).toEqual({
      theme: ['KV cache compression and reuse', 'Long context'],
      status: ['reading'],
      year: ['2024'],
      tag: ['must-cite'],
      organization: [],
    });
    expect(record.meta).toMatchObject({ title: input().title, date: '2024-04-22', upvotes: '42' });
  });

  it('keeps the sort keys as they compare: dates as text, upvotes as numbers', () => {
    expect(searchRecord(input({ upvotes: 9 })).sort).toEqual({ date: '2024-04-22', upvotes: 9 });
  });

  it('gives Pagefind no sort key (they would load before every search)', () => {
    expect(recordDocument(searchRecord(input()))).not.toContain('data-pagefind-sort');
  });

  it('escapes every value in the document Pagefind reads', () => {
    const html = recordDocument(searchRecord(input({ title: 'A <img src=x onerror=alert(1)> & "B"', tags: ['<b>'] })));
    expect(html).not.toContain('<img');
    expect(html).toContain('A &lt;img src=x onerror=alert(1)&gt; &amp; &quot;B&quot;');
    expect(html).toContain('<span data-pagefind-filter="tag">&lt;b&gt;</span>');
  });
});

describe('noteText', () => {
  const note = (body: string) => noteText({ id: 'x', file: 'x.mdx', body });

  it('reads the words a reader sees, each formula once, no JavaScript', () => {
    const text = note(
      [
        'import X from "y";',
        '',
        '## Take-away',
        '',
        'The bound $\\frac{1}{1-\\alpha}$ holds.<Callout type="warn">Check **H2O**.</Callout>',
        '',
        '$$',
        'x^2',
        '$$',
        '',
        '{/* a comment */} and `code` {1 + 2}',
      ].join('\n'),
    );
    expect(text).toBe('Take-away The bound \\frac{1}{1-\\alpha} holds. Check H2O. x^2 and code');
    expect(text.match(/alpha/g)).toHaveLength(1);
  });

  it('is empty for a note that does not parse', () => {
    expect(note('<Callout>never closed')).toBe('');
  });
});

describe('the excerpt of a result', () => {
  const fragment = (content: string, locations: number[]) => ({ excerpt: '', content, locations });

  it('comes from the body around the first match there', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const parts = pagefindExcerptParts(fragment([...words, 'Title', 'words'].join(' '), [40, 60]), 10, 60);
    const text = parts.map((p) => p.text).join('');
    expect(text).toBe('… w38 w39 w40 w41 w42 w43 w44 w45 w46 w47 …');
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['w40']);
  });

  it('shows the start of the abstract when only the title matched, and nothing without a body', () => {
    const parts = pagefindExcerptParts(fragment('alpha beta gamma Title', [3]), 10, 3);
    expect(parts).toEqual([{ text: 'alpha beta gamma', mark: false }]);
    expect(pagefindExcerptParts(fragment('Title only', [0]), 10, 0)).toEqual([]);
  });
});

describe('indexRecords', () => {
  it('indexes one page per record, from the records alone, with filters, sorts and metadata', async () => {
    const dist = await makeTemp('search-index-');
    const records = [
      searchRecord(input()),
      searchRecord(input({ url: 'papers/h2o.html', title: 'H2O: Heavy-Hitter Oracle', tags: [], status: 'to-read' })),
    ];
    const report = await indexRecords(dist, records);
    expect(report.indexedPages).toBe(2);
    const fragments = await readPagefindFragments(dist);
    expect(fragments.map((f) => f.url).sort()).toEqual(['/papers/h2o.html', '/papers/snapkv.html']);
    const snap = fragments.find((f) => f.url === '/papers/snapkv.html')!;
    expect(snap.meta).toMatchObject({ title: input().title, date: '2024-04-22', upvotes: '42' });
    expect(snap.filters.tag).toEqual(['must-cite']);
    // The body comes first in the indexed text, exactly as counted for the excerpt.
    expect(snap.content.split(/\s+/).slice(0, Number(snap.meta.body)).join(' ')).toBe(records[0]!.body);
    await expect(fs.stat(path.join(dist, 'pagefind', 'pagefind-ui.js'))).rejects.toThrow();
    // The sort keys, keyed by the page ids Pagefind gave the records.
    const ids = await pagefindPageIds(path.join(dist, 'pagefind'));
    expect([...ids.keys()].sort()).toEqual(['/papers/h2o.html', '/papers/snapkv.html']);
    const script = await fs.readFile(path.join(dist, 'pagefind', 'sort-keys.js'), 'utf8');
    const table = JSON.parse(/^__readingListSortKeys\((.*)\);\n$/s.exec(script)![1]!) as SortTable;
    expect(table.pages).toEqual([ids.get('/papers/snapkv.html'), ids.get('/papers/h2o.html')]);
    expect(table.date).toEqual(['2024-04-22', '2024-04-22']);
    expect(table.upvotes).toEqual([42, 42]);
  });

  it('writes no index for a list without papers', async () => {
    const dist = await makeTemp('search-empty-');
    expect(await indexRecords(dist, [])).toMatchObject({ indexedPages: 0, skipped: expect.any(String) });
  });
});
