// BibTeX export: stable keys, protected capitals, escaped LaTeX specials, parsed back with a BibTeX library.
import { describe, expect, it } from 'vitest';
import { parse } from '@retorquere/bibtex-parser';
import {
  bibtexEntry,
  bibtexKeys,
  bibtexTitle,
  escapeLatex,
  keyStem,
  toBibtex,
  type BibtexPaper,
} from '../../src/lib/export/bibtex.ts';
import { huggingFaceSearchUrl } from '../../src/lib/export/links.ts';

const papers: BibtexPaper[] = [
  {
    id: 'seaview',
    title: 'SeaView: Software Engineering Agent with Visual Interface',
    date: '2025-04-11',
    upvotes: 12,
    tags: ['must-cite', 'survey_2025'],
  },
  { id: 'seaview-again', title: 'SeaView Again', date: '2025-01-02', upvotes: 1 },
  { id: 'the-survey', title: 'The Survey of Everything', date: '2024-12-30', upvotes: 0 },
  {
    id: 'specials',
    title: 'Q&A at 100% Scale: {Braces}, $Dollars$ and #Hashes in C++_Titles ~ ^ \\ <b>x</b> a|b Über-LLM',
    date: '2023-06-05',
    upvotes: 3,
  },
];

describe('keys', () => {
  it('uses the first significant title word and the year', () => {
    expect(keyStem('The Survey of Everything', '2024-12-30')).toBe('survey2024');
    expect(keyStem('Über-LLM: Ça va', '2023-01-01')).toBe('uber2023');
    expect(keyStem('100 Ways', '2023-01-01')).toBe('ways2023');
  });

  it('suffixes colliding keys in id order, the same whatever the input order', () => {
    const keys = bibtexKeys(papers);
    expect(Object.fromEntries(keys)).toEqual({
      seaview: 'seaview2025a',
      'seaview-again': 'seaview2025b',
      'the-survey': 'survey2024',
      specials: 'q2023',
    });
    expect(bibtexKeys([...papers].reverse())).toEqual(keys);
  });
});

describe('escaping', () => {
  it('escapes the ten LaTeX specials and the characters that print wrongly in text', () => {
    expect(escapeLatex('\\ { } $ % & # _ ~ ^ < > |')).toBe(
      '\\textbackslash{} \\{ \\} \\$ \\% \\& \\# \\_ \\textasciitilde{} \\textasciicircum{} \\textless{} \\textgreater{} \\textbar{}',
    );
  });

  it('protects words with capitals and leaves the rest to the style', () => {
    expect(bibtexTitle('SeaView: Software agents with LLMs')).toBe('{SeaView:} {Software} agents with {LLMs}');
    // A group opening with a backslash would be a BibTeX "special character", re-cased by styles: nest it.
    expect(bibtexTitle('$Dollars and #hashes')).toBe('{{\\$Dollars}} and \\#hashes');
  });
});

describe('entries', () => {
  it('writes a @misc entry with year, month macro, upvotes, keywords and the search URL', () => {
    const entry = bibtexEntry(papers[0]!, 'seaview2025a');
    expect(entry).toBe(
      [
        '@misc{seaview2025a,',
        '  title = {{SeaView:} {Software} {Engineering} {Agent} with {Visual} {Interface}},',
        '  year = {2025},',
        '  month = apr,',
        '  note = {Hugging Face Daily Papers, 12 upvotes},',
        '  keywords = {must-cite, survey_2025},',
        '  howpublished = {\\url{https://huggingface.co/papers?q=SeaView\\%3A+Software+Engineering+Agent+with+Visual+Interface}},',
        '  url = {https://huggingface.co/papers?q=SeaView%3A+Software+Engineering+Agent+with+Visual+Interface},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('leaves the upvotes note out for a paper added by hand', () => {
    const entry = bibtexEntry(
      { id: 'mine', title: 'Mine', date: '2025-01-01', upvotes: 0, fromDumps: false },
      'mine2025',
    );
    expect(entry).not.toContain('note =');
    expect(entry).toContain('url = {https://huggingface.co/papers?q=Mine}');
  });
});

describe('parsed back with @retorquere/bibtex-parser', () => {
  const keys = bibtexKeys(papers);
  const bib = toBibtex(papers, keys, 'Reading list: 4 papers');
  const library = parse(bib);

  it('parses without errors, one entry per paper, in order', () => {
    expect(library.errors).toEqual([]);
    expect(library.entries.map((e) => [e.type, e.key])).toEqual(papers.map((p) => ['misc', keys.get(p.id)]));
    expect(library.comments.join()).toContain('Reading list: 4 papers');
  });

  it('round-trips titles (special characters included), dates, notes, keywords and URLs', () => {
    papers.forEach((paper, i) => {
      const { fields } = library.entries[i]!;
      expect(fields.title).toBe(paper.title);
      expect(fields.year).toBe(paper.date.slice(0, 4));
      expect(Number(fields.month)).toBe(Number(paper.date.slice(5, 7)));
      expect(fields.note).toBe(`Hugging Face Daily Papers, ${paper.upvotes} upvote${paper.upvotes === 1 ? '' : 's'}`);
      expect(fields.url).toBe(huggingFaceSearchUrl(paper.title));
      expect(new URL(fields.url!).searchParams.get('q')).toBe(paper.title);
      expect(fields.keywords ?? []).toEqual(paper.tags ?? []);
    });
  });

  it('keeps the protected capitals as protected', () => {
    const raw = parse(bib, { raw: true });
    expect(raw.entries[0]!.fields.title).toBe('{SeaView:} {Software} {Engineering} {Agent} with {Visual} {Interface}');
  });
});
