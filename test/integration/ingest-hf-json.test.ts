// Hugging Face's JSON answers ingested beside the text dumps: every field as the JSON has it, one paper
// when both forms hold it (the JSON's explicit values winning), bad JSON reported, files written before
// these keys existed upgraded with the reader's part byte-identical, and a reader's own arxiv honoured.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { expectedPapers, HF_API_DIR, HF_API_FILES, type ExpectedPaper } from '../fixtures/hf-api/expected.ts';
import { dump, makeRoot, paperFiles, readPaper, removeRoots, snapshot } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const jsonSources = () =>
  Object.fromEntries(HF_API_FILES.map((name) => [name, fs.readFileSync(path.join(HF_API_DIR, name))]));
const ingest = (root: string) => runIngestAsync({ contentRoot: root, recordDir: false, today: '2026-12-01' });

/** Every paper file of a root, by its arxiv key. */
function byArxiv(root: string): Map<string, { rel: string; data: Record<string, unknown> }> {
  const out = new Map<string, { rel: string; data: Record<string, unknown> }>();
  for (const rel of paperFiles(root)) {
    const { data } = readPaper(path.join(root, 'papers', rel));
    if (typeof data.arxiv === 'string') out.set(data.arxiv, { rel, data });
  }
  return out;
}

function expectFields(data: Record<string, unknown>, paper: ExpectedPaper, sources: string[]): void {
  expect(data).toMatchObject({
    title: paper.title,
    abstract: paper.abstract,
    date: paper.date,
    arxiv: paper.arxiv,
    authors: paper.authors,
    authorNames: paper.authorNames,
    upvotes: paper.upvotes,
    sources,
  });
  expect(data.organization).toBe(paper.organization);
  expect(data.code).toBe(paper.code);
  expect(data.project).toBe(paper.project);
}

describe('the five saved answers alone', () => {
  const expected = expectedPapers();
  let root: string;
  let report: IngestReport;
  beforeAll(async () => {
    root = makeRoot({ sources: jsonSources() });
    report = await ingest(root);
  });

  it('reads every paper, with no problem and no year inferred', async () => {
    expect(report.problems).toEqual([]);
    expect(report.summary).toMatchObject({ dumps: 5, entries: expected.length, papers: expected.length });
    expect(report.entries.every((entry) => !entry.yearInferred)).toBe(true);
  });

  it('writes every field equal to the JSON', async () => {
    const files = byArxiv(root);
    expect(files.size).toBe(expected.length);
    for (const paper of expected) {
      const found = files.get(paper.arxiv);
      expect(found, paper.arxiv).toBeDefined();
      expectFields(found!.data, paper, [paper.file]);
      expect(PaperSchema.safeParse(found!.data).success).toBe(true);
    }
  });

  it('writes nothing on a second run', async () => {
    const before = snapshot(path.join(root, 'papers'));
    const again = await ingest(root);
    expect(again.writes).toEqual([]);
    expect(snapshot(path.join(root, 'papers'))).toEqual(before);
  });
});

describe('mixed with the seed dumps', () => {
  const expected = expectedPapers();
  // Two papers of the JSON also copied as page text, in a dump captured later: one with its year left
  // out (inferred wrongly from the dump's other years), one with a different byline and more upvotes.
  const [first, second] = [
    expected.find((p) => p.file.includes('2026-03-18'))!,
    expected.find((p) => p.organization && !p.file.includes('2026-03-18'))!,
  ];
  const text = dump('Sep 1', [
    { title: first.title, abstract: first.abstract, byline: '  • 3 authors', date: 'Mar 17, 2027 7' },
    {
      title: second.title.toUpperCase(),
      abstract: second.abstract,
      byline: '  • 2 authors',
      date: `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(second.date.slice(5, 7)) - 1]} ${Number(second.date.slice(8))} ${second.upvotes + 100}`,
    },
  ]);
  let root: string;
  let report: IngestReport;
  beforeAll(async () => {
    root = makeRoot({ seeds: true, sources: { ...jsonSources(), '900_later.txt': text } });
    report = await ingest(root);
  });

  it('makes one paper of each, listing both sources', async () => {
    // 264 papers from the seeds, every JSON paper, and nothing twice.
    expect(report.summary.papers).toBe(264 + expected.length);
    expect(paperFiles(root)).toHaveLength(264 + expected.length);
    const files = byArxiv(root);
    expect(files.get(first.arxiv)!.data.sources).toEqual([first.file, '900_later.txt'].sort());
    expect(files.get(second.arxiv)!.data.sources).toEqual([second.file, '900_later.txt'].sort());
  });

  it("keeps the JSON's explicit title, date, names and organization over the page text", async () => {
    const files = byArxiv(root);
    const a = files.get(first.arxiv)!.data;
    expect(a).toMatchObject({ title: first.title, date: first.date, authors: first.authors });
    const b = files.get(second.arxiv)!.data;
    expect(b).toMatchObject({ title: second.title, organization: second.organization, authors: second.authors });
    // Upvotes grow: the later capture's count wins.
    expect(b.upvotes).toBe(second.upvotes + 100);
    expect(report.problems.filter((p) => p.file.endsWith('900_later.txt')).map((p) => p.code)).toContain(
      'conflicting-date',
    );
  });

  it('leaves the papers of the seeds as they were (no id, a count of authors)', async () => {
    const seedOnly = paperFiles(root)
      .map((rel) => readPaper(path.join(root, 'papers', rel)).data)
      .filter((data) => (data.sources as string[]).every((s) => s.endsWith('.txt')) && data.arxiv === undefined);
    expect(seedOnly.length).toBeGreaterThanOrEqual(264);
    expect(seedOnly.some((data) => 'authorNames' in data)).toBe(false);
  });
});

describe('bad and foreign JSON among good sources', () => {
  it('reports each with its file and reason, and imports the valid ones', async () => {
    const truncated = fs.readFileSync(path.join(HF_API_DIR, HF_API_FILES[1]!)).subarray(0, 5000);
    const root = makeRoot({
      sources: {
        [HF_API_FILES[0]!]: fs.readFileSync(path.join(HF_API_DIR, HF_API_FILES[0]!)),
        'truncated.json': truncated,
        'package.json': '{\n  "name": "not-papers"\n}\n',
        'error.txt': '{"error":"Invalid date"}',
      },
    });
    const report = await ingest(root);
    const byFile = Object.fromEntries(report.problems.map((p) => [path.basename(p.file), p]));
    // Cut short: the parser stops at the end, on the file's last line.
    expect(byFile['truncated.json']).toMatchObject({ code: 'bad-json', line: truncated.toString().split('\n').length });
    expect(byFile['package.json']).toMatchObject({ code: 'not-papers-json', line: 1 });
    expect(byFile['error.txt']).toMatchObject({
      code: 'not-papers-json',
      message: expect.stringContaining('Invalid date'),
    });
    expect(report.dumps.filter((d) => d.read).map((d) => d.name)).toEqual([HF_API_FILES[0]]);
    expect(paperFiles(root)).toHaveLength(expectedPapers().filter((p) => p.file === HF_API_FILES[0]).length);
  });
});

describe('hostile text in a JSON source', () => {
  it('stays text: titles, abstracts and names land in the frontmatter as strings, the body stays empty', async () => {
    const hostile = {
      id: '2501.00001',
      title: "import fs from 'node:fs'",
      summary: 'An {alert(1)} abstract </script><script>x()</script> with --- and\n---\nfences',
      publishedAt: '2025-01-01T00:00:00.000Z',
      authors: [{ name: '{props.x}' }, { name: 'export const a = 1' }, { name: '- yes' }],
      upvotes: 1,
      githubRepo: 'javascript:alert(1)',
      projectPage: 'https://example.org/ok',
    };
    const root = makeRoot({ sources: { 'hostile.json': JSON.stringify([{ paper: hostile }]) } });
    const report = await ingest(root);
    expect(report.problems).toEqual([]);
    const [rel] = paperFiles(root);
    const { data, body } = readPaper(path.join(root, 'papers', rel!));
    expect(data).toMatchObject({
      title: hostile.title,
      abstract: 'An {alert(1)} abstract </script><script>x()</script> with --- and --- fences',
      authorNames: ['{props.x}', 'export const a = 1', '- yes'],
      project: 'https://example.org/ok',
    });
    // Not a web address: not a link.
    expect(data.code).toBeUndefined();
    expect(body.toString()).toBe('');
  });
});

describe('files written before ids and names existed', () => {
  const paper = expectedPapers().find((p) => p.code && p.organization)!;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // Copied as text on the day it was published, before the JSON was saved (whose upvotes are newer).
  const day = `${month[Number(paper.date.slice(5, 7)) - 1]} ${Number(paper.date.slice(8))}, ${paper.date.slice(0, 4)}`;
  const asText = dump(day, [
    {
      title: paper.title,
      abstract: paper.abstract,
      byline: `  • ${paper.authors} authors`,
      date: `${day} 1`,
    },
  ]);

  async function textOnlyRoot(): Promise<{ root: string; rel: string }> {
    const root = makeRoot({ sources: { 'old.txt': asText } });
    await ingest(root);
    const [rel] = paperFiles(root);
    return { root, rel: rel! };
  }

  it("are upgraded by a re-ingest, the reader's part byte-identical", async () => {
    const { root, rel } = await textOnlyRoot();
    const file = path.join(root, 'papers', rel);
    const original = fs.readFileSync(file, 'utf8');
    expect(original).not.toContain('arxiv');
    const notes = '\n## Notes\n\nMy notes, with {/* a comment */} and $x^2$.\n';
    const edited = original
      .replace(/^---\n/, '---\n# my reading notes\n')
      .replace(/\n---\n$/, '\nstatus: reading   # halfway\ntags: [ quant ]\n---\n')
      .concat(notes);
    fs.writeFileSync(file, edited);
    fs.copyFileSync(path.join(HF_API_DIR, paper.file), path.join(root, 'sources', paper.file));
    const report = await ingest(root);
    expect(report.problems).toEqual([]);
    const after = fs.readFileSync(file, 'utf8');
    const { data, body } = readPaper(file);
    expectFields(data, paper, ['old.txt', paper.file].sort());
    expect(body.toString()).toBe(notes);
    expect(after.startsWith('---\n# my reading notes\n')).toBe(true);
    expect(after).toContain('\nstatus: reading   # halfway\ntags: [ quant ]\n---\n');
    // The new keys sit with ingest's keys, in the schema's order.
    const keys = Object.keys(data);
    expect(keys.indexOf('added')).toBe(keys.indexOf('date') + 1);
    expect(keys.indexOf('arxiv')).toBe(keys.indexOf('added') + 1);
    expect(keys.indexOf('authorNames')).toBe(keys.indexOf('authors') + 1);
    expect((await ingest(root)).writes).toEqual([]);
  });

  it("keep a reader's own arxiv, and the disagreement is reported with the line and the fix", async () => {
    const { root, rel } = await textOnlyRoot();
    const file = path.join(root, 'papers', rel);
    const mine = fs.readFileSync(file, 'utf8').replace(/^date: .*$/m, '$&\narxiv: "2401.00001v3"  # checked by hand');
    fs.writeFileSync(file, mine);
    fs.copyFileSync(path.join(HF_API_DIR, paper.file), path.join(root, 'sources', paper.file));
    const report = await ingest(root);
    const line = mine.split('\n').findIndex((l) => l.startsWith('arxiv:')) + 1;
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: expect.stringContaining(rel),
        line,
        code: 'arxiv-disagrees',
        message: expect.stringContaining(`"${paper.arxiv}"`),
        action: expect.stringContaining(`arxiv: "${paper.arxiv}"`),
      }),
    ]);
    const { data } = readPaper(file);
    expect(data.arxiv).toBe('2401.00001v3');
    expect(fs.readFileSync(file, 'utf8')).toContain('arxiv: "2401.00001v3"  # checked by hand');
    // The names and links still arrive.
    expect(data.authorNames).toEqual(paper.authorNames);
  });

  it('take a versioned id the reader wrote as the same paper (no disagreement)', async () => {
    const { root, rel } = await textOnlyRoot();
    const file = path.join(root, 'papers', rel);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^date: .*$/m, `$&\narxiv: '${paper.arxiv}v2'`));
    fs.copyFileSync(path.join(HF_API_DIR, paper.file), path.join(root, 'sources', paper.file));
    expect((await ingest(root)).problems).toEqual([]);
    expect(readPaper(file).data.arxiv).toBe(`${paper.arxiv}v2`);
  });

  it('report an unquoted arxiv, which YAML reads as a number, with the fix', async () => {
    const { root, rel } = await textOnlyRoot();
    const file = path.join(root, 'papers', rel);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^date: .*$/m, '$&\narxiv: 2402.02750'));
    const report = await ingest(root);
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'invalid-field',
        message: expect.stringContaining('YAML reads it as the number 2402.0275'),
      }),
    ]);
  });
});
