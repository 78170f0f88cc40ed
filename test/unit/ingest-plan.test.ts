// Planning writes and moves: new files, updates, theme moves, pins, hand-moved and hand-added files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { splitFrontmatter } from '../../src/lib/ingest/frontmatter.ts';
import { normalizeTitle } from '../../src/lib/ingest/merge.ts';
import { inspectFiles, planPapers, type Operation } from '../../src/lib/ingest/plan.ts';
import type { IdentifiedPaper, PaperFile } from '../../src/lib/ingest/types.ts';
import { parseTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { FIXTURES } from '../fixtures/ingest/helpers.ts';

const taxonomy = parseTaxonomy(fs.readFileSync(path.join(FIXTURES, 'themes.yaml'), 'utf8'), 'themes.yaml');

/** A KV cache paper: the fixture taxonomy files it under kv-cache, with attention second. */
function paper(fields: Partial<IdentifiedPaper> = {}): IdentifiedPaper {
  const title = fields.title ?? 'Squeezing the KV Cache of Attention';
  return {
    key: normalizeTitle(title),
    id: 'squeezing-the-kv-cache',
    title,
    abstract: 'We evict entries from the KV cache of attention layers.',
    date: '2025-04-11',
    yearInferred: false,
    authors: 4,
    upvotes: 3,
    sources: ['a.txt'],
    occurrences: [],
    ...fields,
  };
}

function file(relPath: string, content: string): PaperFile {
  const folder = relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/')) : '';
  return {
    relPath,
    folder,
    name: relPath.slice(relPath.lastIndexOf('/') + 1),
    file: `papers/${relPath}`,
    bytes: new TextEncoder().encode(content),
  };
}

const NOTES = '\n## My notes\n\nThe eviction rule is $O(1)$. <Callout>keep</Callout>\n';
function managed(themes: string[], extra = '', fields: Partial<IdentifiedPaper> = {}): string {
  const p = paper(fields);
  return `---\nid: ${p.id}\ntitle: ${p.title}\nabstract: ${p.abstract}\ndate: "${p.date}"\nauthors: ${p.authors}\nupvotes: ${p.upvotes}\nsources: [a.txt]\nthemes: [${themes.join(', ')}]\n${extra}---\n${NOTES}`;
}

function plan(papers: IdentifiedPaper[], files: PaperFile[]) {
  return planPapers(papers, inspectFiles(files).infos, taxonomy);
}
const written = (op: Operation | undefined) => (op && op.kind === 'write' ? new TextDecoder().decode(op.bytes) : '');
const frontmatterOf = (content: string) => {
  const split = splitFrontmatter(new TextEncoder().encode(content));
  if (!split.ok) throw new Error(split.message);
  return parse(split.split.frontmatter) as Record<string, unknown>;
};

describe('planPapers: new papers', () => {
  it('creates the file in the primary theme folder, with an empty body', () => {
    const result = plan([paper()], []);
    expect(result.operations).toHaveLength(1);
    expect(result.operations[0]).toMatchObject({
      kind: 'write',
      relPath: 'kv-cache/squeezing-the-kv-cache.mdx',
      create: true,
    });
    const content = written(result.operations[0]);
    expect(content.endsWith('---\n')).toBe(true);
    expect(frontmatterOf(content)).toEqual({
      id: 'squeezing-the-kv-cache',
      title: 'Squeezing the KV Cache of Attention',
      abstract: 'We evict entries from the KV cache of attention layers.',
      date: '2025-04-11',
      authors: 4,
      upvotes: 3,
      sources: ['a.txt'],
      themes: ['kv-cache', 'attention'],
    });
    expect(result.results[0]).toMatchObject({ outcome: 'new', themes: ['kv-cache', 'attention'], pinned: false });
    expect(result.results[0]!.matches[0]).toMatchObject({ id: 'kv-cache', terms: ['kv cache'] });
  });

  it('writes an organization instead of authors', () => {
    const content = written(plan([paper({ authors: undefined, organization: 'Amazon' })], []).operations[0]);
    expect(frontmatterOf(content)).toMatchObject({ organization: 'Amazon' });
    expect(frontmatterOf(content)).not.toHaveProperty('authors');
  });

  it('refuses to overwrite a file with another id at the same path', () => {
    const result = plan(
      [paper()],
      [file('kv-cache/squeezing-the-kv-cache.mdx', '---\nid: other\ntitle: Other\ndate: 2025-01-01\n---\n')],
    );
    expect(result.operations).toEqual([]);
    expect(result.problems.map((p) => p.code)).toContain('path-taken');
  });
});

describe('planPapers: existing files', () => {
  it('does nothing when the file is up to date', () => {
    const result = plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', managed(['kv-cache', 'attention']))]);
    expect(result.operations).toEqual([]);
    expect(result.results[0]!.outcome).toBe('unchanged');
  });

  it('updates ingest keys in place and keeps the reader keys and notes', () => {
    const before = managed(['kv-cache', 'attention'], 'status: read # finally\ntags: [ survey ]\n');
    const result = plan([paper({ upvotes: 10 })], [file('kv-cache/squeezing-the-kv-cache.mdx', before)]);
    expect(result.operations).toHaveLength(1);
    expect(written(result.operations[0])).toBe(before.replace('upvotes: 3', 'upvotes: 10'));
    expect(result.results[0]!.outcome).toBe('updated');
  });

  it('moves the file when the primary theme changes: rename first, then rewrite', () => {
    const before = managed(['attention'], 'status: read\n');
    const result = plan([paper()], [file('attention/squeezing-the-kv-cache.mdx', before)]);
    expect(result.operations.map((op) => op.kind)).toEqual(['move', 'write']);
    expect(result.operations[0]).toEqual({
      kind: 'move',
      from: 'attention/squeezing-the-kv-cache.mdx',
      to: 'kv-cache/squeezing-the-kv-cache.mdx',
    });
    expect(result.operations[1]).toMatchObject({ relPath: 'kv-cache/squeezing-the-kv-cache.mdx' });
    expect(written(result.operations[1])).toBe(before.replace('themes: [attention]', 'themes: [kv-cache, attention]'));
    expect(result.results[0]).toMatchObject({
      outcome: 'moved',
      from: 'attention/squeezing-the-kv-cache.mdx',
      relPath: 'kv-cache/squeezing-the-kv-cache.mdx',
    });
  });

  it('finishes a move cut short after the rename (the file is already in its new folder)', () => {
    const result = plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', managed(['attention']))]);
    expect(result.operations.map((op) => op.kind)).toEqual(['write']);
    expect(frontmatterOf(written(result.operations[0])).themes).toEqual(['kv-cache', 'attention']);
    expect(frontmatterOf(written(result.operations[0]))).not.toHaveProperty('pin');
  });

  it('leaves a file the reader moved to another theme folder there, and records the pin', () => {
    const before = managed(['kv-cache', 'attention']);
    const result = plan([paper()], [file('long-context/squeezing-the-kv-cache.mdx', before)]);
    expect(result.operations).toHaveLength(1);
    expect(result.operations[0]).toMatchObject({ kind: 'write', relPath: 'long-context/squeezing-the-kv-cache.mdx' });
    const after = written(result.operations[0]);
    expect(frontmatterOf(after)).toMatchObject({
      pin: 'long-context',
      themes: ['long-context', 'kv-cache', 'attention'],
    });
    expect(after.endsWith(`---\n${NOTES}`)).toBe(true);
    expect(result.notes).toEqual([
      expect.objectContaining({ code: 'pinned-by-move', file: 'papers/long-context/squeezing-the-kv-cache.mdx' }),
    ]);
  });

  it('sends a pinned file to its pin folder whatever the rules say', () => {
    const result = plan(
      [paper()],
      [file('kv-cache/squeezing-the-kv-cache.mdx', managed(['kv-cache', 'attention'], 'pin: other\n'))],
    );
    expect(result.operations[0]).toEqual({
      kind: 'move',
      from: 'kv-cache/squeezing-the-kv-cache.mdx',
      to: 'other/squeezing-the-kv-cache.mdx',
    });
    expect(result.results[0]).toMatchObject({ themes: ['other', 'kv-cache', 'attention'], pinned: true });
  });

  it('ignores and reports a pin that is not a theme', () => {
    const result = plan(
      [paper()],
      [file('kv-cache/squeezing-the-kv-cache.mdx', managed(['kv-cache', 'attention'], 'pin: nowhere\n'))],
    );
    expect(result.operations).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unknown-pin', line: 10 })]);
  });

  it('leaves a file in a folder that is not a theme and reports it', () => {
    const result = plan(
      [paper({ upvotes: 5 })],
      [file('archive/squeezing-the-kv-cache.mdx', managed(['kv-cache', 'attention']))],
    );
    expect(result.operations.map((op) => op.kind === 'write' && op.relPath)).toEqual([
      'archive/squeezing-the-kv-cache.mdx',
    ]);
    expect(result.problems.map((p) => p.code)).toEqual(['not-a-theme-folder']);
  });

  it('moves a file out of a theme the taxonomy no longer has', () => {
    const result = plan([paper()], [file('gone/squeezing-the-kv-cache.mdx', managed(['gone']))]);
    expect(result.operations.map((op) => op.kind)).toEqual(['move', 'write']);
    expect(result.operations[0]).toMatchObject({ to: 'kv-cache/squeezing-the-kv-cache.mdx' });
    expect(result.problems).toEqual([]);
  });

  it('keeps a hand-added file exactly as written when a dump brings the same paper, and says so', () => {
    const before = '---\ntitle: squeezing the kv cache\ndate: 2025-04-01\nstatus: reading\n---\nMine.\n';
    const result = plan([paper()], [file('kv-cache/squeezing-the-kv-cache.mdx', before)]);
    expect(result.operations).toEqual([]);
    expect(result.results.map((r) => [r.id, r.outcome, r.relPath])).toEqual([
      ['squeezing-the-kv-cache', 'unchanged', 'kv-cache/squeezing-the-kv-cache.mdx'],
    ]);
    expect(result.notes.map((n) => n.code)).toEqual(['hand-added-kept']);
    expect(result.problems).toEqual([]);
  });
});

describe('planPapers: files with no dump behind them', () => {
  it('keeps a hand-added paper as it is', () => {
    const result = plan([], [file('other/my-paper.mdx', '---\ntitle: My Paper\ndate: 2024-01-01\n---\nNotes.\n')]);
    expect(result.operations).toEqual([]);
    expect(result.kept).toEqual(['other/my-paper.mdx']);
    expect(result.problems).toEqual([]);
  });

  it('reports each invalid field of a hand-added paper with its line', () => {
    const result = plan([], [file('other/bad.mdx', '---\ntitle: Bad\ndate: last week\nstatus: done\n---\n')]);
    expect(result.operations).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.line, p.message.split(':')[0]])).toEqual([
      ['invalid-field', 3, 'date'],
      ['invalid-field', 4, 'status'],
    ]);
  });
});

describe('inspectFiles: files ingest cannot edit', () => {
  it.each([
    ['no frontmatter', 'Just notes.\n', 'bad-frontmatter', 1],
    ['broken YAML', '---\ntitle: [unclosed\ndate: 2025-01-01\n---\n', 'yaml-syntax', 2],
    ['a list for frontmatter', '---\n- a\n---\n', 'bad-frontmatter', 2],
  ])('reports a file with %s and leaves it alone', (_name, content, code, line) => {
    const { infos, problems } = inspectFiles([file('kv-cache/squeezing-the-kv-cache.mdx', content)]);
    expect(problems).toEqual([
      expect.objectContaining({ code, line, file: 'papers/kv-cache/squeezing-the-kv-cache.mdx' }),
    ]);
    const result = planPapers([paper()], infos, taxonomy);
    expect(result.operations).toEqual([]);
    expect(result.results[0]!.outcome).toBe('skipped');
  });

  it('touches neither of two files that hold the same paper', () => {
    const result = plan(
      [paper({ upvotes: 9 })],
      [
        file('kv-cache/squeezing-the-kv-cache.mdx', managed(['kv-cache'])),
        file('attention/squeezing-the-kv-cache.mdx', managed(['kv-cache'])),
      ],
    );
    expect(result.operations).toEqual([]);
    expect(result.problems.map((p) => p.code)).toEqual(['duplicate-id']);
  });

  it('reports an id that differs from the file name', () => {
    const { problems } = inspectFiles([file('other/name.mdx', '---\nid: another\ntitle: T\ndate: 2025-01-01\n---\n')]);
    expect(problems).toEqual([expect.objectContaining({ code: 'id-mismatch', line: 2 })]);
  });
});
