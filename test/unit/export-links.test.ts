// Links out of the site: with an arXiv id, the abstract, the PDF and the Hugging Face page (plus code and
// project when known); without one, searches by title only. And what the schema takes as an arXiv id.
import { describe, expect, it } from 'vitest';
import { arxivAbsUrl, arxivPdfUrl, huggingFacePaperUrl, paperLinks } from '../../src/lib/export/links.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';

describe('paperLinks', () => {
  it('goes to the paper itself when the id is known, searches dropped', () => {
    expect(
      paperLinks({ title: 'KIVI', arxiv: '2402.02750', code: 'https://github.com/jy-yuan/KIVI' }).map((l) => [
        l.kind,
        l.url,
      ]),
    ).toEqual([
      ['arxiv', 'https://arxiv.org/abs/2402.02750'],
      ['pdf', 'https://arxiv.org/pdf/2402.02750'],
      ['hugging-face', 'https://huggingface.co/papers/2402.02750'],
      ['code', 'https://github.com/jy-yuan/KIVI'],
    ]);
  });

  it('searches by title without an id, with code and project still linked when known', () => {
    expect(paperLinks({ title: 'A & B', project: 'https://x.org/' }).map((l) => [l.kind, l.url])).toEqual([
      ['project', 'https://x.org/'],
      ['hugging-face-search', 'https://huggingface.co/papers?q=A+%26+B'],
      ['arxiv-search', 'https://arxiv.org/search/?query=A+%26+B&searchtype=title'],
    ]);
  });

  it('keeps a version for arXiv, which serves it, and drops it for Hugging Face, which does not', () => {
    expect(arxivAbsUrl('2402.02750v2')).toBe('https://arxiv.org/abs/2402.02750v2');
    expect(arxivPdfUrl('hep-th/9901001')).toBe('https://arxiv.org/pdf/hep-th/9901001');
    expect(huggingFacePaperUrl('2402.02750v2')).toBe('https://huggingface.co/papers/2402.02750');
  });
});

describe('the arxiv key', () => {
  const paper = (arxiv: unknown) => PaperSchema.safeParse({ title: 'T', date: '2024-01-01', arxiv });

  it.each(['2402.02750', '2402.02750v12', '0704.0001', 'hep-th/9901001', 'math.AG/0601001v1'])('takes %s', (id) => {
    expect(paper(id).success).toBe(true);
  });

  it.each(['2402.0275x', 'arXiv:2402.02750', 'https://arxiv.org/abs/2402.02750', '2402', ''])('refuses %j', (id) => {
    const result = paper(id);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('expected an arXiv id such as "2402.02750"');
  });

  it('asks for quotes when YAML has read the id as a number', () => {
    const result = paper(2402.0275);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'write the arXiv id in quotes, e.g. arxiv: "2402.02750"; unquoted, YAML reads it as the number 2402.0275 (trailing zeros lost)',
    );
  });
});
