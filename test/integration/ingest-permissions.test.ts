// What a reader set on a paper file survives ingest's rewrite: its permission bits (a private 0600 note stays
// private), its hard links (every name still shows the same, updated file); and a file the reader made
// read-only is left as it is, reported by its own name, while the rest of the run goes on.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { makeRoot, paperFiles, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const STALE = 'upvotes: 999999';
const NOTE = '\nMy private notes.\n';

describe('rewriting files the reader set up', () => {
  let root: string;
  let files: { priv: string; readOnly: string; linked: string; other: string };
  let outside: string;
  let report: Awaited<ReturnType<typeof runIngestAsync>>;
  const abs = (rel: string) => path.join(root, 'papers', rel);

  beforeAll(async () => {
    root = makeRoot({ seeds: true });
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    const [priv, readOnly, linked, other] = paperFiles(root);
    files = { priv: priv!, readOnly: readOnly!, linked: linked!, other: other! };
    for (const rel of Object.values(files)) {
      fs.writeFileSync(abs(rel), fs.readFileSync(abs(rel), 'utf8').replace(/^upvotes: \d+$/m, STALE) + NOTE);
    }
    fs.chmodSync(abs(files.priv), 0o600);
    fs.chmodSync(abs(files.readOnly), 0o444);
    outside = path.join(root, 'linked-copy.mdx');
    fs.linkSync(abs(files.linked), outside);
    report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
  });

  it('keeps a private file private', async () => {
    expect(fs.statSync(abs(files.priv)).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(abs(files.priv), 'utf8');
    expect(text).not.toContain(STALE);
    expect(text).toContain(NOTE);
  });

  it('leaves a read-only file as it is and names it, with the fix', async () => {
    expect(fs.statSync(abs(files.readOnly)).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(abs(files.readOnly), 'utf8')).toContain(STALE);
    const problem = report.problems.find((p) => p.code === 'read-only-file');
    expect(problem).toMatchObject({ file: `papers/${files.readOnly}` });
    expect(problem?.action).toContain(`chmod u+w papers/${files.readOnly}`);
    expect(report.papers.find((p) => p.relPath === files.readOnly)?.outcome).toBe('skipped');
  });

  it('keeps a hard link: both names still show one file, updated', async () => {
    const a = fs.statSync(abs(files.linked));
    const b = fs.statSync(outside);
    expect(a.ino).toBe(b.ino);
    expect(a.nlink).toBe(2);
    expect(fs.readFileSync(outside, 'utf8')).not.toContain(STALE);
    expect(fs.readFileSync(outside, 'utf8')).toContain(NOTE);
  });

  it('goes on with the rest of the run', async () => {
    expect(fs.readFileSync(abs(files.other), 'utf8')).not.toContain(STALE);
    expect(report.problems.filter((p) => p.code === 'storage-refused' || p.code === 'write-failed')).toEqual([]);
  });
});
