// What `npm run build` prints, on the default list: ingest's report with the shipped dumps' 14 known problems as
// one count, Astro's phases with one line for the route listing, the integrations' lines and the summary, well
// under 40 lines; `--verbose` prints every line of both (the 14 problems, each route). A failing build still shows
// Astro's whole error and exits non-zero. The output stages (search index, KaTeX stylesheet, dist check, summary)
// run in a process of their own once astro build has exited, and write the same dist/ as `astro build` run
// directly, which runs them in its own process; a failing stage (the dist check) fails the build with its message.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_CONTENT, buildSite, makeContentRoot, makeTemp, projectCopy, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  dist: string;
  cache: string;
}

/**
 * `npm run build -- …args` in a private copy of the project, into a dist/ of its own; `contentRoot` is given as
 * READING_LIST_CONTENT.
 */
async function npmBuild(
  contentRoot: string,
  args: string[] = [],
  projectFiles: Record<string, string> = {},
): Promise<Run> {
  const project = await projectCopy();
  for (const [file, text] of Object.entries(projectFiles)) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  }
  const temp = await makeTemp('reading-list-build-output-');
  const dist = path.join(temp, 'dist');
  const cache = path.join(temp, 'cache');
  const env = {
    ...process.env,
    READING_LIST_CONTENT: contentRoot,
    READING_LIST_OUT: dist,
    READING_LIST_CACHE: cache,
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', ...(args.length > 0 ? ['--', ...args] : [])], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, dist, cache }));
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** The 14 cut-short entries of the shipped dumps, as ingest reports each one. */
const DETAIL = /^warning: .*content\/sources\/00\d_[0-9a-f]{16}\.txt:\d+: ".*" has no byline and date/;

describe('npm run build of the default list', () => {
  let root: string;
  let quiet: Run;

  beforeAll(async () => {
    root = await makeContentRoot({ from: PROJECT_CONTENT, skipSources: false });
    quiet = await npmBuild(root);
  });

  it('prints what matters in a few lines: progress, the summary and the problems, no route listing', () => {
    expect(quiet.status, quiet.stdout + quiet.stderr).toBe(0);
    const all = [...lines(quiet.stdout), ...lines(quiet.stderr)];
    expect(all.length, all.join('\n')).toBeLessThan(40);
    // Ingest's summary and the count of the shipped dumps' known problems, once.
    expect(quiet.stdout).toMatch(/^ingest: 5 dumps, 297 entries, 264 papers — .*, 14 warnings$/m);
    expect(quiet.stdout).toMatch(
      /^warning: 14 known problems in the default dumps that ship with the project \(truncated-entry: 14, in 4 files\)/m,
    );
    expect(all.filter((line) => DETAIL.test(line))).toEqual([]);
    // One line for the whole route listing, none per route.
    expect(quiet.stdout).not.toMatch(/[├└]─/);
    expect(quiet.stdout).toMatch(/\[build\] \d{3} routes rendered in /);
    // The output stages' own lines, by their prefix and name, and the build summary.
    expect(quiet.stdout).toMatch(/\[reading-list:output\] summary: built 264 paper pages, \d+ theme pages/);
    expect(quiet.stdout).toMatch(/\[reading-list:output\] search index: Pagefind: 264 papers indexed/);
    expect(quiet.stdout).toMatch(/\[reading-list:output\] dist check: /);
  });

  it('runs the output stages in a process of their own once astro build has exited', () => {
    const out = lines(quiet.stdout);
    const at = (pattern: RegExp) => out.findIndex((line) => pattern.test(line));
    const handedOver = at(/\[reading-list:output\] 5 stages handed over to a process of their own/);
    const astroDone = at(/\[build\] \d+ page\(s\) built in /);
    expect(handedOver, quiet.stdout).toBeGreaterThan(-1);
    // Astro's last line comes before any stage's: the stages ran after its process ended, not in its hook.
    expect(astroDone).toBeGreaterThan(handedOver);
    const stages = ['search script', 'search index', 'KaTeX stylesheet', 'dist check', 'summary'].map((name) =>
      at(new RegExp(`\\[reading-list:output\\] ${name}: `)),
    );
    expect(stages[0]).toBeGreaterThan(astroDone);
    expect([...stages].sort((a, b) => a - b)).toEqual(stages);
    // The handover file is gone from the cache folder.
    expect(fs.readdirSync(quiet.cache).filter((name) => name.startsWith('output-handover-'))).toEqual([]);
  });

  it('writes the same dist/ as astro build run directly', async () => {
    const direct = await buildSite({ contentRoot: root });
    expect(direct.output).not.toMatch(/handed over/);
    expect(direct.output).toMatch(/\[reading-list:output\] summary: built 264 paper pages/);
    const files = (dir: string) =>
      (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .sort();
    const built = files(quiet.dist);
    expect(built).toEqual(files(direct.dist));
    expect(built.length).toBeGreaterThan(600);
    const different = built.filter(
      (file) => !fs.readFileSync(path.join(quiet.dist, file)).equals(fs.readFileSync(path.join(direct.dist, file))),
    );
    expect(different).toEqual([]);
  });

  it('--verbose prints everything: each of the 14 problems and each route', async () => {
    const verbose = await npmBuild(root, ['--verbose']);
    expect(verbose.status, verbose.stdout + verbose.stderr).toBe(0);
    expect(lines(verbose.stdout).filter((line) => DETAIL.test(line))).toHaveLength(14);
    expect(verbose.stdout).toMatch(/^warning: .*001_b8d7ce8aaaa69b2c\.txt:29: "Learning What/m);
    expect(verbose.stdout).not.toMatch(/known problems in the default dumps/);
    const routes = lines(verbose.stdout).filter((line) => /[├└]─ \//.test(line));
    expect(routes.length).toBeGreaterThan(300);
    expect(verbose.stdout).toContain('/papers/');
  });
});

describe('npm run build of a list that fails to build', () => {
  it("shows Astro's whole error, with the file, and exits non-zero", async () => {
    const root = await makeContentRoot({
      files: {
        'themes.yaml': fs.readFileSync(path.join(PROJECT_CONTENT, 'themes.yaml'), 'utf8'),
        'papers/kv-cache/bad-status.mdx':
          '---\nid: bad-status\ntitle: Bad Status\ndate: 2025-01-02\nstatus: done\n---\n',
      },
    });
    const run = await npmBuild(root);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('InvalidContentEntryDataError');
    expect(run.stderr).toMatch(/status: Invalid option: expected one of "to-read"\|"reading"\|"read"/);
    expect(run.stderr).toContain(path.join(root, 'papers', 'kv-cache', 'bad-status.mdx'));
    expect(run.stderr).toContain('Stack trace:');
    expect(run.stderr).toMatch(/astro build failed \(exit 1\)/);
  });
});

describe('npm run build of a site the dist check refuses', () => {
  it('fails with the dist check’s message from the output stages’ process', async () => {
    const paper = fs
      .readdirSync(path.join(PROJECT_CONTENT, 'papers', 'agents'))
      .find((name) => name.endsWith('.mdx')) as string;
    const root = await makeContentRoot({
      files: {
        'themes.yaml': fs.readFileSync(path.join(PROJECT_CONTENT, 'themes.yaml'), 'utf8'),
        [`papers/agents/${paper}`]: fs.readFileSync(path.join(PROJECT_CONTENT, 'papers', 'agents', paper), 'utf8'),
      },
    });
    // A file of public/ with a root-absolute link: copied into dist/ as it is, so only the dist check sees it.
    const run = await npmBuild(root, [], {
      'public/extra/bad.html': '<!doctype html><title>x</title><a href="/papers/x.html">x</a>',
    });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/\[reading-list:output\] 5 stages handed over to a process of their own/);
    expect(run.stdout).toMatch(/\[reading-list:output\] search index: Pagefind: 1 papers indexed/);
    expect(run.stdout).not.toMatch(/\[reading-list:output\] summary: /);
    expect(run.stderr).toMatch(/^error: dist\/ is not portable \(1 problems in \d+ pages/m);
    expect(run.stderr).toContain('extra/bad.html: <a href> is root-absolute: "/papers/x.html"');
    expect(run.stderr).toMatch(/build: the output stages failed \(exit 1\)/);
    expect(fs.readdirSync(run.cache).filter((name) => name.startsWith('output-handover-'))).toEqual([]);
  });
});

describe('npm run build of a list that ingest refuses', () => {
  it('stops after ingest with its one line and exit code, for the content root given by --content', async () => {
    const root = await makeContentRoot({
      files: { 'themes.yaml': 'themes:\n  - id: kv-cache\n    title: [unclosed\n', 'sources/.keep': '' },
    });
    // The environment names another root: --content wins.
    const run = await npmBuild(path.join(root, 'not-this-one'), ['--content', root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ingest: .*themes\.yaml:\d+: /m);
    expect(run.stdout).not.toMatch(/\[content\]|\[build\]/);
  });
});
