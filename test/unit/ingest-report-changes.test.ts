// The per-key summary of a re-import ("48 updated: sources +1 (48), upvotes (3)"), the changes each rewrite
// records, and the human report's one line for the shipped dumps' known problems.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/lib/project/errors.ts';
import { fieldChanges } from '../../src/lib/ingest/plan.ts';
import {
  countKeys,
  formatKeyCounts,
  formatReport,
  summarize,
  type IngestReport,
  type WriteReport,
} from '../../src/lib/ingest/report.ts';
import type { PaperResult } from '../../src/lib/ingest/plan.ts';

const result = (id: string, outcome: PaperResult['outcome']): PaperResult => ({
  id,
  title: id,
  outcome,
  themes: ['kv-cache'],
  pinned: false,
  matches: [],
});

describe('fieldChanges', () => {
  it('lists each ingest-owned key whose value changes, with the old and new value', () => {
    const data = { id: 'a', title: 'A', upvotes: 3, sources: ['x.txt'], themes: ['kv-cache'], status: 'read' };
    expect(
      fieldChanges(data, [
        ['id', 'a'],
        ['title', 'A'],
        ['upvotes', 5],
        ['sources', ['x.txt', 'y.txt']],
        ['themes', ['kv-cache']],
      ]),
    ).toEqual([
      { key: 'upvotes', old: 3, new: 5 },
      { key: 'sources', old: ['x.txt'], new: ['x.txt', 'y.txt'] },
    ]);
  });

  it('gives no old value for a key added and no new value for a key removed', () => {
    expect(
      fieldChanges({ authors: 4 }, [
        ['arxiv', '2402.02750'],
        ['authors', undefined],
        ['organization', undefined],
      ]),
    ).toEqual([
      { key: 'arxiv', new: '2402.02750' },
      { key: 'authors', old: 4 },
    ]);
  });
});

describe('countKeys and formatKeyCounts', () => {
  it('counts papers per key, most first, and the distinct list items added and removed', () => {
    const changes = [
      ...Array.from({ length: 48 }, () => [{ key: 'sources', old: ['a.txt'], new: ['a.txt', 'new.txt'] }]),
      [{ key: 'upvotes', old: 1, new: 2 }],
      [
        { key: 'upvotes', old: 3, new: 4 },
        { key: 'sources', old: ['b.txt'], new: ['b.txt', 'new.txt'] },
      ],
      [{ key: 'upvotes', old: 5, new: 9 }],
    ];
    const counts = countKeys(changes);
    expect(counts).toEqual([
      { key: 'sources', papers: 49, added: 1, removed: 0 },
      { key: 'upvotes', papers: 3 },
    ]);
    expect(formatKeyCounts(counts)).toBe('sources +1 (49), upvotes (3)');
  });

  it('shows items removed, a list only reordered, and keys of equal count in frontmatter order', () => {
    const counts = countKeys([
      [{ key: 'themes', old: ['a', 'b'], new: ['b', 'a'] }],
      [{ key: 'themes', old: ['a'], new: ['c'] }],
      [{ key: 'title', old: 'Old', new: 'New' }],
      [{ key: 'pin', new: 'kv-cache' }],
      [{ key: 'title', old: 'X', new: 'Y' }],
    ]);
    expect(formatKeyCounts(counts)).toBe('title (2), themes +1 -1 (2), pin (1)');
  });
});

describe('summarize', () => {
  it('splits the key counts between updated papers and moved ones (a move is rewritten where it went)', () => {
    const writes: WriteReport[] = [
      { action: 'update', path: 'papers/a/x.mdx', changes: [{ key: 'upvotes', old: 1, new: 2 }] },
      { action: 'move', path: 'papers/b/y.mdx', from: 'papers/a/y.mdx' },
      { action: 'update', path: 'papers/b/y.mdx', changes: [{ key: 'themes', old: ['a'], new: ['b', 'a'] }] },
      { action: 'create', path: 'papers/a/z.mdx' },
    ];
    const summary = summarize({
      dumps: 1,
      entries: 3,
      papers: [result('x', 'updated'), result('y', 'moved'), result('z', 'new')],
      kept: 0,
      warnings: 0,
      writes,
    });
    expect(summary).toMatchObject({ new: 1, updated: 1, moved: 1 });
    expect(summary.updatedKeys).toEqual([{ key: 'upvotes', papers: 1 }]);
    expect(summary.movedKeys).toEqual([{ key: 'themes', papers: 1, added: 1, removed: 0 }]);
  });
});

/** A report of a re-import with the given writes and problems. */
function report(writes: WriteReport[], papers: PaperResult[], problems: Problem[] = []): IngestReport {
  return {
    contentRoot: 'content',
    dryRun: false,
    taxonomy: 'content/themes.yaml',
    dumps: [],
    yearInferences: [],
    entries: [],
    papers,
    writes,
    removedTempFiles: [],
    problems,
    notes: [],
    summary: summarize({ dumps: 2, entries: 3, papers, kept: 0, warnings: problems.length, writes }),
  };
}

describe('formatReport', () => {
  it('says what the updates changed, per key, just before the summary line', () => {
    const lines = formatReport(
      report(
        [
          { action: 'update', path: 'p/a.mdx', changes: [{ key: 'upvotes', old: 1, new: 2 }] },
          {
            action: 'update',
            path: 'p/b.mdx',
            changes: [
              { key: 'upvotes', old: 1, new: 3 },
              { key: 'sources', old: ['x'], new: ['x', 'y'] },
            ],
          },
        ],
        [result('a', 'updated'), result('b', 'updated'), result('c', 'unchanged')],
      ),
    );
    expect(lines).toEqual([
      '2 updated: upvotes (2), sources +1 (1)',
      'ingest: 2 dumps, 3 entries, 3 papers — 0 new, 2 updated, 1 unchanged, 0 moved, 0 warnings',
    ]);
  });

  it('prints nothing more when nothing was updated', () => {
    expect(formatReport(report([], [result('a', 'unchanged')]))).toEqual([
      'ingest: 2 dumps, 3 entries, 1 paper — 0 new, 0 updated, 1 unchanged, 0 moved, 0 warnings',
    ]);
  });

  it("counts the shipped dumps' problems in one line, lists them under --verbose, and always shows the reader's", () => {
    const problem = (file: string, line: number, shipped: boolean): Problem => ({
      file,
      line,
      code: 'truncated-entry',
      message: `entry at ${line} is cut short`,
      action: 'skipped',
      ...(shipped ? { shipped: true as const } : {}),
    });
    const problems = [
      problem('content/sources/001.txt', 29, true),
      problem('content/sources/001.txt', 89, true),
      problem('content/sources/002.txt', 421, true),
      problem('content/sources/mine.txt', 7, false),
    ];
    const quiet = formatReport(report([], [], problems));
    expect(quiet).toEqual([
      'warning: 3 known problems in the default dumps that ship with the project (truncated-entry: 3, in 2 files) — the same in every copy; --verbose lists each',
      'warning: content/sources/mine.txt:7: entry at 7 is cut short — skipped',
      'ingest: 2 dumps, 3 entries, 0 papers — 0 new, 0 updated, 0 unchanged, 0 moved, 4 warnings',
    ]);
    const verbose = formatReport(report([], [], problems), { verbose: true });
    expect(verbose.filter((line) => line.startsWith('warning: '))).toEqual([
      'warning: content/sources/001.txt:29: entry at 29 is cut short — skipped',
      'warning: content/sources/001.txt:89: entry at 89 is cut short — skipped',
      'warning: content/sources/002.txt:421: entry at 421 is cut short — skipped',
      'warning: content/sources/mine.txt:7: entry at 7 is cut short — skipped',
    ]);
  });
});
