// ingest.yaml and themes.yaml errors with file and line, and the problem and summary lines.
import { describe, expect, it } from 'vitest';
import { parseIngestConfig } from '../../src/lib/ingest/config.ts';
import { formatSummary, summarize, type IngestReport } from '../../src/lib/ingest/report.ts';
import { formatProblem, ProblemError } from '../../src/lib/project/errors.ts';
import { defaultTaxonomyPath } from '../../src/lib/project/content-root.ts';
import { loadTaxonomy, parseTaxonomy } from '../../src/lib/themes/themes-file.ts';

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error.problem;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

describe('parseIngestConfig (ingest.yaml)', () => {
  it('defaults to no overrides when there is no file', () => {
    expect(parseIngestConfig(undefined, 'ingest.yaml')).toEqual({ captureYear: {} });
  });

  it('reads capture years per dump', () => {
    expect(parseIngestConfig('# years\ncaptureYear:\n  a.txt: 2025\n', 'ingest.yaml')).toEqual({
      captureYear: { 'a.txt': 2025 },
    });
  });

  it.each([
    ['a year that is not a number', 'captureYear:\n  a.txt: soon\n', 2, 'captureYear.a.txt'],
    ['an unknown key', 'captureYear: {}\nyears: 3\n', 2, 'years'],
    ['broken YAML', 'captureYear: [\n', 1, 'YAML syntax error'],
  ])('names the file and line of %s', (_name, text, line, fragment) => {
    const problem = problemOf(() => parseIngestConfig(text, 'content/ingest.yaml'));
    expect(problem).toMatchObject({ file: 'content/ingest.yaml', line });
    expect(formatProblem(problem)).toContain(fragment);
  });
});

describe('themes.yaml loading', () => {
  it('loads the project default taxonomy', () => {
    expect(loadTaxonomy(defaultTaxonomyPath()).themes.length).toBeGreaterThan(1);
  });

  it('points at the line of an invalid theme', () => {
    const text =
      'fallback: other\nthemes:\n  - id: ok\n    title: OK\n  - id: Not A Slug\n    title: Bad\n  - id: other\n    title: Other\n';
    const problem = problemOf(() => parseTaxonomy(text, 'content/themes.yaml'));
    expect(problem).toMatchObject({ file: 'content/themes.yaml', line: 5, code: 'invalid-taxonomy' });
    expect(problem.message).toMatch(/^themes\[1\]\.id: /);
  });

  it('says when the fallback is not a theme', () => {
    const problem = problemOf(() => parseTaxonomy('fallback: misc\nthemes:\n  - id: a\n    title: A\n', 'themes.yaml'));
    expect(problem).toMatchObject({ line: 1 });
    expect(problem.message).toContain('fallback');
  });

  it('reports a missing file without a stack trace', () => {
    expect(problemOf(() => loadTaxonomy('/nonexistent/themes.yaml', 'content/themes.yaml'))).toMatchObject({
      file: 'content/themes.yaml',
      code: 'missing-taxonomy',
    });
  });
});

describe('problem and summary lines', () => {
  it('prints a problem as file:line: what — action', () => {
    expect(
      formatProblem({
        file: 'content/sources/x.txt',
        line: 12,
        code: 'bad-date',
        message: 'unreadable date "Foo 3"',
        action: 'entry skipped',
      }),
    ).toBe('content/sources/x.txt:12: unreadable date "Foo 3" — entry skipped');
    expect(
      formatProblem({ file: 'content/sources/y.bin', code: 'binary-file', message: 'not text', action: 'skipped' }),
    ).toBe('content/sources/y.bin: not text — skipped');
  });

  it('prints the one-line summary', () => {
    const papers = [
      ...Array.from({ length: 3 }, () => ({ outcome: 'new' as const })),
      { outcome: 'moved' as const },
      { outcome: 'unchanged' as const },
    ].map((p, i) => ({ ...p, id: `p${i}`, title: 'T', themes: [], pinned: false, matches: [] }));
    const report = {
      dryRun: false,
      summary: summarize({ dumps: 1, entries: 6, papers, kept: 2, warnings: 1 }),
    } as unknown as IngestReport;
    expect(formatSummary(report)).toBe(
      'ingest: 1 dump, 6 entries, 5 papers — 3 new, 0 updated, 1 unchanged, 1 moved, 2 other files kept, 1 warning',
    );
    expect(formatSummary({ ...report, dryRun: true })).toMatch(/^ingest \(dry run, nothing written\): /);
  });
});
