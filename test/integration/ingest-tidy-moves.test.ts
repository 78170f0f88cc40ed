// A taxonomy change that moves every paper out of a theme folder leaves no empty folder behind, and deletes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngestAsync } from '../../src/lib/ingest/run.ts';
import { dump, makeRoot, paperFiles, removeRoots } from '../fixtures/ingest/helpers.ts';

afterAll(removeRoots);

const taxonomy = (first: string, second: string) => `fallback: other
themes:
  - id: ${first}
    title: First
    rules:
      - terms: [speech]
        weight: 3
  - id: ${second}
    title: Second
    rules:
      - terms: [robot]
        weight: 3
  - id: other
    title: Other
`;

const sources = {
  'a.txt': dump('Mar 7, 2025', [
    { title: 'Speech tokens', abstract: 'Speech recognition with speech tokens.', date: 'Mar 6' },
    { title: 'Speech synthesis', abstract: 'Speech synthesis at scale.', date: 'Mar 5' },
    { title: 'Robot hands', abstract: 'A robot grasps.', date: 'Mar 4' },
  ]),
};

describe('tidy moves', () => {
  it('removes the theme folder a taxonomy change empties, keeping every paper and its notes', async () => {
    const root = makeRoot({ sources, themes: null, files: { 'themes.yaml': taxonomy('speech', 'robots') } });
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    const note = path.join(root, 'papers', 'speech', 'speech-tokens.mdx');
    fs.appendFileSync(note, '\nMy notes.\n');
    fs.writeFileSync(path.join(root, 'themes.yaml'), taxonomy('audio', 'robots'));

    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    expect(report.summary.moved).toBe(2);
    expect(fs.existsSync(path.join(root, 'papers', 'speech'))).toBe(false);
    expect(report.removedFolders).toEqual(['papers/speech']);
    expect(paperFiles(root)).toEqual([
      'audio/speech-synthesis.mdx',
      'audio/speech-tokens.mdx',
      'robots/robot-hands.mdx',
    ]);
    expect(fs.readFileSync(path.join(root, 'papers', 'audio', 'speech-tokens.mdx'), 'utf8')).toMatch(/\nMy notes\.\n$/);
  });

  it('keeps a folder that still holds anything of the reader', async () => {
    const root = makeRoot({ sources, themes: null, files: { 'themes.yaml': taxonomy('speech', 'robots') } });
    await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    fs.writeFileSync(path.join(root, 'papers', 'speech', 'reading-notes.txt'), 'mine');
    fs.writeFileSync(path.join(root, 'themes.yaml'), taxonomy('audio', 'robots'));

    const report = await runIngestAsync({ contentRoot: root, cwd: root, recordDir: false });
    expect(report.summary.moved).toBe(2);
    expect(report.removedFolders).toBeUndefined();
    expect(fs.readFileSync(path.join(root, 'papers', 'speech', 'reading-notes.txt'), 'utf8')).toBe('mine');
  });
});
