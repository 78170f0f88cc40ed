/**
 * Astro integration: the last look at dist/ (astro:build:done, after every
 * step that writes into it): any root-absolute URL, module script, module
 * preload, <base>, link to a bare directory or internal URL that names no
 * file fails the build with the page and the URL (src/lib/portable/dist-check.ts).
 * Nothing is mended: pages write their URLs relative to themselves.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkDist, formatProblems } from '../lib/portable/dist-check.ts';

/** Problems shown in the build's error; the rest are counted. */
const SHOWN = 40;

export default function distCheck(): AstroIntegration {
  return {
    name: 'reading-list:dist-check',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const report = await checkDist(fileURLToPath(dir));
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (report.problems.length > 0) {
          const more = report.problems.length - SHOWN;
          throw new Error(
            `dist/ is not portable (${report.problems.length} problems in ${report.htmlFiles} pages and ${report.cssFiles} stylesheets); ` +
              `every URL a page writes must be relative to it and name a file (src/lib/paths.ts: linkFrom(Astro.url) and urls.*):\n` +
              formatProblems(report.problems.slice(0, SHOWN)) +
              (more > 0 ? `\n… and ${more} more` : ''),
          );
        }
        logger.info(
          `dist check: ${report.urls} internal URLs in ${report.htmlFiles} pages and ${report.cssFiles} stylesheets, all relative and naming a file (${seconds} s)`,
        );
      },
    },
  };
}
