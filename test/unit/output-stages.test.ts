// The output integration's stages (src/integrations/output.ts): run in order, a stage that writes only its own
// folder lets the stages marked `alongside` run meanwhile, lines are logged in the stages' order whatever order
// they end in, and the first failure in order fails the run. Under `npm run build` the integration hands the
// stages over in a small file instead of running them, and the stages run from that file in another process with
// what only the Astro process knew (the KaTeX classes recorded as pages rendered).
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { katexStage } from '../../src/integrations/katex-assets.ts';
import output, {
  contextFromHandover,
  type OutputStage,
  runOutputStages,
  type StagesContext,
  stageLogger,
} from '../../src/integrations/output.ts';
import { OUTPUT_HANDOVER_ENV, readHandover } from '../../src/integrations/output-handover.ts';
import { KATEX_STYLESHEET, recordKatexClasses, resetKatexClasses } from '../../src/lib/render/katex-assets.ts';
import { makeTemp, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

/** A promise and the functions that settle it. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

function context(lines: string[], extra: Partial<StagesContext> = {}): StagesContext {
  return {
    distDir: '/nowhere',
    logger: { info: (line) => lines.push(line), warn: (line) => lines.push(`warn: ${line}`) },
    site: undefined,
    startedAt: Date.now(),
    katexClasses: new Set(),
    ...extra,
  };
}

describe('running the output stages', () => {
  it('runs `alongside` stages while a stage writes its own folder, and logs every line in the stages’ order', async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const indexed = gate();
    let pendingSeen: string[] = [];
    const stages: OutputStage[] = [
      {
        name: 'index',
        writesAlongside: ['pagefind'],
        async run({ nextMayStart }) {
          events.push('index: records taken');
          nextMayStart();
          await indexed.promise;
          events.push('index: done');
          return 'written';
        },
      },
      {
        name: 'check',
        alongside: true,
        async run({ pending }) {
          pendingSeen = pending.flatMap((p) => p.folders);
          events.push('check: outside pagefind/ done');
          await Promise.all(pending.map((p) => p.done));
          events.push('check: pagefind/ done');
          return 'checked';
        },
      },
      {
        name: 'summary',
        async run() {
          events.push('summary');
          return 'counted';
        },
      },
    ];
    const run = runOutputStages(stages, context(lines));
    await tick();
    // The check has done its part while the index still runs, and nothing is logged out of turn.
    expect(events).toEqual(['index: records taken', 'check: outside pagefind/ done']);
    expect(pendingSeen).toEqual(['pagefind']);
    expect(lines).toEqual([]);
    indexed.open();
    await run;
    expect(events).toEqual([
      'index: records taken',
      'check: outside pagefind/ done',
      'index: done',
      'check: pagefind/ done',
      'summary',
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/^index: written \(\d+\.\d s\)$/),
      expect.stringMatching(/^check: checked \(\d+\.\d s\)$/),
      expect.stringMatching(/^summary: counted \(\d+\.\d s\)$/),
    ]);
  });

  it('starts a stage that is not `alongside` only once every earlier stage has ended', async () => {
    const events: string[] = [];
    const indexed = gate();
    const stages: OutputStage[] = [
      {
        name: 'index',
        writesAlongside: ['pagefind'],
        async run({ nextMayStart }) {
          nextMayStart();
          await indexed.promise;
          events.push('index');
          return undefined;
        },
      },
      {
        name: 'summary',
        async run({ pending }) {
          events.push(`summary (${pending.length} pending)`);
          return undefined;
        },
      },
    ];
    const run = runOutputStages(stages, context([]));
    await tick();
    expect(events).toEqual([]);
    indexed.open();
    await run;
    expect(events).toEqual(['index', 'summary (0 pending)']);
  });

  it('fails with the first failure in order, logs the stages before it, and starts no stage after a failure', async () => {
    const lines: string[] = [];
    const started: string[] = [];
    const indexed = gate();
    const stages: OutputStage[] = [
      {
        name: 'index',
        writesAlongside: ['pagefind'],
        async run({ nextMayStart }) {
          started.push('index');
          nextMayStart();
          await indexed.promise;
          return 'written';
        },
      },
      {
        name: 'check',
        alongside: true,
        async run() {
          started.push('check');
          throw new Error('dist/ is not portable');
        },
      },
      {
        name: 'summary',
        async run() {
          started.push('summary');
          return 'counted';
        },
      },
    ];
    const run = runOutputStages(stages, context(lines));
    const outcome = run.then(
      () => 'passed',
      (error: Error) => error.message,
    );
    await tick();
    // The failed check waits for its turn: the index, still running, is not left behind.
    expect(lines).toEqual([]);
    indexed.open();
    expect(await outcome).toBe('dist/ is not portable');
    expect(started).toEqual(['index', 'check']);
    expect(lines).toEqual([expect.stringMatching(/^index: written/)]);
  });

  it('fails with an earlier stage’s error when a later one fails too', async () => {
    const indexed = gate();
    const stages: OutputStage[] = [
      {
        name: 'index',
        writesAlongside: ['pagefind'],
        async run({ nextMayStart }) {
          nextMayStart();
          await indexed.promise;
          return 'written';
        },
      },
      {
        name: 'check',
        alongside: true,
        async run() {
          throw new Error('the check failed');
        },
      },
    ];
    const run = runOutputStages(stages, context([])).catch((error: Error) => error.message);
    await tick();
    indexed.fail(new Error('Pagefind failed while writing'));
    expect(await run).toBe('Pagefind failed while writing');
  });
});

describe('the stages handed over to a process of their own', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[OUTPUT_HANDOVER_ENV];
    resetKatexClasses();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[OUTPUT_HANDOVER_ENV];
    else process.env[OUTPUT_HANDOVER_ENV] = saved;
    resetKatexClasses();
  });

  type Hooks = {
    'astro:config:done': (options: { config: { site?: string } }) => void;
    'astro:build:start': () => void;
    'astro:build:done': (options: { dir: URL; logger: AstroIntegrationLogger }) => Promise<void>;
  };

  it('writes the handover file at astro:build:done instead of running the stages', async () => {
    const temp = await makeTemp('output-handover-');
    const dist = path.join(temp, 'dist');
    await fs.mkdir(dist);
    const file = path.join(temp, 'cache', 'handover.json');
    process.env[OUTPUT_HANDOVER_ENV] = file;
    let ran = false;
    const hooks = output([
      {
        name: 'stage',
        async run() {
          ran = true;
          return 'ran';
        },
      },
    ]).hooks as unknown as Hooks;
    const lines: string[] = [];
    hooks['astro:config:done']({ config: { site: 'https://example.org/list/' } });
    hooks['astro:build:start']();
    recordKatexClasses(['katex', 'mathbb']);
    await hooks['astro:build:done']({
      dir: pathToFileURL(`${dist}${path.sep}`),
      logger: { info: (line: string) => lines.push(line) } as unknown as AstroIntegrationLogger,
    });
    expect(ran).toBe(false);
    expect(lines).toEqual(['1 stages handed over to a process of their own, to run once astro build exits']);
    const handover = await readHandover(file);
    expect(handover).toMatchObject({
      version: 1,
      distDir: `${dist}${path.sep}`,
      site: 'https://example.org/list/',
      katexClasses: ['katex', 'mathbb'],
    });
    expect(Math.abs(handover.startedAt - Date.now())).toBeLessThan(60_000);
  });

  it('gives the KaTeX stage the classes the Astro process recorded, in a process that recorded none', async () => {
    const temp = await makeTemp('output-handover-');
    const dist = path.join(temp, 'dist');
    await fs.mkdir(dist);
    const file = path.join(temp, 'handover.json');
    process.env[OUTPUT_HANDOVER_ENV] = file;
    const hooks = output([katexStage]).hooks as unknown as Hooks;
    hooks['astro:build:start']();
    recordKatexClasses(['katex', 'katex-html', 'mathbb']);
    await hooks['astro:build:done']({
      dir: pathToFileURL(`${dist}${path.sep}`),
      logger: { info: () => undefined } as unknown as AstroIntegrationLogger,
    });
    // The stages' process: nothing rendered there.
    resetKatexClasses();
    const lines: string[] = [];
    await runOutputStages([katexStage], contextFromHandover(await readHandover(file), context(lines).logger));
    expect(lines).toEqual([expect.stringMatching(/^KaTeX stylesheet: .* for 3 classes used/)]);
    const css = await fs.readFile(path.join(dist, KATEX_STYLESHEET), 'utf8');
    expect(css).toContain('.mathbb');
    expect(css).toContain('KaTeX_AMS');
  });

  it('says which file is missing and why when there is no handover', async () => {
    const temp = await makeTemp('output-handover-');
    await expect(readHandover(path.join(temp, 'none.json'))).rejects.toThrow(
      /none\.json: no handover file: astro build ended without handing the output stages over/,
    );
    await fs.writeFile(path.join(temp, 'old.json'), '{"distDir": "/x"}');
    await expect(readHandover(path.join(temp, 'old.json'))).rejects.toThrow(/old\.json: not a handover file/);
  });

  it('logs in the stages’ own process as Astro’s integration logger does', () => {
    const written: string[] = [];
    const logger = stageLogger((text) => written.push(text));
    logger.info('summary: built 2 paper pages');
    logger.warn('no site URL configured');
    expect(written.map((text) => text.replace(/\u001b\[[0-9;]*m/g, ''))).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d \[reading-list:output\] summary: built 2 paper pages\n$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d \[WARN\] \[reading-list:output\] no site URL configured\n$/),
    ]);
  });
});
