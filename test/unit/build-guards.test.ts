// The build refuses what would deploy an empty site: an unsupported Node, or papers in the content root and none rendered.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { astroErrorFrom } from '../../src/lib/site/build-error.ts';
import { describe, expect, it } from 'vitest';
import { countPaperFiles, emptyBuildProblem } from '../../src/integrations/build-summary.ts';
import { unsupportedNode } from '../../src/lib/project/node-version.ts';

describe('unsupportedNode', () => {
  it.each(['v20.20.2', '18.19.0', '22.11.0', 'v22.0.1'])(
    'refuses Node %s in one line that names the fix',
    (version) => {
      const message = unsupportedNode(version);
      expect(message).toContain(version.replace(/^v/, ''));
      expect(message).toContain('>= 22.12');
      expect(message).toContain('npm run build');
      expect(message).not.toContain('\n');
    },
  );

  it.each(['22.12.0', 'v24.21.0', '26.0.0', '23.1.0'])('accepts Node %s', (version) => {
    expect(unsupportedNode(version)).toBeUndefined();
  });
});

describe('emptyBuildProblem', () => {
  const counts = { pages: 3, papers: 0, themes: 1, bytes: 10 };

  it('fails a build that rendered no paper page from a content root that holds papers', () => {
    const problem = emptyBuildProblem(2000, counts, '/lists/mine/papers');
    expect(problem).toMatchObject({ file: '/lists/mine/papers', code: 'empty-build' });
    expect(problem?.message).toMatch(/holds 2000 paper files but the build rendered no paper page/);
    const error = astroErrorFrom(problem!);
    expect(error.name).toBe('AstroUserError');
    expect(error.message).toBe(
      '/lists/mine/papers: the content root holds 2000 paper files but the build rendered no paper page',
    );
    expect(error.hint).toBe('run `npm run build` with Node >= 22.12 and check the messages above');
  });

  it('lets an empty list build an empty site, and a full list its pages', () => {
    expect(emptyBuildProblem(0, counts, '/x/papers')).toBeUndefined();
    expect(emptyBuildProblem(5, { ...counts, papers: 5 }, '/x/papers')).toBeUndefined();
  });

  it('counts .mdx files in every theme folder, and none in a missing folder', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'papers-count-'));
    await fs.mkdir(path.join(root, 'a'), { recursive: true });
    await fs.mkdir(path.join(root, 'b'), { recursive: true });
    await fs.writeFile(path.join(root, 'a', 'one.mdx'), '---\n---\n');
    await fs.writeFile(path.join(root, 'b', 'two.mdx'), '---\n---\n');
    await fs.writeFile(path.join(root, 'b', 'notes.txt'), 'not a paper');
    expect(await countPaperFiles(root)).toBe(2);
    expect(await countPaperFiles(path.join(root, 'missing'))).toBe(0);
    await fs.rm(root, { recursive: true, force: true });
  });
});
