/**
 * Astro integration: the portable-output pass at astro:build:done. Astro has
 * no relative-base mode, so pages link root-absolute (src/lib/urls.ts) and
 * this pass rewrites the built HTML and CSS (see src/lib/portable/). Register
 * it after the search assets integration (the 404 page probes for its script)
 * and before Pagefind. The pages it parses also feed the file:// search
 * index (`fallbackIndex`), so no other step parses them again.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { makeDistPortable } from '../lib/portable/make-portable.ts';
import { SEARCH_PATHS } from '../lib/search/paths.ts';

export interface RelativeUrlsOptions {
  /** The 404 page relative to the output root. Default: '404.html'. */
  notFoundPage?: string;
  /** A file only this site has, which the 404 page probes to find the site root. Default: the search script. */
  rootMarker?: string;
}

export default function relativeUrls(options: RelativeUrlsOptions = {}): AstroIntegration {
  return {
    name: 'reading-list:relative-urls',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const report = await makeDistPortable(distDir, {
          notFoundPage: options.notFoundPage ?? '404.html',
          rootMarker: options.rootMarker ?? SEARCH_PATHS.script,
        });
        logger.info(
          `relative URLs: ${report.htmlFiles} pages (${report.htmlChanged} rewritten), ` +
            `${report.cssFiles} stylesheets (${report.cssChanged} rewritten), ${report.scriptsMadeClassic} module scripts made classic`,
        );
      },
    },
  };
}
