// `npm run themes:suggest` on real content roots: the default list, and a list with no themes.yaml whose
// draft ingest accepts and the site builds from.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/lib/themes/themes-file.ts';
import { assignThemes } from '../../src/lib/themes/assign.ts';
import { readDumpPapers } from '../../src/lib/themes/corpus.ts';
import { compareLabelings, suggestTaxonomy } from '../../src/lib/themes/suggest.ts';
import { ingest } from '../helpers/real-site.ts';
import { PROJECT_CONTENT, PROJECT_ROOT, buildSite, makeContentRoot, removeTemp } from '../helpers/site.ts';

const node = fs.existsSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node'))
  ? path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node')
  : process.execPath;

function suggest(...args: string[]) {
  const run = spawnSync(node, [path.join(PROJECT_ROOT, 'scripts', 'suggest-themes.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

afterAll(removeTemp);

describe('themes:suggest on the default list', () => {
  it('writes themes.suggested.yaml next to the taxonomy in use, leaves themes.yaml alone, and validates', async () => {
    const root = await makeContentRoot({ from: PROJECT_CONTENT, skipSources: false });
    const before = fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8');
    const run = suggest('--content', root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /themes:suggest: 264 papers → \d+ themes \(silhouette [\d.]+; rules agree with clusters on [\d.]+%; \d+ to "other"\) — wrote /,
    );
    expect(fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8')).toBe(before);
    const draft = loadTaxonomy(path.join(root, 'themes.suggested.yaml'));
    expect(draft.themes.length).toBeGreaterThanOrEqual(8);
    for (const theme of draft.themes.filter((t) => t.id !== draft.fallback))
      expect(theme.rules.flatMap((r) => r.terms).length).toBeGreaterThan(3);
  });

  it('finds clusters close to the default taxonomy (NMI above 0.5) that the drafted rules reproduce', () => {
    const { papers } = readDumpPapers(path.join(PROJECT_CONTENT, 'sources'));
    const reference = loadTaxonomy(path.join(PROJECT_CONTENT, 'themes.yaml'));
    const suggestion = suggestTaxonomy(papers);
    const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : 1));
    const clusterOf = new Map(suggestion.themes.flatMap((t) => t.cluster.map((id) => [id, t.id] as const)));
    const expert = sorted.map((p) => assignThemes(reference, p).themes[0]!);
    const clusters = compareLabelings(
      sorted.map((p) => clusterOf.get(p.id)!),
      expert,
    );
    const rules = compareLabelings(
      sorted.map((p) => suggestion.assignments.get(p.id)!),
      expert,
    );
    expect(clusters.nmi).toBeGreaterThan(0.5);
    expect(rules.nmi).toBeGreaterThan(0.5);
    expect(suggestion.quality.rulesAgreeWithClusters).toBeGreaterThan(0.7);
    expect(suggestion.quality.maxShare).toBeLessThanOrEqual(0.15);
  });
});

describe('themes:suggest on a list with no taxonomy', () => {
  it('drafts a taxonomy that ingest accepts and the site builds from', async () => {
    const root = await makeContentRoot();
    fs.cpSync(path.join(PROJECT_CONTENT, 'sources'), path.join(root, 'sources'), { recursive: true });
    expect(fs.existsSync(path.join(root, 'themes.yaml'))).toBe(false);

    const run = suggest('--content', root);
    expect(run.code, run.stderr).toBe(0);
    const draftFile = path.join(root, 'themes.suggested.yaml');
    const text = fs.readFileSync(draftFile, 'utf8');
    expect(text).toMatch(/^# Draft taxonomy suggested by `npm run themes:suggest` from 264 papers/);
    expect(text).toMatch(/# Cluster of \d+ papers; its rules would hold \d+ papers as primary theme:\n\s+#\s+- /);

    // Same input, same draft, byte for byte.
    const again = suggest('--content', root, '--out', path.join(root, 'again.yaml'));
    expect(again.code, again.stderr).toBe(0);
    expect(fs.readFileSync(path.join(root, 'again.yaml'), 'utf8').replace(/again\.yaml/g, '')).toBe(
      text.replace(/themes\.suggested\.yaml/g, ''),
    );

    fs.renameSync(draftFile, path.join(root, 'themes.yaml'));
    const draft = loadTaxonomy(path.join(root, 'themes.yaml'));
    await ingest(root);
    const folders = fs.readdirSync(path.join(root, 'papers')).sort();
    const ids = new Set(draft.themes.map((t) => t.id));
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) expect(ids.has(folder)).toBe(true);
    const files = folders.flatMap((folder) => fs.readdirSync(path.join(root, 'papers', folder)));
    expect(files.filter((f) => f.endsWith('.mdx'))).toHaveLength(264);

    const { dist, output } = await buildSite({ contentRoot: root });
    expect(output).toMatch(/built 264 paper pages, \d+ theme pages/);
    for (const theme of draft.themes.filter((t) => folders.includes(t.id)))
      expect(fs.existsSync(path.join(dist, 'themes', `${theme.id}.html`))).toBe(true);
    // A list without site.yaml is nobody else's: neutral name, nothing about the default list's field.
    const home = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(home).toContain('<title>Reading list</title>');
    expect(output).toContain('no site.yaml, so the site is titled "Reading list"');
    for (const page of ['index.html', 'all.html', 'search.html'])
      expect(fs.readFileSync(path.join(dist, page), 'utf8')).not.toMatch(/efficient and long-context/i);
    // An ingest and a whole site build: minutes on a busy machine.
  }, 600_000);

  it('never replaces an existing file without --force, and says how to', async () => {
    const root = await makeContentRoot();
    fs.cpSync(path.join(PROJECT_CONTENT, 'sources'), path.join(root, 'sources'), { recursive: true });
    fs.writeFileSync(path.join(root, 'themes.yaml'), '# mine\n');
    const refused = suggest('--content', root, '--out', path.join(root, 'themes.yaml'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'themes.yaml already exists (it is the taxonomy in use) — nothing written; pass --force to replace it, or --out to write elsewhere',
    );
    expect(fs.readFileSync(path.join(root, 'themes.yaml'), 'utf8')).toBe('# mine\n');

    expect(suggest('--content', root).code).toBe(0);
    expect(suggest('--content', root).code).toBe(1);
    expect(suggest('--content', root, '--force').code).toBe(0);
  });

  it('explains a list too short to cluster and a bad option', async () => {
    const root = await makeContentRoot({ files: { 'sources/empty.txt': '' } });
    const short = suggest('--content', root);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('only 0 papers: suggesting themes needs at least 8');
    const bad = suggest('--k', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--k expects a whole number of at least 1, got "many"');
  });
});
