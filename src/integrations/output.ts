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
 * Registered after @astrojs/sitemap, whose own hook writes the sitemap files
 * that the dist check then sees.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { fileURLToPath } from 'node:url';
import { summaryStage } from './build-summary.ts';
import { distCheckStage } from './dist-check.ts';
import { katexStage } from './katex-assets.ts';
import { searchStages } from './search.ts';

export interface OutputContext {
  distDir: string;
  logger: AstroIntegrationLogger;
  /** The public URL, when one is set (feeds and the sitemap need it). */
  site: string | undefined;
  /** performance.now() when the build started. */
  started: number;
}

export interface OutputStage {
  name: string;
  /** Does its part of the output; returns the line to log (undefined: nothing to say); throws to fail the build. */
  run(context: OutputContext): Promise<string | undefined>;
}

export const OUTPUT_STAGES: readonly OutputStage[] = [...searchStages, katexStage, distCheckStage, summaryStage];

export default function output(stages: readonly OutputStage[] = OUTPUT_STAGES): AstroIntegration {
  let site: string | undefined;
  let started = performance.now();
  return {
    name: 'reading-list:output',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? String(config.site) : undefined;
      },
      'astro:build:start': () => {
        started = performance.now();
      },
      'astro:build:done': async ({ dir, logger }) => {
        const context: OutputContext = { distDir: fileURLToPath(dir), logger, site, started };
        for (const stage of stages) {
          const at = performance.now();
          const line = await stage.run(context);
          const seconds = ((performance.now() - at) / 1000).toFixed(1);
          if (line !== undefined) logger.info(`${stage.name}: ${line} (${seconds} s)`);
        }
      },
    },
  };
}
