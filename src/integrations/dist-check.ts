/**
 * The last look at dist/ (a stage of src/integrations/output.ts, after every
 * step that writes into it): any root-absolute URL, module script, module
 * preload, <base>, link to a bare directory or internal URL that names no
 * file fails the build with the page and the URL (src/lib/portable/dist-check.ts).
 * Nothing is mended: pages write their URLs relative to themselves. It reads
 * the pages on a thread of its own while the search index writes pagefind/,
 * and pagefind/ once that is written.
 */
import type { OutputStage } from './output.ts';
import { finishDistCheck, formatProblems, startDistCheckOnThread } from '../lib/portable/dist-check.ts';

/** Problems shown in the build's error; the rest are counted. */
const SHOWN = 40;

export const distCheckStage: OutputStage = {
  name: 'dist check',
  // Runs while the search index still writes pagefind/: the folders still being written are looked at once done.
  alongside: true,
  async run({ distDir, pending }) {
    const later = pending.flatMap((p) => p.folders);
    const at = performance.now();
    const partial = await startDistCheckOnThread(distDir, { later });
    const pagesRead = (performance.now() - at) / 1000;
    await Promise.all(pending.map((p) => p.done));
    const report = await finishDistCheck(distDir, partial);
    if (report.problems.length > 0) {
      const more = report.problems.length - SHOWN;
      throw new Error(
        `dist/ is not portable (${report.problems.length} problems in ${report.htmlFiles} pages and ${report.cssFiles} stylesheets); ` +
          `every URL a page writes must be relative to it and name a file (src/lib/paths.ts: linkFrom(Astro.url) and urls.*):\n` +
          formatProblems(report.problems.slice(0, SHOWN)) +
          (more > 0 ? `\n… and ${more} more` : ''),
      );
    }
    // Its time runs until the stages it waited for end: say what the check itself took, and alongside what.
    const alongside =
      pending.length > 0
        ? `; pages read in ${pagesRead.toFixed(1)} s alongside the ${pending.map((p) => p.stage).join(', ')}`
        : '';
    return `${report.urls} internal URLs in ${report.htmlFiles} pages and ${report.cssFiles} stylesheets, all relative and naming a file${alongside}`;
  },
};
