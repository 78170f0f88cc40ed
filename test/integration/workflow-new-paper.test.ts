// `npm run new -- "Title"`: a valid MDX file in the theme folder the rules choose, its path
// printed; no overwrite of an existing id; the content root option and variable; the new
// paper built into the site like any other (its page, its status page).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { localDay, newPaper } from '../../src/lib/ingest/new-paper.ts';
import { loadTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { PROJECT_ROOT, buildSite, makeContentRoot, removeTemp } from '../helpers/site.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/workflow');
const NODE = fs.existsSync(path.join(PROJECT_ROOT, 'node_modules/.bin/node'))
  ? path.join(PROJECT_ROOT, 'node_modules/.bin/node')
  : process.execPath;

function runNew(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(NODE, ['scripts/new-paper.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, READING_LIST_CONTENT: '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Frontmatter and body of an MDX file. */
function readMdx(file: string): { data: Record<string, unknown>; body: string } {
  const text = fs.readFileSync(file, 'utf8');
  const [, yaml, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
  return { data: parseYaml(yaml!), body: body! };
}

afterAll(removeTemp);

describe('newPaper', () => {
  const taxonomy = loadTaxonomy(path.join(FIXTURE, 'themes.yaml'));

  it('files the paper by the theme rules and says why', () => {
    const paper = newPaper(taxonomy, { title: 'Evicting the KV Cache Wisely', today: '2025-03-01' });
    expect(paper).toMatchObject({
      id: 'evicting-the-kv-cache-wisely',
      theme: 'kv-cache',
      relativePath: 'papers/kv-cache/evicting-the-kv-cache-wisely.mdx',
    });
    expect(paper.matched).toContain('kv cache');
  });

  it('uses the abstract too, and the fallback theme when no rule matches', () => {
    expect(
      newPaper(taxonomy, { title: 'A Quiet Title', abstract: 'We study attention sinks.', today: '2025-03-01' }).theme,
    ).toBe('sparse-attention');
    expect(newPaper(taxonomy, { title: 'A Quiet Title', today: '2025-03-01' })).toMatchObject({
      theme: 'other',
      matched: [],
    });
  });

  it('writes text from the title as data, never as MDX', () => {
    const paper = newPaper(taxonomy, { title: "import fs from 'node:fs' {alert(1)} <b>", today: '2025-03-01' });
    const [, yaml] = /^---\n([\s\S]*?)\n---\n/.exec(paper.source)!;
    expect(parseYaml(yaml!).title).toBe("import fs from 'node:fs' {alert(1)} <b>");
  });

  it('refuses an empty title, a title without a usable character, and an impossible date', () => {
    expect(() => newPaper(taxonomy, { title: '   ', today: '2025-03-01' })).toThrow(/needs a title/);
    expect(() => newPaper(taxonomy, { title: '!!! ???', today: '2025-03-01' })).toThrow(/empty id/);
    // Other scripts are spelled in Latin letters, so they make an id.
    expect(newPaper(taxonomy, { title: '日本語', today: '2025-03-01' }).id).toBe('ribenyu');
    expect(() => newPaper(taxonomy, { title: 'T', date: '2025-02-30', today: '2025-03-01' })).toThrow(
      /--date "2025-02-30"/,
    );
  });
});

describe('npm run new', () => {
  it('writes a valid MDX file in the theme folder, prints its path, and details on stderr', async () => {
    const root = await makeContentRoot({ from: FIXTURE });
    const { code, stdout, stderr } = runNew([
      'Heavy Hitter Caches Revisited',
      '--content',
      root,
      '--abstract',
      'An $O(n)$ eviction policy.',
    ]);
    expect(code).toBe(0);
    const file = path.join(root, 'papers/kv-cache/heavy-hitter-caches-revisited.mdx');
    expect(stdout.trim()).toBe(file);
    expect(stderr).toContain('added "heavy-hitter-caches-revisited" to theme kv-cache (matched: ');
    const { data, body } = readMdx(file);
    expect(data).toEqual({
      title: 'Heavy Hitter Caches Revisited',
      date: localDay(),
      abstract: 'An $O(n)$ eviction policy.',
      status: 'to-read',
      added: localDay(),
    });
    expect(PaperSchema.safeParse(data).success).toBe(true);
    expect(body).toContain('## Notes');
    // Written atomically: no temporary file is left next to it.
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite an existing id, in any theme folder, and leaves the file as it was', async () => {
    const root = await makeContentRoot({ from: FIXTURE });
    // "KIVI" matches no rule (it would go to other/), while kivi.mdx sits in kv-cache/.
    const existing = path.join(root, 'papers/kv-cache/kivi.mdx');
    const before = fs.readFileSync(existing, 'utf8');
    const { code, stdout, stderr } = runNew(['KIVI', '--content', root]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`a paper with id "kivi" already exists: ${existing}`);
    expect(fs.existsSync(path.join(root, 'papers/other/kivi.mdx'))).toBe(false);
    expect(stderr).toContain('nothing written');
    expect(fs.readFileSync(existing, 'utf8')).toBe(before);
  });

  it('refuses an id whose file differs only in letter case (one file on macOS and Windows)', async () => {
    const root = await makeContentRoot({ from: FIXTURE });
    const existing = path.join(root, 'papers/kv-cache/Kivi.mdx');
    fs.renameSync(path.join(root, 'papers/kv-cache/kivi.mdx'), existing);
    const before = fs.readFileSync(existing, 'utf8');
    const { code, stderr } = runNew(['KIVI', '--content', root]);
    expect(code).toBe(1);
    expect(stderr).toContain(`a paper with id "kivi" already exists: ${existing}`);
    expect(fs.existsSync(path.join(root, 'papers/other/kivi.mdx'))).toBe(false);
    expect(fs.readFileSync(existing, 'utf8')).toBe(before);
  });

  it('reads the content root from READING_LIST_CONTENT, and takes --date', async () => {
    const root = await makeContentRoot({ from: FIXTURE });
    const { code, stdout } = runNew(['Dynamic Sparse Attention Again', '--date', '2024-12-24'], {
      READING_LIST_CONTENT: root,
    });
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(path.join(root, 'papers/sparse-attention/dynamic-sparse-attention-again.mdx'));
    expect(readMdx(stdout.trim()).data).toMatchObject({ date: '2024-12-24', added: localDay() });
  });

  it("never files a paper by another list's themes: a root without themes.yaml gets one theme, and is told", async () => {
    const root = await makeContentRoot();
    const { code, stdout, stderr } = runNew(['--content', root, 'Dynamic Sparse Attention Again']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(path.join(root, 'papers/papers/dynamic-sparse-attention-again.mdx'));
    expect(stderr).toContain('no themes.yaml in the content root');
  });

  it('explains usage and bad input with a non-zero exit', async () => {
    const root = await makeContentRoot({ from: FIXTURE });
    expect(runNew(['--content', root])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run new -- "Paper title"'),
    });
    expect(runNew(['A', 'B', '--content', root])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('one title only'),
    });
    expect(runNew(['T', '--date', 'yesterday', '--content', root])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--date "yesterday" is not a day written as YYYY-MM-DD'),
    });
  });

  it('adds a paper the site builds like any other: its page and its status page', async () => {
    const root = await makeContentRoot({ from: FIXTURE });
    const { code } = runNew(['Streaming Attention Sinks at Scale', '--content', root, '--date', '2025-02-02']);
    expect(code).toBe(0);
    const { dist } = await buildSite({ contentRoot: root });
    const page = fs.readFileSync(path.join(dist, 'papers/streaming-attention-sinks-at-scale.html'), 'utf8');
    expect(page).toContain('Streaming Attention Sinks at Scale');
    expect(fs.readFileSync(path.join(dist, 'status/to-read.html'), 'utf8')).toContain(
      'streaming-attention-sinks-at-scale.html',
    );
    expect(fs.readFileSync(path.join(dist, 'themes/sparse-attention.html'), 'utf8')).toContain(
      'streaming-attention-sinks-at-scale.html',
    );
  });
});
