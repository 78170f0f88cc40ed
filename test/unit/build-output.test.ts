// What `npm run build` keeps of `astro build`'s standard output: the phase lines that say something, one line
// for a whole route listing, and every other line (the integrations' own, warnings, anything unknown) as it is.
import { describe, expect, it } from 'vitest';
import { BuildOutputFilter } from '../../src/lib/build-output.ts';

/** Astro 7's standard output for a build, in its own format (a few routes for hundreds). */
const ASTRO_OUTPUT = `02:41:14 [content] Syncing content
02:41:15 [content] Synced content
02:41:15 [types] Generated 1.91s
02:41:15 [build] output: "static"
02:41:15 [build] mode: "static"
02:41:15 [build] directory: /work/dist/
02:41:15 [build] Collecting build info...
02:41:15 [build] ✓ Completed in 2.18s.
02:41:15 [build] Building static entrypoints...
02:41:21 [vite] ✓ built in 6.02s
02:41:21 [vite] ✓ built in 72ms
02:41:21 [build] Rearranging server assets...

 generating static routes 
02:41:22   ├─ /404.html (+159ms) 
02:41:22   ├─ /all.html (+968ms) 
02:41:23   ├─ /bibtex/kv-cache.bib (+248ms) 
02:41:33   ├─ /themes/other.html (+7ms) 
02:41:33   └─ /index.html (+43ms) 
02:41:33 ✓ Completed in 12.04s.

02:41:33 [build] ✓ Completed in 18.64s.
02:41:33 [reading-list:search-assets] search assets: search/search.js (13927 bytes)
02:41:38 [build] Waiting for integration "reading-list:relative-urls", hook "astro:build:done"...
02:41:42 [reading-list:build-summary] built 264 paper pages, 29 theme pages, 300 pages in all (6.5 MB) into dist in 26.9 s
02:41:42 [WARN] [reading-list:build-summary] no site URL configured
02:41:42 [build] 300 page(s) built in 29.12s
02:41:42 [build] Complete!`;

function filter(text: string): { shown: string[]; dropped: number } {
  const f = new BuildOutputFilter();
  return { shown: text.split('\n').flatMap((line) => f.line(line)), dropped: f.dropped };
}

describe('BuildOutputFilter', () => {
  it('keeps the phases, one line for the route listing, the integrations and warnings', () => {
    const { shown, dropped } = filter(ASTRO_OUTPUT);
    expect(shown).toEqual([
      '02:41:15 [content] Synced content',
      '02:41:21 [vite] ✓ built in 6.02s',
      '02:41:33 [build] 5 routes rendered in 12.04s',
      '02:41:33 [reading-list:search-assets] search assets: search/search.js (13927 bytes)',
      '02:41:42 [reading-list:build-summary] built 264 paper pages, 29 theme pages, 300 pages in all (6.5 MB) into dist in 26.9 s',
      '02:41:42 [WARN] [reading-list:build-summary] no site URL configured',
      '02:41:42 [build] 300 page(s) built in 29.12s',
    ]);
    expect(dropped).toBe(ASTRO_OUTPUT.split('\n').length - shown.length + 1);
  });

  it('recognises coloured lines and passes them on with their colours', () => {
    const green = (text: string) => `\x1b[32m${text}\x1b[39m`;
    const dim = (text: string) => `\x1b[2m${text}\x1b[22m`;
    const { shown } = filter(
      [
        `${dim('02:41:14')} ${green('[content]')} Syncing content`,
        `\x1b[42m\x1b[30m generating static routes \x1b[39m\x1b[49m`,
        `${dim('02:41:22')}   ${dim('├─')} /404.html ${dim('(+159ms)')} `,
        `${dim('02:41:33')} ${green('✓ Completed in 1.5s.')}`,
        `${dim('02:41:42')} ${green('[reading-list:pagefind]')} Pagefind: 3 paper pages indexed`,
      ].join('\n'),
    );
    expect(shown).toEqual([
      '02:41:33 [build] 1 route rendered in 1.5s',
      `${dim('02:41:42')} ${green('[reading-list:pagefind]')} Pagefind: 3 paper pages indexed`,
    ]);
  });

  it('keeps every line it does not know: warnings, errors, messages of other steps', () => {
    const lines = [
      '02:41:15 [WARN] [vite] Some chunks are larger than 500 kB after minification.',
      '02:41:15 [ERROR] [build] Something failed',
      '  at someFunction (file.js:1:1)',
      'note: content/site.yaml: no site.yaml, so the site is titled "Reading list"',
      '02:41:15 [build] a line of a later Astro version',
    ];
    expect(filter(lines.join('\n')).shown).toEqual(lines);
  });

  it('counts an image listing apart from the routes', () => {
    const { shown } = filter(
      [
        ' generating optimized images ',
        '02:41:22   ▶ /_astro/a.webp (reused cache entry) (+2ms) (1/2)',
        '02:41:22   ▶ /_astro/b.webp (before: 10kB, after: 2kB) (+9ms) (2/2)',
        '02:41:22 ✓ Completed in 11ms.',
      ].join('\n'),
    );
    expect(shown).toEqual(['02:41:22 [build] 2 images optimized in 11ms']);
  });
});
