/**
 * Astro integration: the build's output after the pages are rendered, as named
 * stages of one integration run in a fixed order (as Quartz's emit loop runs
 * its emitters), each handed the output folder and nothing shared with the
 * others; each returns the line it logs. No stage reads a page back or
 * rewrites one: every URL was written relative to its page as it rendered.
 *
 *   search script → search index (Pagefind from the records the build wrote
 *   from content, and its file:// twin) → KaTeX stylesheet (the classes the
 *   pages used as they rendered) → dist check (fails on any URL that is not
 *   relative or names no file) → summary (counts what the others wrote)
 *
 * The search index writes only pagefind/ once it has taken its records, so the
 * KaTeX stylesheet and the dist check run alongside it (the dist check on a
 * thread of its own while Pagefind's binary indexes, and it looks into
 * pagefind/ once that is written); the summary waits for all of them. Lines
 * are logged in the stages' order whatever order they end in.
 *
 * Where they run: `astro build` runs them at astro:build:done, in its own
 * process. `npm run build` (scripts/build.ts) sets OUTPUT_HANDOVER_ENV to a
 * file: the integration then only writes there what the stages need from the
 * Astro process (the KaTeX classes recorded as pages rendered, the site URL,
 * when the build started), and scripts/output.ts runs the stages from it once
 * Astro has exited, so Astro's heap and Pagefind never take memory at once.
 *
 * Registered after @astrojs/sitemap, whose own hook writes the sitemap files
 * that the dist check then sees.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters, styleText } from 'node:util';
import { summaryStage } from './build-summary.ts';
import { distCheckStage } from './dist-check.ts';
import { katexStage } from './katex-assets.ts';
import { searchStages } from './search.ts';
import { usedKatexClasses } from '../lib/render/katex-assets.ts';
import { OUTPUT_HANDOVER_ENV, type OutputHandover, writeHandover } from './output-handover.ts';

/** What a stage logs through: Astro's integration logger, or stageLogger() in a process of their own. */
export interface StageLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** A stage that still writes some folders of the output while the stages after it run. */
export interface PendingWrite {
  stage: string;
  /** Folders of the output (relative, '/'-separated) it writes. */
  folders: readonly string[];
  /** Settles when the stage has ended (never rejects: the runner reports its failure). */
  done: Promise<void>;
}

export interface OutputContext {
  distDir: string;
  logger: StageLogger;
  /** The public URL, when one is set (feeds and the sitemap need it). */
  site: string | undefined;
  /** Date.now() when the build started (the summary counts from it, in whichever process it runs). */
  startedAt: number;
  /** The KaTeX classes the pages used as they rendered. */
  katexClasses: ReadonlySet<string>;
  /** Stages before this one that are still writing (only a stage that runs `alongside` sees any). */
  pending: readonly PendingWrite[];
  /** Called by a stage with `writesAlongside` once all it still does is write inside those folders. */
  nextMayStart(): void;
}

export interface OutputStage {
  name: string;
  /**
   * Folders of the output this stage writes after it calls context.nextMayStart(); the stages after it that run
   * `alongside` start then. Unset: the next stage starts when this one has ended.
   */
  writesAlongside?: readonly string[];
  /**
   * Starts while earlier stages with `writesAlongside` still write: it reads none of their folders before their
   * `pending` entry is done. Unset: it starts once every earlier stage has ended.
   */
  alongside?: boolean;
  /** Does its part of the output; returns the line to log (undefined: nothing to say); throws to fail the build. */
  run(context: OutputContext): Promise<string | undefined>;
}

export const OUTPUT_STAGES: readonly OutputStage[] = [...searchStages, katexStage, distCheckStage, summaryStage];

const LABEL = 'reading-list:output';

export type StagesContext = Omit<OutputContext, 'pending' | 'nextMayStart'>;

/**
 * Runs the stages in order (see OutputStage for the ones that overlap), logging each one's line with its time in
 * the stages' order; rejects with the error of the first stage, in order, that failed.
 */
export async function runOutputStages(stages: readonly OutputStage[], base: StagesContext): Promise<void> {
  const pending: PendingWrite[] = [];
  // Each stage's line is logged once every stage before it has been: `logged` is that chain.
  let logged: Promise<void> = Promise.resolve();
  for (const stage of stages) {
    if (!stage.alongside) {
      await logged;
      pending.length = 0;
    }
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const at = performance.now();
    const result = stage
      .run({ ...base, pending: [...pending], nextMayStart: () => release() })
      .then((line) => ({ line, seconds: ((performance.now() - at) / 1000).toFixed(1) }));
    // Handled here so that a failure waiting for its turn in `logged` is not an unhandled rejection.
    let failed = false;
    const ended = result.then(
      () => undefined,
      () => {
        failed = true;
      },
    );
    logged = logged.then(async () => {
      const { line, seconds } = await result;
      if (line !== undefined) base.logger.info(`${stage.name}: ${line} (${seconds} s)`);
    });
    logged.catch(() => undefined);
    if (stage.writesAlongside) {
      pending.push({ stage: stage.name, folders: stage.writesAlongside, done: ended });
      await Promise.race([released, ended]);
    } else {
      await ended;
    }
    // A stage failed: start no other; `logged` rejects with the first failure in order once the earlier ones end.
    if (failed) break;
  }
  await logged;
}

/** The stages' context from a handover file, logging through `logger`. */
export function contextFromHandover(handover: OutputHandover, logger: StageLogger): StagesContext {
  return {
    distDir: handover.distDir,
    logger,
    site: handover.site ?? undefined,
    startedAt: handover.startedAt,
    katexClasses: new Set(handover.katexClasses),
  };
}

/** Logs as Astro's integration logger does (`12:34:56 [reading-list:output] …`), on standard output. */
export function stageLogger(write: (text: string) => void = (text) => process.stdout.write(text)): StageLogger {
  const time = () => new Date().toTimeString().slice(0, 8);
  return {
    info(message) {
      write(`${styleText('dim', time())} ${styleText('blue', `[${LABEL}]`)} ${message}\n`);
    },
    warn(message) {
      write(`${styleText('yellow', `${styleText('bold', time())} [WARN] [${LABEL}]`)} ${message}\n`);
    },
  };
}

/** A stage's error as the output process prints it: the message, and the hint an AstroError carries. */
export function formatStageError(error: unknown): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const hint = (error as Error & { hint?: unknown }).hint;
  const text = `error: ${error.message}${typeof hint === 'string' && hint ? `\n  hint: ${hint}` : ''}`;
  return process.stderr.isTTY ? text : stripVTControlCharacters(text);
}

export default function output(stages: readonly OutputStage[] = OUTPUT_STAGES): AstroIntegration {
  let site: string | undefined;
  let startedAt = Date.now();
  return {
    name: LABEL,
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? String(config.site) : undefined;
      },
      'astro:build:start': () => {
        startedAt = Date.now();
      },
      'astro:build:done': async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const katexClasses = usedKatexClasses();
        const handover = process.env[OUTPUT_HANDOVER_ENV];
        if (handover) {
          await writeHandover(handover, { distDir, site: site ?? null, startedAt, katexClasses: [...katexClasses] });
          logger.info(`${stages.length} stages handed over to a process of their own, to run once astro build exits`);
          return;
        }
        await runOutputStages(stages, { distDir, logger, site, startedAt, katexClasses });
      },
    },
  };
}
