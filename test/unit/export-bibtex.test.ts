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
    tags: ['must-cite', 'survey_2025'],
  },
  { id: 'seaview-again', title: 'SeaView Again', date: '2025-01-02' },
  { id: 'the-survey', title: 'The Survey of Everything', date: '2024-12-30' },
  {
    id: 'specials',
    title: 'Q&A at 100% Scale: {Braces}, $Dollars$ and #Hashes in C++_Titles ~ ^ \\ <b>x</b> a|b Über-LLM',
    date: '2023-06-05',
  },
  {
    id: 'kivi',
    title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
    date: '2024-02-05',
    authors: ['Zirui Liu', 'Jiayi Yuan', 'Hongye Jin', 'Shaochen Zhong', 'Zhaozhuo Xu', 'Vladimir Braverman'],
    arxiv: '2402.02750',
  },
  {
    id: 'names',
    title: 'Names that Break Naive BibTeX',
    date: '2025-03-01',
    authors: ['Ana Ruiz & Co', 'Sand and Stone', 'José Müller', 'Percy_Liang {x}', 'Mary Smith, Jr.'],
    arxiv: '2503.00001v2',
  },
];

describe('keys', () => {
  it('uses the first significant title word and the year', () => {
    expect(keyStem('The Survey of Everything', '2024-12-30')).toBe('survey2024');
    expect(keyStem('Über-LLM: Ça va', '2023-01-01')).toBe('uber2023');
    expect(keyStem('100 Ways', '2023-01-01')).toBe('ways2023');
  });

  it("puts the first author's family name first when the names are known (liu2024kivi)", () => {
    expect(keyStem(papers[4]!.title, papers[4]!.date, papers[4]!.authors)).toBe('liu2024kivi');
    expect(keyStem('Über-LLM', '2023-01-01', ['Jürgen Schmidhuber'])).toBe('schmidhuber2023uber');
    expect(keyStem('A Title', '2023-01-01', ['Li Wei Jr.'])).toBe('wei2023title');
    // A name with no Latin letter cannot be a key: the title word alone.
    expect(keyStem('Scaling', '2023-01-01', ['王伟'])).toBe('scaling2023');
  });

  it('suffixes colliding keys in id order, the same whatever the input order', () => {
    const keys = bibtexKeys(papers);
    expect(Object.fromEntries(keys)).toEqual({
      seaview: 'seaview2025a',
      'seaview-again': 'seaview2025b',
      'the-survey': 'survey2024',
      specials: 'q2023',
      kivi: 'liu2024kivi',
      names: 'co2025names',
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
  it('writes a citable entry: authors joined with "and", eprint, archivePrefix and the abstract URL', () => {
    expect(bibtexEntry(papers[4]!, 'liu2024kivi')).toBe(
      [
        '@misc{liu2024kivi,',
        '  author = {Zirui Liu and Jiayi Yuan and Hongye Jin and Shaochen Zhong and Zhaozhuo Xu and Vladimir Braverman},',
        '  title = {{KIVI:} {A} {Tuning-Free} {Asymmetric} 2bit {Quantization} for {KV} {Cache}},',
        '  year = {2024},',
        '  month = feb,',
        '  eprint = {2402.02750},',
        '  archivePrefix = {arXiv},',
        '  url = {https://arxiv.org/abs/2402.02750},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('never writes upvotes into a note', () => {
    for (const paper of papers) expect(bibtexEntry(paper, 'k')).not.toMatch(/note|upvote/);
  });

  it('writes a @misc entry with year, month macro, keywords and the search URL when there is no arXiv id', () => {
    const entry = bibtexEntry(papers[0]!, 'seaview2025a');
    expect(entry).toBe(
      [
        '@misc{seaview2025a,',
        '  title = {{SeaView:} {Software} {Engineering} {Agent} with {Visual} {Interface}},',
        '  year = {2025},',
        '  month = apr,',
        '  keywords = {must-cite, survey_2025},',
        '  howpublished = {\\url{https://huggingface.co/papers?q=SeaView\\%3A+Software+Engineering+Agent+with+Visual+Interface}},',
        '  url = {https://huggingface.co/papers?q=SeaView%3A+Software+Engineering+Agent+with+Visual+Interface},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps a name holding "and" or a comma whole, and escapes LaTeX specials in names', () => {
    const entry = bibtexEntry(papers[5]!, 'k');
    expect(entry).toContain(
      'author = {Ana Ruiz \\& Co and {Sand and Stone} and José Müller and Percy\\_Liang \\{x\\} and {Mary Smith, Jr.}},',
    );
  });
});

describe('parsed back with @retorquere/bibtex-parser', () => {
  const keys = bibtexKeys(papers);
  const bib = toBibtex(papers, keys, 'Reading list: 6 papers');
  const library = parse(bib);

  it('parses without errors, one entry per paper, in order', () => {
    expect(library.errors).toEqual([]);
    expect(library.entries.map((e) => [e.type, e.key])).toEqual(papers.map((p) => ['misc', keys.get(p.id)]));
    expect(library.comments.join()).toContain('Reading list: 6 papers');
  });

  it('round-trips titles (special characters included), dates, keywords and URLs', () => {
    papers.forEach((paper, i) => {
      const { fields } = library.entries[i]!;
      expect(fields.title).toBe(paper.title);
      expect(fields.year).toBe(paper.date.slice(0, 4));
      expect(Number(fields.month)).toBe(Number(paper.date.slice(5, 7)));
      expect(fields.note).toBeUndefined();
      if (paper.arxiv) {
        expect(fields.url).toBe(`https://arxiv.org/abs/${paper.arxiv}`);
      } else {
        expect(fields.url).toBe(huggingFaceSearchUrl(paper.title));
        expect(new URL(fields.url!).searchParams.get('q')).toBe(paper.title);
      }
      expect(fields.keywords ?? []).toEqual(paper.tags ?? []);
    });
  });

  it('round-trips authors (one person per name, specials as written) and the eprint', () => {
    for (const paper of papers.filter((p) => p.arxiv)) {
      const { fields } = library.entries[papers.indexOf(paper)]!;
      expect(fields.eprint).toBe(paper.arxiv);
      expect(fields.archiveprefix).toBe('arXiv');
      const names = (fields.author as Array<{ firstName?: string; lastName?: string; name?: string }>).map(
        (a) => a.name ?? `${a.firstName} ${a.lastName}`,
      );
      expect(names).toEqual(paper.authors);
    }
  });

  it('keeps the protected capitals as protected', () => {
    const raw = parse(bib, { raw: true });
    expect(raw.entries[0]!.fields.title).toBe('{SeaView:} {Software} {Engineering} {Agent} with {Visual} {Interface}');
  });
});
