// The benchmark's dev-server measure: its pure parts (paper choice, the edit, the title check, the median)
// and how the report shows and checks it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendWord,
  devServerEnv,
  htmlHasTitle,
  isPlainTitle,
  median,
  paperPaths,
  pickPaper,
} from '../../scripts/bench/dev-server.ts';
import { parseOptions } from '../../scripts/bench/index.ts';
import { checkTargets, formatSize, type SizeResult } from '../../scripts/bench/report.ts';

describe('dev-server measure helpers', () => {
  it('takes the median of an odd and an even count, and of none', () => {
    expect(median([7600, 3400, 6700])).toBe(6700);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('tries the page with and without .html, the id encoded', () => {
    expect(paperPaths('long-context')).toEqual(['/papers/long-context', '/papers/long-context.html']);
    expect(paperPaths('a b')).toEqual(['/papers/a%20b', '/papers/a%20b.html']);
  });

  it('finds the title as HTML escapes it', () => {
    expect(htmlHasTitle('<h1>Scaling Laws</h1>', 'Scaling Laws')).toBe(true);
    expect(htmlHasTitle('<h1>Q&amp;A at Scale</h1>', 'Q&A at Scale')).toBe(true);
    expect(htmlHasTitle('<h1>Scaling</h1>', 'Scaling Laws')).toBe(false);
  });

  it('keeps titles with LaTeX or markup out of the title check', () => {
    expect(isPlainTitle('Long Context Retrieval: A Survey')).toBe(true);
    expect(isPlainTitle('Scaling $O(n)$ Attention')).toBe(false);
    expect(isPlainTitle('The \\emph{Best} Model')).toBe(false);
    expect(isPlainTitle('')).toBe(false);
  });

  it("starts the dev server on the site folders, without a test runner's variables", () => {
    const site = { root: '/w/root', content: '/w/content', out: '/w/dist', cache: '/w/cache' };
    const env = devServerEnv({ PATH: '/bin', VITEST: 'true', VITEST_POOL_ID: '1', NODE_ENV: 'test' }, site);
    expect(env).toEqual({
      PATH: '/bin',
      READING_LIST_CONTENT: '/w/content',
      READING_LIST_OUT: '/w/dist',
      READING_LIST_CACHE: '/w/cache-dev',
      ASTRO_TELEMETRY_DISABLED: '1',
    });
  });

  it('appends the word as a paragraph of its own, leaving the rest of the file as it was', () => {
    const file = '---\ntitle: A\n---\n\nMy note.\n\n\n';
    expect(appendWord(file, 'benchword1')).toBe('---\ntitle: A\n---\n\nMy note.\n\nbenchword1\n');
    expect(appendWord('---\ntitle: A\n---\n', 'w')).toBe('---\ntitle: A\n---\n\nw\n');
  });

  describe('pickPaper', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'bench-dev-'));
      await mkdir(path.join(dir, 'a-theme'), { recursive: true });
      await mkdir(path.join(dir, 'b-theme'), { recursive: true });
      await writeFile(path.join(dir, 'a-theme', 'math-title.mdx'), '---\ntitle: "Fast $O(n)$ Attention"\n---\n');
      await writeFile(path.join(dir, 'b-theme', 'plain.mdx'), '---\ntitle: Plain Words Here\nid: x\n---\n\nNote.\n');
      await writeFile(path.join(dir, 'b-theme', 'notes.txt'), 'not a paper');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('takes the first paper with a plain title, its id from the file name', async () => {
      expect(await pickPaper(dir)).toEqual({
        id: 'plain',
        title: 'Plain Words Here',
        file: path.join(dir, 'b-theme', 'plain.mdx'),
      });
    });

    it('says which folder had no usable paper', async () => {
      await expect(pickPaper(path.join(dir, 'a-theme'))).rejects.toThrow(/a-theme: no paper with a plain-text title/);
    });
  });
});

function sizeResult(dev: SizeResult['project']['dev']): Omit<SizeResult, 'targets'> {
  return {
    size: 10_000,
    generated: { papers: 10_000, entries: 11_000, dumps: 40, ms: 1 },
    project: dev ? { dev } : {},
    ratios: {},
    errors: [],
  };
}

describe('the report on the dev server', () => {
  it('checks start under 15 s and the median save-to-page under 1 s', () => {
    const fast = checkTargets(
      sizeResult({ page: '/papers/x', startMs: 12_340, editMs: [900, 400, 700], editMedianMs: 700 }),
    );
    expect(fast.find((t) => t.name.startsWith('dev server start'))).toMatchObject({
      value: 12.34,
      limit: '< 15',
      met: true,
    });
    expect(fast.find((t) => t.name.startsWith('dev server note'))).toMatchObject({
      value: 0.7,
      limit: '< 1',
      met: true,
    });
    const slow = checkTargets(
      sizeResult({ page: '/papers/x', startMs: 15_000, editMs: [1200, 1000, 3000], editMedianMs: 1200 }),
    );
    expect(slow.filter((t) => t.name.startsWith('dev server')).map((t) => t.met)).toEqual([false, false]);
  });

  it('leaves both targets unknown when the dev server was not measured', () => {
    const targets = checkTargets(sizeResult(undefined)).filter((t) => t.name.startsWith('dev server'));
    expect(targets).toHaveLength(2);
    for (const t of targets) expect(t.met).toBeUndefined();
  });

  it('prints the start time and the median with each edit', () => {
    const partial = sizeResult({ page: '/papers/x', startMs: 12_340, editMs: [900, 400, 700], editMedianMs: 700 });
    const text = formatSize({ ...partial, targets: checkTargets(partial) });
    expect(text).toMatch(/dev server: start to paper page\s+12\.34 s/);
    expect(text).toMatch(/dev server: note save to page \(median\)\s+0\.70 s \(0\.90, 0\.40, 0\.70\)/);
    expect(text).toContain('ok  dev server note save to page (s, median): 0.7 (target < 1)');
    const none = sizeResult(undefined);
    expect(formatSize({ ...none, targets: checkTargets(none) })).toMatch(/dev server: start to paper page\s+-/);
  });
});

describe('the dev server options', () => {
  it('measures the dev server unless --skip-dev, with a 180 s limit unless --dev-timeout', () => {
    expect(parseOptions([])).toMatchObject({ dev: true, devTimeoutS: 180 });
    expect(parseOptions(['--skip-dev', '--dev-timeout', '600'])).toMatchObject({ dev: false, devTimeoutS: 600 });
  });

  it('measures only the dev server with --only-dev, in a kept work folder with --reuse, profiled with --dev-profile', () => {
    expect(parseOptions([])).toMatchObject({ onlyDev: false, devProfile: false });
    expect(parseOptions([]).reuse).toBeUndefined();
    expect(parseOptions(['--only-dev', '--reuse', 'work/dev-2000', '--dev-profile'])).toMatchObject({
      onlyDev: true,
      reuse: path.resolve('work/dev-2000'),
      devProfile: true,
    });
  });

  it('refuses --reuse without --only-dev, which would otherwise measure the dev server alone', () => {
    expect(() => parseOptions(['--sizes', '10000', '--skip-dev', '--reuse', 'work/s'])).toThrow(
      '--reuse work/s: only with --only-dev (a full run starts from a fresh list; --keep keeps its folders)',
    );
  });

  it('names the option and an example for a bad limit', () => {
    expect(() => parseOptions(['--dev-timeout', 'soon'])).toThrow(
      '--dev-timeout soon: expected a number of seconds, e.g. --dev-timeout 180',
    );
  });
});
