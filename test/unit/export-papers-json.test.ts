// papers.json: shaped from the frontmatter, documented by docs/papers-json.schema.json, validated with Ajv.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { paperLinks } from '../../src/lib/export/links.ts';
import { exportPaper, papersJsonSchema, toPapersJson, type PaperForExport } from '../../src/lib/export/papers-json.ts';

const schemaFile = path.resolve(import.meta.dirname, '../../docs/papers-json.schema.json');
const documented = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false }).compile(documented);

function paper(id: string, frontmatter: Record<string, unknown>, themes: string[], body = ''): PaperForExport {
  return { id, data: PaperSchema.parse(frontmatter), themes, body, file: `papers/${themes[0]}/${id}.mdx` };
}

const ingested = paper(
  'h2o',
  {
    id: 'h2o',
    title: 'H2O: Heavy-Hitter Oracle',
    abstract: 'Keeps $O(N)$ memory.',
    date: new Date('2023-06-24T00:00:00Z'),
    authors: 2,
    authorNames: ['Zhenyu Zhang', 'Ying Sheng'],
    arxiv: '2306.14048',
    code: 'https://github.com/FMInference/H2O',
    upvotes: 7,
    sources: ['a.txt'],
    themes: ['kv-cache'],
    status: 'reading',
    tags: ['must-cite'],
    rating: 5,
    'read-with': 'the team',
  },
  ['kv-cache', 'sparse-attention'],
  'Notes with <PaperLink id="snapkv" />.\n',
);
const byHand = paper('by-hand', { title: 'By hand', date: '2025-01-15', added: '2025-01-20', organization: 'Org' }, [
  'other',
]);

describe('papers.json', () => {
  it('publishes the schema generated from the one definition (run node scripts/papers-json-schema.ts when this fails)', () => {
    expect(documented).toEqual(JSON.parse(JSON.stringify(papersJsonSchema())));
  });

  it('shapes every frontmatter key, derived data, and keys of the reader', () => {
    const shaped = exportPaper(ingested, {
      url: 'papers/h2o.html',
      huggingFaceUrl: 'https://huggingface.co/papers/2306.14048',
      outLinks: paperLinks({ title: 'H2O', arxiv: '2306.14048', code: 'https://github.com/FMInference/H2O' }),
      bibtexKey: 'h2o2023',
      links: ['snapkv'],
      backlinks: ['snapkv'],
    });
    expect(shaped).toEqual({
      id: 'h2o',
      title: 'H2O: Heavy-Hitter Oracle',
      abstract: 'Keeps $O(N)$ memory.',
      date: '2023-06-24',
      authors: 2,
      authorNames: ['Zhenyu Zhang', 'Ying Sheng'],
      organization: null,
      arxiv: '2306.14048',
      code: 'https://github.com/FMInference/H2O',
      project: null,
      upvotes: 7,
      sources: ['a.txt'],
      themes: ['kv-cache', 'sparse-attention'],
      primaryTheme: 'kv-cache',
      status: 'reading',
      tags: ['must-cite'],
      rating: 5,
      pin: null,
      added: null,
      url: 'papers/h2o.html',
      huggingFaceUrl: 'https://huggingface.co/papers/2306.14048',
      outLinks: [
        { kind: 'arxiv', label: 'arXiv:2306.14048', url: 'https://arxiv.org/abs/2306.14048' },
        { kind: 'pdf', label: 'PDF', url: 'https://arxiv.org/pdf/2306.14048' },
        { kind: 'hugging-face', label: 'Hugging Face', url: 'https://huggingface.co/papers/2306.14048' },
        { kind: 'code', label: 'Code', url: 'https://github.com/FMInference/H2O' },
      ],
      bibtexKey: 'h2o2023',
      file: 'papers/kv-cache/h2o.mdx',
      notes: 'Notes with <PaperLink id="snapkv" />.\n',
      links: ['snapkv'],
      backlinks: ['snapkv'],
      extra: { 'read-with': 'the team' },
    });
  });

  it('writes a document that validates against the documented schema', () => {
    const papers = [
      exportPaper(ingested, {
        url: 'papers/h2o.html',
        huggingFaceUrl: 'https://huggingface.co/papers/2306.14048',
        outLinks: paperLinks({ title: 'H2O', arxiv: '2306.14048', code: 'https://github.com/FMInference/H2O' }),
        bibtexKey: 'h2o2023',
        links: [],
        backlinks: [],
      }),
      exportPaper(byHand, {
        url: 'papers/by-hand.html',
        huggingFaceUrl: 'https://huggingface.co/papers?q=By+hand',
        outLinks: paperLinks({ title: 'By hand' }),
        bibtexKey: 'hand2025',
        links: [],
        backlinks: [],
      }),
    ];
    const doc = JSON.parse(toPapersJson([{ id: 'kv-cache', title: 'KV cache', description: '', count: 1 }], papers));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.count).toBe(2);
    expect(doc.papers[1]).toMatchObject({
      status: 'to-read',
      added: '2025-01-20',
      organization: 'Org',
      authors: null,
      authorNames: null,
      arxiv: null,
      sources: [],
    });
    expect(doc.papers[1].outLinks.map((link: { kind: string }) => link.kind)).toEqual([
      'hugging-face-search',
      'arxiv-search',
    ]);
  });

  it('is rejected by the schema when a field is missing or wrong', () => {
    const good = exportPaper(byHand, {
      url: 'papers/by-hand.html',
      huggingFaceUrl: 'https://huggingface.co/papers?q=By+hand',
      outLinks: paperLinks({ title: 'By hand' }),
      bibtexKey: 'hand2025',
      links: [],
      backlinks: [],
    });
    const { title: _title, ...withoutTitle } = good;
    expect(validate({ version: 1, count: 1, themes: [], papers: [withoutTitle] })).toBe(false);
    expect(validate({ version: 1, count: 1, themes: [], papers: [{ ...good, status: 'done' }] })).toBe(false);
    expect(validate({ version: 1, count: 1, themes: [], papers: [{ ...good, surprise: true }] })).toBe(false);
  });
});
