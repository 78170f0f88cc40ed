// Readers keep notes in synced or shared folders, so links under papers/ are normal: a theme folder that is a
// symbolic link is read through its link (its notes are never taken for "new" papers and written over), a
// linked paper file is updated where it really is and stays a link, a linked file is never moved out of the
// reader's folder, and a broken or looping link is reported by name and left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { makeRoot, paperFiles, removeRoots } from '../fixtures/ingest/helpers.ts';

const outside: string[] = [];
afterAll(async () => {
  removeRoots();
  for (const dir of outside.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder outside the content root, as a synced notes folder would be. */
function elsewhere(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synced-notes-'));
  outside.push(dir);
  return dir;
}

const NOTE = '\n## My notes\n\nThese must survive every run.\n';

/** A fresh ingested root of the seed dumps, with the note appended to every file of `theme`. */
async function ingestedRoot(theme: string): Promise<{ root: string; papers: string; noted: string[] }> {
  const root = makeRoot({ seeds: true });
  await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
  const papers = path.join(root, 'papers');
  const noted = paperFiles(root).filter((rel) => rel.startsWith(`${theme}/`));
  for (const rel of noted) fs.appendFileSync(path.join(papers, rel), NOTE);
  return { root, papers, noted };
}

describe('a theme folder that is a symbolic link', () => {
  let root: string;
  let papers: string;
  let noted: string[];
  let real: string;
  let report: Awaited<ReturnType<typeof runIngestAsync>>;

  beforeAll(async () => {
    ({ root, papers, noted } = await ingestedRoot('kv-cache'));
    real = path.join(elsewhere(), 'kv-cache');
    fs.renameSync(path.join(papers, 'kv-cache'), real);
    fs.symlinkSync(real, path.join(papers, 'kv-cache'), 'dir');
    report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
  });

  it('holds several noted papers', async () => {
    expect(noted.length).toBeGreaterThan(5);
  });

  it('is read through the link: its papers are unchanged, none is new and nothing is written', async () => {
    expect(report.papers.filter((p) => p.outcome === 'new')).toEqual([]);
    expect(report.writes).toEqual([]);
  });

  it('keeps every note behind the link, and the link itself', async () => {
    expect(fs.lstatSync(path.join(papers, 'kv-cache')).isSymbolicLink()).toBe(true);
    for (const rel of noted) expect(fs.readFileSync(path.join(real, path.basename(rel)), 'utf8')).toContain(NOTE);
  });
});

describe('a paper file that is a symbolic link', () => {
  let root: string;
  let papers: string;
  let linkPath: string;
  let realFile: string;
  let report: Awaited<ReturnType<typeof runIngestAsync>>;

  beforeAll(async () => {
    let noted: string[];
    ({ root, papers, noted } = await ingestedRoot('kv-cache'));
    const rel = noted[0]!;
    linkPath = path.join(papers, rel);
    realFile = path.join(elsewhere(), path.basename(rel));
    // An out-of-date upvote count, so ingest has something to rewrite.
    const text = fs.readFileSync(linkPath, 'utf8').replace(/^upvotes: \d+$/m, 'upvotes: 999999');
    fs.writeFileSync(realFile, text);
    fs.rmSync(linkPath);
    fs.symlinkSync(realFile, linkPath, 'file');
    report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
  });

  it('is updated where it really is, and stays a link', async () => {
    expect(fs.lstatSync(linkPath).isSymbolicLink()).toBe(true);
    const text = fs.readFileSync(realFile, 'utf8');
    expect(text).not.toContain('upvotes: 999999');
    expect(text).toContain(NOTE);
    expect(report.problems.filter((p) => p.file.includes(path.basename(linkPath)))).toEqual([]);
  });
});

describe('a linked paper whose primary theme changes', () => {
  it('stays where the reader linked it, and the report says why', async () => {
    const { root, papers, noted } = await ingestedRoot('kv-cache');
    const rel = noted[0]!;
    const realFile = path.join(elsewhere(), path.basename(rel));
    // Its stored primary says it was filed by ingest under "kv-cache" by rules that now point elsewhere.
    fs.writeFileSync(
      realFile,
      fs.readFileSync(path.join(papers, rel), 'utf8').replace(/^themes:\n( {2}- .*\n)+/m, 'themes:\n  - kv-cache\n'),
    );
    fs.rmSync(path.join(papers, rel));
    fs.symlinkSync(realFile, path.join(papers, rel), 'file');
    // A taxonomy without kv-cache: the paper's rules move it.
    const themes = fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8');
    fs.writeFileSync(path.join(root, 'themes.yaml'), themes.replace(/^ {2}- id: kv-cache$/m, '  - id: kv-cache-old'));
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    expect(fs.lstatSync(path.join(papers, rel)).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(realFile, 'utf8')).toContain(NOTE);
    expect(report.writes.filter((w) => w.action === 'move' && w.from?.endsWith(path.basename(rel)))).toEqual([]);
    expect(report.problems.some((p) => p.file.endsWith(rel) && /link/.test(p.message))).toBe(true);
  });
});

describe('links that lead nowhere', () => {
  it('reports a broken link and a loop by name and goes on with the rest', async () => {
    const { root, papers } = await ingestedRoot('kv-cache');
    fs.symlinkSync(path.join(os.tmpdir(), 'no-such-folder-here'), path.join(papers, 'gone'), 'dir');
    fs.symlinkSync(papers, path.join(papers, 'kv-cache', 'loop'), 'dir');
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    const messages = report.problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/papers\/gone: the link is broken/));
    expect(messages).toContainEqual(expect.stringMatching(/papers\/kv-cache\/loop: the link leads back/));
    expect(report.papers.filter((p) => p.outcome === 'new')).toEqual([]);
  });
});

describe('a second name for a paper file', () => {
  it('is not a second paper: both names are reported and neither file is changed', async () => {
    const { root, papers, noted } = await ingestedRoot('kv-cache');
    const rel = noted[0]!;
    fs.symlinkSync(path.join(papers, rel), path.join(papers, 'kv-cache', 'another-name.mdx'), 'file');
    const before = fs.readFileSync(path.join(papers, rel));
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    expect(fs.readFileSync(path.join(papers, rel))).toEqual(before);
    expect(fs.lstatSync(path.join(papers, 'kv-cache', 'another-name.mdx')).isSymbolicLink()).toBe(true);
    expect(report.problems.map((p) => p.code)).toContain('duplicate-id');
    expect(report.papers.filter((p) => p.outcome === 'new')).toEqual([]);
  });
});

describe('dumps behind links', () => {
  it('reads a linked dump, and reports a broken one by name instead of skipping it in silence', async () => {
    const root = makeRoot({ seeds: true });
    const sources = path.join(root, 'sources');
    const [first] = fs.readdirSync(sources).sort();
    const real = path.join(elsewhere(), first!);
    fs.renameSync(path.join(sources, first!), real);
    fs.symlinkSync(real, path.join(sources, first!), 'file');
    fs.symlinkSync(path.join(os.tmpdir(), 'no-such-dump.txt'), path.join(sources, 'zz-gone.txt'), 'file');
    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    expect(report.dumps.map((d) => d.name)).toContain(first);
    expect(report.summary).toMatchObject({ dumps: 5, papers: 264 });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ file: 'sources/zz-gone.txt', code: 'bad-link', message: 'the link is broken' }),
    );
  });
});
