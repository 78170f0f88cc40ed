// `added` on real dumps: the committed list already holds it, so ingesting it again writes nothing, on any later
// today; older files without it get it once, with the same value; a reader's value survives a move; a real list
// ingested fresh keeps every paper's day through re-ingests a year later.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { makeRoot, PROJECT, readPaper, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const CONTENT = path.join(PROJECT, 'content');
const GENERAL_ML = path.join(PROJECT, 'test', 'fixtures', 'real-lists', 'general-ml', 'sources');

/** Every paper file under a root's papers/, by path relative to it, with its bytes. */
function snapshot(root: string): Map<string, string> {
  const papers = path.join(root, 'papers');
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(papers, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.mdx')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(papers, full), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

/** A copy of the project's own content root: dumps, papers, themes.yaml, ingest.yaml. */
function copyOfContent(): string {
  const root = makeRoot({ themes: null });
  fs.cpSync(CONTENT, root, { recursive: true });
  return root;
}

const ingest = (root: string, today: string) =>
  runIngestAsync({ contentRoot: root, cwd: root, recordDir: false, today });

describe('added on the committed list', () => {
  it('is in every paper file already: ingesting the list again writes nothing, today or years later', async () => {
    const root = copyOfContent();
    const before = snapshot(root);
    expect(before.size).toBe(264);
    for (const text of before.values()) expect(text).toMatch(/\nadded: "\d{4}-\d{2}-\d{2}"\n/);

    for (const today of ['2026-12-01', '2027-06-30', '2031-01-01']) {
      const report = await ingest(root, today);
      expect(report.writes, today).toEqual([]);
      expect(report.summary).toMatchObject({ new: 0, updated: 0, moved: 0, unchanged: 264 });
    }
    expect(snapshot(root)).toEqual(before);
  });

  it("is each paper's earliest capture date among the dumps that hold it", async () => {
    const root = copyOfContent();
    const report = await ingest(root, '2026-12-01');
    const captured = new Map(report.yearInferences.map((i) => [i.name, i.captureDate]));
    expect([...captured.values()].every((date) => date !== undefined)).toBe(true);
    let later = 0;
    for (const result of report.papers) {
      const data = readPaper(path.join(root, 'papers', result.relPath!)).data;
      const sources = data.sources as string[];
      const earliest = sources.map((name) => captured.get(name)!).sort()[0];
      expect(data.added, result.id).toBe(earliest);
      if (sources.length > 1 && earliest !== captured.get(sources.at(-1)!)) later += 1;
      expect(String(data.added) >= String(data.date), result.id).toBe(true);
    }
    // Papers seen in several dumps keep the first sighting, not the latest.
    expect(later).toBeGreaterThan(0);
  });

  it('fills a file written before the key existed once, with the same day, and leaves it after', async () => {
    const root = copyOfContent();
    const committed = snapshot(root);
    for (const [relPath, text] of committed)
      fs.writeFileSync(path.join(root, 'papers', relPath), text.replace(/\nadded: "[^"]*"\n/, '\n'));

    const filled = await ingest(root, '2027-03-03');
    expect(filled.summary).toMatchObject({ updated: 264, new: 0, moved: 0 });
    expect(snapshot(root)).toEqual(committed);

    expect((await ingest(root, '2028-01-01')).writes).toEqual([]);
    expect(snapshot(root)).toEqual(committed);
  });

  it("keeps the reader's edit of added through a re-import and a theme move", async () => {
    const root = copyOfContent();
    const [relPath, text] = [...snapshot(root)].find(([p]) => p.startsWith('kv-cache/'))!;
    const edited = text.replace(/\nadded: "[^"]*"\n/, '\nadded: 2020-02-02 # mine\n');
    fs.writeFileSync(path.join(root, 'papers', relPath), edited);
    // A taxonomy without kv-cache: the file moves folder.
    const themes = fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(root, 'themes.yaml'),
      themes.replace(/\n {2}- id: kv-cache\n[\s\S]*?(?=\n {2}- id: )/, ''),
    );
    expect(fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8')).not.toContain('id: kv-cache');

    const report = await ingest(root, '2027-01-01');
    const moved = report.papers.find((p) => p.from === relPath);
    expect(moved?.outcome).toBe('moved');
    const after = fs.readFileSync(path.join(root, 'papers', moved!.relPath!), 'utf8');
    expect(after).toContain('\nadded: 2020-02-02 # mine\n');
  });
});

describe('added on a real list ingested fresh', () => {
  it('is written into every new file and kept through re-ingests a year later', async () => {
    const sources: Record<string, Uint8Array> = {};
    for (const name of fs.readdirSync(GENERAL_ML)) sources[name] = fs.readFileSync(path.join(GENERAL_ML, name));
    const root = makeRoot({ sources, themes: null });
    const first = await ingest(root, '2026-12-01');
    expect(first.summary.new).toBeGreaterThan(400);
    const written = snapshot(root);
    const addedOf = (files: Map<string, string>) =>
      new Map([...files].map(([relPath, text]) => [relPath, /\nadded: "(\d{4}-\d{2}-\d{2})"\n/.exec(text)?.[1]]));
    const added = addedOf(written);
    expect([...added.values()].every((day) => day !== undefined && day <= '2026-12-01')).toBe(true);

    // A year later, the capture years this list leaves to a guess are guessed again (and the papers' dates
    // with them, until the reader confirms them): the day each paper arrived stays as written.
    await ingest(root, '2027-12-01');
    expect(addedOf(snapshot(root))).toEqual(added);

    // With the guessed years confirmed in ingest.yaml, as the report asks, the list is byte for byte the first.
    expect(first.captureYearFix).toBeDefined();
    fs.writeFileSync(path.join(root, 'ingest.yaml'), `${first.captureYearFix}\n`);
    await ingest(root, '2027-12-01');
    expect(snapshot(root)).toEqual(written);
    expect((await ingest(root, '2028-12-01')).writes).toEqual([]);
  });
});
