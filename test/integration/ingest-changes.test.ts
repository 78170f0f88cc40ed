// A re-import says what changed, key by key, on the real dumps: three upvote counts edited in a dump and a dump
// added give "51 updated: sources +1 (48), upvotes (3)", and `--json` gives each write's changed keys with the old
// and new values. And the report tells the shipped dumps' known problems (one count) from the reader's own: a
// dump the reader added, or a shipped one they changed, has each problem shown with its file and line.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/lib/ingest/report.ts';
import { PROJECT, makeRoot, readPaper, removeRoots, runCli } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const LATEST = '002_aea1191a128dc6dc.txt';
const ADDED_FROM = '003_d7dad95a8af9272b.txt';
const ADDED = '005_saved-again.txt';
const ingestYaml = fs.readFileSync(path.join(PROJECT, 'content', 'ingest.yaml'), 'utf8');
/** A date line with its optional upvote count: `Oct 1, 2023`, `Sep 25, 2023 1`, `Apr 11 12`. */
const DATE_LINE = /^([A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(?: (\d+))?$/;

interface Edited {
  id: string;
  before: number;
  after: number;
}

/**
 * A content root of the five real dumps, ingested once; then, in the most recently captured dump (whose upvotes
 * win), three upvote counts raised (entries that the added dump does not list), and a dump added: the same page
 * saved again under another name, so each of its 48 papers gains it as a source.
 */
function editedRoot(): { root: string; edited: Edited[]; addedIds: Set<string> } {
  const root = makeRoot({ seeds: true, files: { 'ingest.yaml': ingestYaml } });
  const first = JSON.parse(runCli(['--content', root, '--json']).stdout) as IngestReport;
  const addedIds = new Set(first.entries.filter((e) => e.file.endsWith(ADDED_FROM)).map((e) => e.id));
  const dumpPath = path.join(root, 'sources', LATEST);
  const lines = fs.readFileSync(dumpPath, 'utf8').split('\n');
  const edited: Edited[] = [];
  for (const entry of first.entries.filter((e) => e.file.endsWith(LATEST))) {
    if (edited.length === 3) break;
    if (addedIds.has(entry.id)) continue;
    // The entry's date line is the first one after its title that reads as a date.
    const index = lines.findIndex((line, i) => i >= entry.line && DATE_LINE.test(line));
    const [, date] = DATE_LINE.exec(lines[index]!)!;
    const before = readPaper(paperPath(root, entry.id)).data.upvotes as number;
    lines[index] = `${date} ${before + 100}`;
    edited.push({ id: entry.id, before, after: before + 100 });
  }
  fs.writeFileSync(dumpPath, lines.join('\n'));
  fs.copyFileSync(path.join(root, 'sources', ADDED_FROM), path.join(root, 'sources', ADDED));
  return { root, edited, addedIds };
}

function paperPath(root: string, id: string): string {
  const papers = path.join(root, 'papers');
  const rel = (fs.readdirSync(papers, { recursive: true }) as string[]).find((f) => path.basename(f) === `${id}.mdx`);
  if (!rel) throw new Error(`no file for ${id}`);
  return path.join(papers, rel);
}

describe('a re-import of the real dumps after three upvote edits and a new dump', () => {
  let human: { stdout: string; root: string; edited: Edited[]; addedIds: Set<string> };
  let json: { report: IngestReport; root: string; edited: Edited[]; addedIds: Set<string> };

  beforeAll(() => {
    const a = editedRoot();
    human = { ...a, stdout: runCli(['--content', a.root]).stdout };
    const b = editedRoot();
    json = { ...b, report: JSON.parse(runCli(['--content', b.root, '--json']).stdout) as IngestReport };
  });

  it('says what changed per key, before the summary line', () => {
    expect(human.edited).toHaveLength(3);
    expect(human.addedIds.size).toBe(48);
    const lines = human.stdout.trim().split('\n');
    expect(lines.at(-2)).toBe('51 updated: sources +1 (48), upvotes (3)');
    expect(lines.at(-1)).toMatch(
      /^ingest: 6 dumps, 345 entries, 264 papers — 0 new, 51 updated, 213 unchanged, 0 moved/,
    );
  });

  it('--json gives each write its changed keys with the old and new values', () => {
    const { report, root, edited, addedIds } = json;
    expect(report.summary.updatedKeys).toEqual([
      { key: 'sources', papers: 48, added: 1, removed: 0 },
      { key: 'upvotes', papers: 3 },
    ]);
    expect(report.writes).toHaveLength(51);
    const writeOf = (id: string) => report.writes.find((w) => w.path.endsWith(`/${id}.mdx`));
    for (const { id, before, after } of edited) {
      const write = writeOf(id);
      expect(write?.action).toBe('update');
      expect(write?.changes).toEqual([{ key: 'upvotes', old: before, new: after }]);
      expect(readPaper(paperPath(root, id)).data.upvotes).toBe(after);
    }
    for (const id of addedIds) {
      const file = paperPath(root, id);
      const write = writeOf(id);
      const sources = readPaper(file).data.sources as string[];
      expect(sources).toContain(ADDED);
      expect(write?.changes).toEqual([{ key: 'sources', old: sources.filter((s) => s !== ADDED), new: sources }]);
    }
  });
});

/** A dump of the reader's own: one complete entry, then one cut short (a title and an abstract, nothing more). */
const READER_DUMP = [
  'Daily Papers',
  '',
  'Mar 3, 2026',
  '',
  'A Complete Entry About Cache Eviction',
  '',
  'We evict entries from the cache.',
  '',
  '  • 3 authors',
  '·',
  'Mar 2, 2026 5',
  '',
  'A Cut Short Entry About Sparse Attention',
  '',
  'The abstract, and then nothing.',
  '',
].join('\n');

describe("the shipped dumps' known problems and the reader's own", () => {
  it("shows a reader's dump's cut-short entry in full, with the shipped ones as one count", () => {
    const root = makeRoot({ seeds: true, files: { 'ingest.yaml': ingestYaml }, sources: { 'mine.txt': READER_DUMP } });
    const { status, stdout } = runCli(['--content', root, '--dry-run']);
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^warning: \S*sources\/mine\.txt:13: "A Cut Short Entry About Sparse Attention" has no byline and date/m,
    );
    expect(stdout).toMatch(
      /^warning: 14 known problems in the default dumps that ship with the project \(truncated-entry: 14, in 4 files\)/m,
    );
    expect(stdout.match(/^warning: .*has no byline and date/gm)).toHaveLength(1);
    expect(stdout).toMatch(/ 265 papers — .*, 15 warnings$/m);
  });

  it('shows every problem of a shipped dump the reader changed, and of a copy under another name', () => {
    const root = makeRoot({ seeds: true, files: { 'ingest.yaml': ingestYaml } });
    const changed = path.join(root, 'sources', LATEST);
    fs.appendFileSync(changed, '\nOne More Line The Reader Added\n');
    fs.copyFileSync(path.join(root, 'sources', ADDED_FROM), path.join(root, 'sources', ADDED));
    const { stdout } = runCli(['--content', root, '--dry-run']);
    // 002 had one cut-short entry (and now a second, the added line); the copy of 003 has 003's three.
    expect(stdout.match(new RegExp(`^warning: \\S*${LATEST}:\\d+: .*has no byline and date`, 'gm'))).toHaveLength(2);
    expect(stdout.match(new RegExp(`^warning: \\S*${ADDED}:\\d+: .*has no byline and date`, 'gm'))).toHaveLength(3);
    // The three shipped dumps left as they are: 001 (6), 003 (3), 004 (4).
    expect(stdout).toMatch(
      /^warning: 13 known problems in the default dumps that ship with the project \(truncated-entry: 13, in 3 files\)/m,
    );
  });
});
