// The reader's part of every paper file (notes, reader keys, YAML comments) survives re-ingest and a taxonomy
// change that moves files; hand-added papers and hand-moved files are respected; ingest never deletes a file.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { makeRoot, paperFiles, readPaper, snapshot, useThemes, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const BODIES = [
  '\n## Notes\n\nEviction keeps $O(1)$ memory; see \\cite{x} and $$\\sum_i a_i$$.\n',
  '\n<Callout type="note">MDX component in my notes</Callout>\n\n---\n\nA thematic break, then {/* an MDX comment */} text.\n',
  '\r\nWindows line breaks in my notes.\r\nSecond line.\r\n',
  'No trailing newline and unicode: ünïcödé 😀 — “quotes”',
  '\n```ts\nconst x = { a: 1 };\n```\n\n- [ ] todo\n- [x] done\n',
];

/** The reader's edits: comments, reader keys, notes; and an ingest key put out of date (upvotes). */
function edit(original: string, index: number): { edited: string; expected: string } {
  const match = /^---\n([\s\S]*?\n)---\n$/.exec(original);
  if (!match) throw new Error('unexpected file shape');
  const lines = match[1]!.split('\n').slice(0, -1);
  const upvotes = lines.findIndex((l) => l.startsWith('upvotes: '));
  const reader = [
    '# my own keys below',
    `status: ${['to-read', 'reading', 'read'][index % 3]}   # where I am`,
    `tags: [ "must read", survey${index} ]`,
    `rating: ${1 + (index % 5)}`,
    'my-notes-key:',
    '    nested: { a: 1,  b: [x, y] }',
    "quote: 'kept exactly'",
  ];
  const withComment = [...lines.slice(0, upvotes), '# upvotes grow over time', ...lines.slice(upvotes)];
  const body = BODIES[index % BODIES.length]!;
  const expected = `# reading notes for this paper\n${[...withComment, ...reader].join('\n')}\n`;
  const stale = expected.replace(/^upvotes: \d+$/m, 'upvotes: 999');
  return { edited: `---\n${stale}---\n${body}`, expected: `---\n${expected}---\n${body}` };
}

describe('re-ingest keeps every byte the reader wrote', () => {
  let root: string;
  const papersDir = () => path.join(root, 'papers');
  /** Edited files by id: where they were, and their content with the ingest keys as ingest will write them. */
  const edited = new Map<string, { rel: string; expected: string }>();
  const handAdded = {
    'other/my-own-paper.mdx': '---\ntitle: My Own Paper\ndate: 2024-02-03\n---\nI added this one myself.\n',
    'long-context/another-by-hand.mdx':
      '---\n# a comment first\ntitle: "Another: By Hand"\ndate: 2023-12-31\nstatus: read\ntags: [mine]\n---\n\nNotes.\n',
  };
  let handMoved: { id: string; from: string; to: string; body: Buffer };

  beforeAll(async () => {
    root = makeRoot({ seeds: true });
    await runIngestAsync({ contentRoot: root, cwd: root });
    const files = paperFiles(root);
    // Every file in kv-cache/ and attention/ (the taxonomy change moves many of them), and every 7th file elsewhere.
    const chosen = files.filter((rel, i) => rel.startsWith('kv-cache/') || rel.startsWith('attention/') || i % 7 === 0);
    chosen.forEach((rel, index) => {
      const full = path.join(papersDir(), rel);
      const { edited: text, expected } = edit(fs.readFileSync(full, 'utf8'), index);
      fs.writeFileSync(full, text);
      edited.set(path.basename(rel, '.mdx'), { rel, expected });
    });
    for (const [rel, text] of Object.entries(handAdded)) {
      fs.mkdirSync(path.dirname(path.join(papersDir(), rel)), { recursive: true });
      fs.writeFileSync(path.join(papersDir(), rel), text);
    }
    // The reader re-files one kv-cache paper under attention by moving it.
    const moving = [...edited.entries()].find(([, e]) => e.rel.startsWith('kv-cache/'))!;
    const [id, { rel }] = moving;
    edited.delete(id);
    const to = `attention/${id}.mdx`;
    fs.renameSync(path.join(papersDir(), rel), path.join(papersDir(), to));
    handMoved = { id, from: rel, to, body: readPaper(path.join(papersDir(), to)).body };
  });

  it('edits a good number of files across themes', async () => {
    expect(edited.size).toBeGreaterThan(40);
  });

  it('restores the stale ingest key and leaves every other byte as the reader wrote it', async () => {
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(report.summary.updated).toBe(edited.size + 1);
    for (const [id, { rel, expected }] of edited) {
      expect(fs.readFileSync(path.join(papersDir(), rel), 'utf8'), id).toBe(expected);
    }
  });

  it('keeps hand-added papers byte for byte and counts them as kept', async () => {
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(report.summary.kept).toBe(2);
    expect(report.problems.filter((p) => !p.file.includes('sources/'))).toEqual([]);
    for (const [rel, text] of Object.entries(handAdded))
      expect(fs.readFileSync(path.join(papersDir(), rel), 'utf8')).toBe(text);
  });

  it('leaves the hand-moved file where the reader put it and pins it there', async () => {
    expect(fs.existsSync(path.join(papersDir(), handMoved.from))).toBe(false);
    const { data, body } = readPaper(path.join(papersDir(), handMoved.to));
    expect(data.pin).toBe('attention');
    expect((data.themes as string[])[0]).toBe('attention');
    expect(body.equals(handMoved.body)).toBe(true);
  });

  it('writes nothing when run again', async () => {
    const before = snapshot(papersDir());
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(report.writes).toEqual([]);
    const after = snapshot(papersDir());
    for (const [rel, state] of before) expect(after.get(rel)?.mtimeMs, rel).toBe(state.mtimeMs);
  });

  it('moves files to their new primary theme after a taxonomy change, reader part intact', async () => {
    useThemes(root, 'themes-long-context-first.yaml');
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    const moved = report.papers.filter((p) => p.outcome === 'moved');
    expect(moved.length).toBeGreaterThan(20);
    let movedEdited = 0;
    for (const [id, { rel, expected }] of edited) {
      const now = paperFiles(root).filter((p) => path.basename(p, '.mdx') === id);
      expect(now, id).toHaveLength(1);
      const text = fs.readFileSync(path.join(papersDir(), now[0]!), 'utf8');
      const themesLine = /^themes: .*$/m.exec(text)![0];
      // The only change: the themes line.
      expect(text, id).toBe(expected.replace(/^themes: .*$/m, themesLine));
      const themes = readPaper(path.join(papersDir(), now[0]!)).data.themes as string[];
      expect(now[0]).toBe(`${themes[0]}/${id}.mdx`);
      if (now[0] !== rel) movedEdited++;
    }
    expect(movedEdited).toBeGreaterThan(10);
  });

  it('keeps the pinned, hand-moved file in place through the taxonomy change', async () => {
    expect(fs.existsSync(path.join(papersDir(), handMoved.to))).toBe(true);
    expect(readPaper(path.join(papersDir(), handMoved.to)).body.equals(handMoved.body)).toBe(true);
  });

  it('leaves every file valid for the site and no temp file behind', async () => {
    for (const rel of paperFiles(root))
      expect(() => PaperSchema.parse(readPaper(path.join(papersDir(), rel)).data), rel).not.toThrow();
    expect([...snapshot(papersDir()).keys()].filter((rel) => !rel.endsWith('.mdx'))).toEqual([]);
  });

  it('never deletes a paper whose dump is gone', async () => {
    const before = paperFiles(root);
    fs.rmSync(path.join(root, 'sources', '000_0331881b8cc86f1c.txt'));
    const report = await runIngestAsync({ contentRoot: root, cwd: root });
    expect(paperFiles(root)).toEqual(before);
    expect(report.summary.kept).toBeGreaterThan(2);
  });
});
