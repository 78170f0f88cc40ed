// `npm run enrich` against a replay of Hugging Face's API on 127.0.0.1 (the real saved answers, with
// timeouts, 429s, 500s and malformed answers): every paper the replay knows gets its id, names and links
// through ingest, the rest is reported; a second run asks nothing; offline it says so and changes nothing;
// killed mid-run it leaves no half-written file and the next run resumes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CACHE_FILE, SOURCE_FILE } from '../../src/lib/enrich/enrich.ts';
import { splitFrontmatter } from '../../src/lib/ingest/frontmatter.ts';
import { PaperSchema } from '../../src/schemas/paper.ts';
import { expectedPapers, type ExpectedPaper } from '../fixtures/hf-api/expected.ts';
import { dump, makeRoot, PROJECT, paperFiles, readPaper, removeRoots, snapshot } from '../fixtures/ingest/helpers.ts';
import { type ReplayServer, startReplay } from '../helpers/hf-replay.ts';

afterAll(removeRoots);

const ENRICH = path.join(PROJECT, 'scripts', 'enrich.ts');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Runs the CLI without blocking this process (the replay server answers from it). */
function enrich(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENRICH, ...args], {
      cwd: PROJECT,
      env: { ...process.env, READING_LIST_CONTENT: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** No pause between requests, short retries; the timeout is long enough for a loaded machine. */
const fast = (root: string, replay: ReplayServer) => [
  '--content',
  root,
  '--endpoint',
  replay.url,
  '--delay',
  '0',
  '--timeout',
  '2000',
  '--backoff',
  '5',
];

/** Papers of the saved answers copied as page text: no id, a count of authors, as a reader's dump has them. */
function asTextDump(papers: readonly ExpectedPaper[]): string {
  return dump(
    'Dec 31, 2026',
    papers.map((p) => ({
      title: p.title,
      abstract: p.abstract,
      byline: `  • ${p.authors} authors`,
      date: `${MONTHS[Number(p.date.slice(5, 7)) - 1]} ${Number(p.date.slice(8))}, ${p.date.slice(0, 4)} ${p.upvotes}`,
    })),
  );
}

function byTitle(root: string): Map<string, { file: string; data: Record<string, unknown> }> {
  return new Map(
    paperFiles(root).map((rel) => {
      const file = path.join(root, 'papers', rel);
      const { data } = readPaper(file);
      return [data.title as string, { file, data }];
    }),
  );
}

const all = expectedPapers();
// Eight known papers from four answers; faults queued on four of them.
const known = [0, 1, 2, 3].flatMap((f) =>
  all.filter((p) => p.file === [...new Set(all.map((x) => x.file))][f]).slice(0, 2),
);
const faults = {
  [known[0]!.title]: ['429' as const],
  [known[1]!.title]: ['500' as const, '500' as const],
  [known[2]!.title]: ['timeout' as const],
  [known[3]!.title]: ['malformed' as const],
};

describe('a list of the seed dumps and eight papers the replay knows', () => {
  let replay: ReplayServer;
  let root: string;
  let first: Awaited<ReturnType<typeof enrich>>;
  const notes = '\n## Notes\n\nMine, untouched by enrich.\n';
  beforeAll(async () => {
    replay = await startReplay({ faults });
    root = makeRoot({ seeds: true, sources: { '900_known.txt': asTextDump(known) } });
    const ingest = spawn(process.execPath, [path.join(PROJECT, 'scripts', 'ingest.ts'), '--content', root], {
      cwd: PROJECT,
    });
    await new Promise((resolve) => ingest.on('close', resolve));
    const target = byTitle(root).get(known[4]!.title)!.file;
    fs.writeFileSync(
      target,
      fs.readFileSync(target, 'utf8').replace(/\n---\n$/, '\nstatus: reading # mine\n---\n') + notes,
    );
    first = await enrich(fast(root, replay));
  }, 120_000);
  afterAll(() => replay.close());

  it('fills every paper the replay knows, through the faults', () => {
    expect(first.status, first.stderr).toBe(0);
    const files = byTitle(root);
    for (const paper of known) {
      const { data } = files.get(paper.title)!;
      expect(data, paper.title).toMatchObject({
        arxiv: paper.arxiv,
        authorNames: paper.authorNames,
        authors: paper.authors,
        date: paper.date,
      });
      expect(data.sources).toEqual(['900_known.txt', SOURCE_FILE]);
      expect(PaperSchema.safeParse(data).success).toBe(true);
    }
    expect(first.stdout).toMatch(/8 found/);
  });

  it('asked again after each fault, and only then', () => {
    const asked = (title: string) =>
      replay.requests.filter((r) => new URLSearchParams(r.split('?')[1]).get('q') === title).length;
    expect(asked(known[0]!.title)).toBe(2);
    expect(asked(known[1]!.title)).toBe(3);
    expect(asked(known[2]!.title)).toBe(2);
    expect(asked(known[3]!.title)).toBe(2);
    expect(asked(known[5]!.title)).toBe(1);
  });

  it('reports the papers without an exact match, and leaves them alone', () => {
    expect(first.stdout).toMatch(/264 without an exact match/);
    const seeds = [...byTitle(root).values()].filter(
      ({ data }) => !(data.sources as string[]).includes('900_known.txt'),
    );
    expect(seeds).toHaveLength(264);
    expect(seeds.some(({ data }) => 'arxiv' in data || 'authorNames' in data)).toBe(false);
  });

  it("keeps the reader's part byte for byte", () => {
    const { file } = byTitle(root).get(known[4]!.title)!;
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith(`status: reading # mine\n---\n${notes}`)).toBe(true);
  });

  it('asks nothing on a second run, and changes nothing', async () => {
    const before = snapshot(root);
    const count = replay.requests.length;
    const second = await enrich(fast(root, replay));
    expect(second.status).toBe(0);
    expect(replay.requests.length).toBe(count);
    expect(second.stdout).toMatch(/264 papers without an id; 0 asked, 264 from the cache; 0 found/);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('trouble', () => {
  it('says in one line that it is offline, and changes nothing', async () => {
    const root = makeRoot({ sources: { 'known.txt': asTextDump(known.slice(0, 2)) } });
    await new Promise((resolve) =>
      spawn(process.execPath, [path.join(PROJECT, 'scripts', 'ingest.ts'), '--content', root], { cwd: PROJECT }).on(
        'close',
        resolve,
      ),
    );
    const before = snapshot(root);
    // A port nothing listens on any more: the connection is refused at once.
    const closed = await startReplay();
    const endpoint = closed.url;
    await closed.close();
    const run = await enrich(['--content', root, '--endpoint', endpoint, '--delay', '0']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `enrich: offline (cannot reach ${new URL(endpoint).host} (ECONNREFUSED)); nothing changed. 2 papers without an id are waiting; run enrich again when online.`,
    ]);
    expect(snapshot(root)).toEqual(before);
  });

  it('reports a title the server never answers usefully, caches nothing for it, and asks again next run', async () => {
    const paper = known[6]!;
    const replay = await startReplay({ faults: { [paper.title]: ['500', '500', '500', '500'] } });
    try {
      const root = makeRoot({ sources: { 'known.txt': asTextDump([paper]) } });
      await new Promise((resolve) =>
        spawn(process.execPath, [path.join(PROJECT, 'scripts', 'ingest.ts'), '--content', root], { cwd: PROJECT }).on(
          'close',
          resolve,
        ),
      );
      const run = await enrich(fast(root, replay));
      expect(run.stderr).toMatch(/: ".*": HTTP 500 after 4 attempts — left as it is; run enrich again later/);
      expect(run.stdout).toMatch(/0 found, 0 without an exact match, 1 unanswered/);
      expect([...byTitle(root).values()][0]!.data.arxiv).toBeUndefined();
      const again = await enrich(fast(root, replay));
      expect(again.stdout).toMatch(/1 asked.*1 found/);
      expect([...byTitle(root).values()][0]!.data.arxiv).toBe(paper.arxiv);
    } finally {
      await replay.close();
    }
  });

  it('killed mid-run, leaves no half-written file, and the next run asks only what is left', async () => {
    const root = makeRoot({ seeds: true, sources: { 'known.txt': asTextDump(known) } });
    await new Promise((resolve) =>
      spawn(process.execPath, [path.join(PROJECT, 'scripts', 'ingest.ts'), '--content', root], { cwd: PROJECT }).on(
        'close',
        resolve,
      ),
    );
    let child: ReturnType<typeof spawn> | undefined;
    const replay = await startReplay({
      delayMs: 2,
      onRequest: (_, count) => {
        if (count === 120) child?.kill('SIGKILL');
      },
    });
    try {
      child = spawn(process.execPath, [ENRICH, ...fast(root, replay)], { cwd: PROJECT, stdio: 'ignore' });
      const signal = await new Promise((resolve) => child!.on('close', (_, s) => resolve(s)));
      expect(signal).toBe('SIGKILL');
      // Every file is whole: the cache and any source parse, every paper file parses and is valid.
      const cache = JSON.parse(fs.readFileSync(path.join(root, CACHE_FILE), 'utf8'));
      const cached = Object.keys(cache.answers).length;
      expect(cached).toBeGreaterThanOrEqual(110);
      expect(cached).toBeLessThan(120);
      for (const rel of fs.readdirSync(path.join(root, 'sources')))
        if (rel.endsWith('.json')) JSON.parse(fs.readFileSync(path.join(root, 'sources', rel), 'utf8'));
      for (const rel of paperFiles(root)) {
        const split = splitFrontmatter(fs.readFileSync(path.join(root, 'papers', rel)));
        expect(split.ok).toBe(true);
        if (split.ok) PaperSchema.parse(parseDocument(split.split.frontmatter).toJS());
      }
      const count = replay.requests.length;
      const resumed = await enrich(fast(root, replay));
      expect(resumed.status).toBe(0);
      expect(replay.requests.length - count).toBe(272 - cached);
      expect(resumed.stdout).toMatch(
        new RegExp(`272 papers without an id; ${272 - cached} asked, ${cached} from the cache; 8 found`),
      );
      // Nothing hidden is left behind either, except what the next run never reads.
      expect(fs.readdirSync(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
    } finally {
      await replay.close();
    }
  }, 120_000);
});
