// The site's data shaping (src/lib/site): which theme a paper belongs to and
// why, the orders and groupings pages show, and how facts read.
import { describe, expect, it } from 'vitest';
import { PaperSchema, type PaperInput } from '../../src/schemas/paper.ts';
import { TaxonomySchema } from '../../src/schemas/themes.ts';
import {
  byline,
  shortNames,
  formatDate,
  formatMonth,
  formatShortMonth,
  plural,
  statusLabel,
} from '../../src/lib/site/format.ts';
import { paperThemes } from '../../src/lib/site/paper-themes.ts';
import {
  groupByMonth,
  groupByYear,
  mostUpvoted,
  neighbours,
  readingProgress,
  recentlyAdded,
  summarizeThemes,
  toSitePaper,
  type SitePaper,
} from '../../src/lib/site/papers.ts';

const taxonomy = TaxonomySchema.parse({
  fallback: 'other',
  themes: [
    { id: 'kv-cache', title: 'KV cache', rules: [{ terms: ['kv cache', 'eviction'], weight: 3 }] },
    { id: 'speculative', title: 'Speculative decoding', rules: [{ terms: ['speculative', 'draft model'], weight: 3 }] },
    { id: 'other', title: 'Other' },
  ],
});

function paper(id: string, input: Partial<PaperInput>, folder = 'kv-cache'): SitePaper {
  const data = PaperSchema.parse({ title: id, date: '2025-01-01', ...input });
  return toSitePaper(taxonomy, { id, data, pathInPapers: `${folder}/${id}.mdx` });
}

describe('primary theme and why', () => {
  const kvTitle = { title: 'KV cache eviction', abstract: 'A speculative draft model too.' };

  it('takes the pin first, whatever the folder and frontmatter say', () => {
    const result = paperThemes(taxonomy, { ...kvTitle, themes: ['kv-cache'], pin: 'speculative' }, 'kv-cache', 'x.mdx');
    expect(result.primary).toBe('speculative');
    expect(result.source).toBe('pin');
    expect(result.why.speculative?.note).toBe('pinned');
  });

  it('works out why when first read, once, and reads, spreads and serializes like a plain object', () => {
    const result = paperThemes(taxonomy, { ...kvTitle, themes: ['kv-cache', 'speculative'] }, undefined, 'x.mdx');
    const why = result.why;
    expect(result.why).toBe(why);
    expect(Object.keys(why)).toEqual(['kv-cache', 'speculative']);
    expect({ ...result }.why).toBe(why);
    expect(JSON.parse(JSON.stringify(result)).why).toEqual(JSON.parse(JSON.stringify(why)));
    expect(Object.keys(result)).toContain('why');
  });

  it('takes the folder next: moving a file re-files the paper', () => {
    const result = paperThemes(taxonomy, { ...kvTitle, themes: ['kv-cache'] }, 'speculative', 'x.mdx');
    expect(result.primary).toBe('speculative');
    expect(result.themes).toEqual(['speculative', 'kv-cache']);
    expect(result.why['kv-cache']?.terms).toEqual(['kv cache', 'eviction']);
  });

  it('takes the first listed theme when the file is not in a theme folder', () => {
    const result = paperThemes(taxonomy, { ...kvTitle, themes: ['kv-cache', 'speculative'] }, undefined, 'x.mdx');
    expect(result).toMatchObject({ primary: 'kv-cache', source: 'frontmatter', themes: ['kv-cache', 'speculative'] });
  });

  it('reads the themes ingest wrote and never assigns them again', () => {
    // The rules would say "speculative"; the frontmatter says "kv-cache", and the frontmatter wins.
    const result = paperThemes(
      taxonomy,
      { title: 'Speculative decoding with a draft model', themes: ['kv-cache'] },
      undefined,
      'x.mdx',
    );
    expect(result).toMatchObject({ primary: 'kv-cache', source: 'frontmatter', themes: ['kv-cache'] });
    expect(result.why['kv-cache']).toMatchObject({ kind: 'by-hand', text: 'filed here by hand (no rule matches)' });
  });

  it('explains a theme with the terms that matched', () => {
    const result = paperThemes(taxonomy, { ...kvTitle, themes: ['speculative'] }, undefined, 'x.mdx');
    expect(result.why.speculative).toMatchObject({ kind: 'matched', terms: ['speculative', 'draft model'] });
  });

  it('files a paper with no themes and no theme folder under the fallback, with a warning naming the file and the fix', () => {
    const result = paperThemes(
      taxonomy,
      { title: 'Speculative decoding with a draft model', themes: [] },
      undefined,
      'papers/x.mdx',
    );
    expect(result).toMatchObject({ primary: 'other', source: 'fallback', themes: ['other'] });
    expect(result.warnings).toEqual([
      'papers/x.mdx: no themes in the frontmatter; run ingest again, or add "themes: [<theme id>]" or move the file into a theme folder (it is listed under "other" meanwhile)',
    ]);
  });

  it('skips ids that are not themes, with a warning naming the file and the fix', () => {
    const result = paperThemes(
      taxonomy,
      { title: 'KV cache', themes: ['gone'], pin: 'nope' },
      'old-folder',
      'papers/old-folder/x.mdx',
    );
    expect(result.primary).toBe('other');
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings[0]).toBe(
      'papers/old-folder/x.mdx: pin "nope" is not a theme in themes.yaml; add it there, or run ingest again to re-file the paper (it is listed under another theme meanwhile)',
    );
  });

  it('keeps at most maxThemes themes', () => {
    const small = TaxonomySchema.parse({ ...taxonomy, settings: { maxThemes: 1 } });
    expect(paperThemes(small, { ...kvTitle, themes: ['kv-cache', 'speculative'] }, 'kv-cache', 'x.mdx').themes).toEqual(
      ['kv-cache'],
    );
  });
});

describe('lists', () => {
  const papers = [
    paper('old', { date: '2024-03-02', upvotes: 50, status: 'read', themes: ['kv-cache'] }),
    paper('new', { date: '2025-05-01', upvotes: 3, status: 'reading', themes: ['kv-cache', 'speculative'] }),
    paper('mid', { date: '2024-03-20', upvotes: 9, themes: ['speculative'], added: '2025-06-01' }, 'speculative'),
    paper('tie', { date: '2024-03-20', upvotes: 20, themes: ['kv-cache'] }),
  ];

  it('summarizes every theme in the taxonomy order, newest first, primary and secondary papers', () => {
    const summaries = summarizeThemes(taxonomy, papers);
    expect(summaries.map((s) => s.theme.id)).toEqual(['kv-cache', 'speculative', 'other']);
    expect(summaries[0]!.papers.map((p) => p.id)).toEqual(['new', 'tie', 'old']);
    expect(summaries[1]!.papers.map((p) => p.id)).toEqual(['new', 'mid']);
    expect(summaries[1]!.primaryCount).toBe(1);
    expect(summaries[2]!.papers).toEqual([]);
  });

  it('groups by month, newest month first, same day by upvotes', () => {
    expect(groupByMonth(papers).map((g) => [g.month, g.papers.map((p) => p.id)])).toEqual([
      ['2025-05', ['new']],
      ['2024-03', ['tie', 'mid', 'old']],
    ]);
  });

  it('indexes the months by year, newest first', () => {
    expect(groupByYear(groupByMonth(papers)).map((y) => [y.year, y.months.map((m) => m.month)])).toEqual([
      ['2025', ['2025-05']],
      ['2024', ['2024-03']],
    ]);
  });

  it('lists recently added by the reader’s added day, else the date', () => {
    expect(recentlyAdded(papers, 2).map((p) => p.id)).toEqual(['mid', 'new']);
  });

  it('lists the most upvoted', () => {
    expect(mostUpvoted(papers, 2).map((p) => p.id)).toEqual(['old', 'tie']);
  });

  it('counts reading progress', () => {
    expect(readingProgress(papers)).toEqual({
      total: 4,
      counts: { 'to-read': 2, reading: 1, read: 1 },
      readShare: 0.25,
    });
  });

  it('finds previous and next in a list, none past the ends', () => {
    const list = summarizeThemes(taxonomy, papers)[0]!.primaryPapers;
    expect(list.map((p) => p.id)).toEqual(['new', 'tie', 'old']);
    expect(neighbours(list, 'tie')).toEqual({ previous: list[0], next: list[2] });
    expect(neighbours(list, 'new').previous).toBeUndefined();
    expect(neighbours(list, 'missing')).toEqual({});
  });
});

describe('formatting', () => {
  it('formats days and months in UTC', () => {
    expect(formatDate('2025-04-11')).toBe('Apr 11, 2025');
    expect(formatDate('2025-01-01')).toBe('Jan 1, 2025');
    expect(formatMonth('2024-12')).toBe('December 2024');
    expect(formatShortMonth('2024-12')).toBe('Dec');
  });

  it('writes bylines and counts', () => {
    expect(byline({ organization: 'amazon Amazon' })).toBe('amazon Amazon');
    expect(byline({ authors: 1 })).toBe('1 author');
    expect(byline({ authors: 5 })).toBe('5 authors');
    expect(byline({})).toBe('');
  });

  it('shows the first names when they are known, before the organization or the count', () => {
    expect(byline({ authors: 1, authorNames: ['Ada Lovelace'] })).toBe('Ada Lovelace');
    expect(byline({ authors: 2, authorNames: ['A B', 'C D'] })).toBe('A B and C D');
    expect(byline({ authors: 3, authorNames: ['A B', 'C D', 'E F'] })).toBe('A B, C D et al.');
    expect(byline({ authors: 3, authorNames: ['A B', 'C D', 'E F'], organization: 'Org' })).toBe(
      'A B, C D et al. (Org)',
    );
    expect(shortNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(shortNames(['A', 'B', 'C', 'D'])).toBe('A, B, C et al.');
    expect(plural(0, 'paper')).toBe('0 papers');
    expect(statusLabel('to-read')).toBe('To read');
  });
});
