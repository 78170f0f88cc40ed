// Hostile dump text ends up as YAML strings and nowhere else; bad input files and bad entries are reported
// with file:line while every valid paper is still imported; the CLI never shows a stack trace for bad input.
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { formatProblem } from '../../src/lib/project/errors.ts';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { dump, FIXTURES, makeRoot, paperFiles, readPaper, runCli, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const fixture = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel));

/** Title → abstract, exactly as the hostile dump writes them. */
const HOSTILE: Array<[string, string]> = [
  [
    "import fs from 'node:fs'",
    "export const x = 1; import { exec } from 'node:child_process'; exec('touch /tmp/pwned')",
  ],
  ['export const x = 1', '{alert(1)} and {props.title} and {/* a comment */} and ${alert(2)} and {{double}}'],
  [
    '<script>alert(1)</script> Attention Is Not <b>All</b>',
    '<img src=x onerror=alert(1)> and <Callout type="x">an unclosed component and </div> a stray closer',
  ],
  ['---', '--- title: injected --- status: read --- and a YAML document end ...'],
  [
    '$O(N^2)$ Attention with \\textbf{Bold} and 95\\% of {braces}',
    'LaTeX: \\url{https://example.org}, 2.4\\times faster, $\\frac{a}{b}$, \\begin{align}x\\end{align}, 95\\% and a lone backslash \\',
  ],
  [
    'key: value # not a comment',
    '? complex key : value - item &anchor *ref !!binary | literal > folded "quoted" \'single\' %YAML 1.2 @at `tick`',
  ],
  ['2025-01-01', 'yes'],
  [
    'Hidden <!-- a comment --> Reasoning',
    'Before a comment <!-- that never closes and <![CDATA[ cdata ]]> and <?php echo 1 ?>',
  ],
];

describe('hostile dump text', () => {
  let root: string;
  let report: IngestReport;
  beforeAll(async () => {
    root = makeRoot({ sources: { 'hostile.txt': fixture('hostile/hostile.txt') } });
    report = await runIngestAsync({ contentRoot: root, cwd: root });
  });

  it('imports every hostile entry without a problem', async () => {
    expect(report.problems).toEqual([]);
    expect(report.summary).toMatchObject({ entries: HOSTILE.length, papers: HOSTILE.length, new: HOSTILE.length });
  });

  it.each(HOSTILE)('keeps %j as a YAML string, with an empty MDX body', (title, abstract) => {
    const files = paperFiles(root).map((rel) => path.join(root, 'papers', rel));
    const file = files.find((f) => readPaper(f).data.title === title);
    expect(file, title).toBeDefined();
    const text = fs.readFileSync(file!, 'utf8');
    const ours = readPaper(file!);
    expect(ours.data).toMatchObject({ title, abstract });
    expect(ours.body.length).toBe(0);
    // Astro's own frontmatter reader (js-yaml) sees the same strings, and nothing is left for MDX to compile.
    const astro = parseFrontmatter(text, { frontmatter: 'remove' });
    expect(astro.frontmatter).toMatchObject({ title, abstract });
    expect(astro.content).toBe('\n');
    expect(() => PaperSchema.parse(astro.frontmatter)).not.toThrow();
  });

  it('keeps an organization byline with markup as text', async () => {
    const data = paperFiles(root).map((rel) => readPaper(path.join(root, 'papers', rel)).data);
    expect(data.find((d) => String(d.title).startsWith('<script>'))).toMatchObject({ organization: '<b>Org</b> & Co' });
  });

  it('gives hostile titles plain file names', async () => {
    for (const rel of paperFiles(root)) expect(rel).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+\.mdx$/);
  });
});

describe('bad input is reported with file:line; valid papers are still imported', () => {
  let root: string;
  let report: IngestReport;
  const PNG = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
    0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  ]);
  beforeAll(async () => {
    root = makeRoot({
      sources: {
        'good-and-bad.txt': fixture('bad/good-and-bad.txt'),
        'crlf.txt': fixture('bad/crlf.txt'),
        'saved-page.html': fixture('bad/saved-page.html'),
        'notes.txt': fixture('bad/notes.txt'),
        'empty.txt': '',
        'image.png': PNG,
      },
    });
    report = await runIngestAsync({ contentRoot: root, cwd: root });
  });

  it('reports each problem with its file, line and what was done', async () => {
    expect(report.problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['sources/empty.txt', undefined, 'empty-file'],
      ['sources/good-and-bad.txt', 21, 'truncated-entry'],
      ['sources/good-and-bad.txt', 25, 'missing-abstract'],
      ['sources/good-and-bad.txt', 37, 'bad-date'],
      ['sources/good-and-bad.txt', 45, 'date-after-capture'],
      ['sources/good-and-bad.txt', 47, 'truncated-entry'],
      ['sources/image.png', undefined, 'binary-file'],
      ['sources/notes.txt', 1, 'not-a-dump'],
      ['sources/saved-page.html', undefined, 'html-file'],
    ]);
    expect(formatProblem(report.problems[3]!)).toBe(
      'sources/good-and-bad.txt:37: unreadable date "Foo 99, 2025" (expected e.g. "Apr 11, 2025", "Apr 11" or "Sep 23 4") — entry skipped; fix the date line',
    );
  });

  it('imports the valid papers, the one without an abstract included', async () => {
    const titles = paperFiles(root)
      .map((rel) => readPaper(path.join(root, 'papers', rel)).data.title)
      .sort();
    expect(titles).toEqual([
      'Good Paper Alpha on KV Cache Eviction',
      'Good Paper Beta on Sparse Attention',
      'No Abstract Paper',
      'Windows Line Breaks Paper',
    ]);
    expect(report.summary).toMatchObject({ dumps: 2, entries: 4, papers: 4, new: 4, warnings: 9 });
    const beta = paperFiles(root)
      .map((rel) => readPaper(path.join(root, 'papers', rel)).data)
      .find((d) => String(d.title).includes('Beta'));
    expect(beta).toMatchObject({ date: '2026-12-02', organization: 'Amazon', upvotes: 0 });
    const crlf = paperFiles(root)
      .map((rel) => readPaper(path.join(root, 'papers', rel)).data)
      .find((d) => String(d.title).includes('Windows'));
    expect(crlf).toMatchObject({
      abstract: 'CRLF everywhere, and a long context.',
      authors: 1,
      upvotes: 7,
      date: '2025-02-01',
    });
  });

  it('exits 0, or 1 under --strict, and prints problems as file:line without a stack trace', async () => {
    const plain = runCli(['--content', root, '--dry-run']);
    expect(plain.status).toBe(0);
    const strict = runCli(['--content', root, '--strict']);
    expect(strict.status).toBe(1);
    for (const out of [plain, strict]) {
      expect(out.stdout).toMatch(/^warning: .*sources\/good-and-bad\.txt:37: unreadable date "Foo 99, 2025"/m);
      expect(out.stdout).toMatch(/^warning: .*sources\/image\.png: the file is not text/m);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('the CLI stops cleanly on a broken setup', () => {
  it.each([
    [
      'a content root that does not exist',
      () => ['--content', '/nonexistent/reading-list'],
      /the content root does not exist/,
    ],
    [
      'an invalid themes.yaml',
      () => {
        const root = makeRoot({
          themes: null,
          files: { 'themes.yaml': 'fallback: other\nthemes:\n  - id: Bad Id\n    title: X\n' },
        });
        return ['--content', root];
      },
      /themes\.yaml:3: themes\[0\]\.id: /,
    ],
    [
      'an invalid ingest.yaml',
      () => {
        const root = makeRoot({ files: { 'ingest.yaml': 'captureYear:\n  a.txt: next year\n' } });
        return ['--content', root];
      },
      /ingest\.yaml:2: captureYear\.a\.txt: /,
    ],
  ])('exits 1 with one line for %s', (_name, args, message) => {
    const { status, stdout, stderr } = runCli(args());
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with the usage on an unknown option', async () => {
    const { status, stderr } = runCli(['--frobnicate']);
    expect(status).toBe(2);
    expect(stderr).toContain('Usage: npm run ingest');
  });

  it("never applies another list's taxonomy: a root too small to cluster gets one theme of its own, and is told", async () => {
    const root = makeRoot({ themes: null, sources: { 'crlf.txt': fixture('bad/crlf.txt') } });
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(report.taxonomy).toBe('themes.yaml');
    expect(report.summary.new).toBe(1);
    expect(paperFiles(root)[0]).toMatch(/^papers\//);
    expect(report.notes).toContainEqual(
      expect.objectContaining({
        code: 'drafted-taxonomy',
        file: 'themes.yaml',
        message: 'no themes.yaml: drafted one theme for 1 paper (too few to cluster)',
      }),
    );
    expect(fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8')).toContain('fallback: papers');
  });

  it('drafts nothing in a dry run, but says what it would write', async () => {
    const root = makeRoot({ themes: null, sources: { 'crlf.txt': fixture('bad/crlf.txt') } });
    const report = await runIngestAsync({ contentRoot: root, cwd: root, dryRun: true });
    expect(fs.existsSync(path.join(root, 'themes.yaml'))).toBe(false);
    expect(report.notes.find((n) => n.code === 'drafted-taxonomy')!.action).toMatch(/^would write it/);
  });

  it('reports a content root without sources/ and still checks the papers', async () => {
    const root = makeRoot({ files: { 'papers/other/mine.mdx': '---\ntitle: Mine\ndate: someday\n---\n' } });
    fs.rmSync(path.join(root, 'sources'), { recursive: true });
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(report.problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['papers/other/mine.mdx', 3, 'invalid-field'],
      ['sources', undefined, 'no-sources'],
    ]);
  });
});

describe('a date after today in a dump', () => {
  it('moves no year, dates an undated "Jan 5" in the capture year, and fails --strict with file:line', async () => {
    const root = makeRoot({
      sources: {
        'outlier.txt': dump('Feb 1', [
          { title: 'A paper of last year', abstract: 'Old.', date: 'Mar 4, 2025' },
          { title: 'A paper from the future', abstract: 'Typo.', date: 'Jul 9, 2099' },
          { title: 'A paper of this year', abstract: 'New.', date: 'Jan 5' },
        ]),
      },
    });
    const { status, stdout } = runCli(['--content', root, '--json', '--strict', '--today', '2026-12-01']);
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as IngestReport;
    expect(report.entries.find((e) => e.title === 'A paper of this year')!.date).toBe('2026-01-05');
    expect(report.yearInferences[0]).toMatchObject({ captureDate: '2026-02-01' });
    const problem = report.problems.find((p) => p.code === 'date-after-today')!;
    expect(formatProblem(problem)).toMatch(/sources\/outlier\.txt:\d+: "Jul 9, 2099" is after today \(2026-12-01\)/);
  });
});
