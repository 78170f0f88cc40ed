/**
 * What `npm run build` shows of `astro build`'s standard output: Astro's phase lines that say something (content
 * synced, bundle built, pages built), one line in place of the per-route listing (how many routes, how long), and
 * every other line as it is: the integrations' own lines, warnings, and anything this filter does not know. Astro's
 * errors go to standard error, which the build passes through untouched; `--verbose` skips this filter.
 */
import { stripVTControlCharacters } from 'node:util';

/** `12:34:56 ` at the start of each of Astro's log lines. */
const TIME = /^(\d\d:\d\d:\d\d)\s/;

/** One route of the listing: `12:34:56   ├─ /papers/x.html (+8ms)` (`▶` for an optimized image). */
const ROUTE = /^\d\d:\d\d:\d\d\s+(?:[├└]─|▶)\s/;

/** The heading of a listing: ` generating static routes `, ` generating optimized images `. */
const HEADING = /^\s*generating (?:static routes|optimized images)\s*$/;

/** The end of a listing: `12:34:56 ✓ Completed in 12.04s.` */
const LISTING_DONE = /^(\d\d:\d\d:\d\d) ✓ Completed in (\S+?)\.?$/;

/** Astro's own lines that only say a step started, or repeat the configuration. */
const NOISE = [
  /^\[content\] Syncing content$/,
  /^\[types\] Generated /,
  /^\[build\] (?:output|mode|directory): /,
  /^\[build\] Collecting build info\.\.\.$/,
  /^\[build\] Building (?:static|server) entrypoints\.\.\.$/,
  /^\[build\] Rearranging server assets\.\.\.$/,
  /^\[build\] ✓ Completed in /,
  /^\[build\] Waiting for integration /,
  /^\[build\] Complete!$/,
];

export class BuildOutputFilter {
  private listing: 'routes' | 'images' | undefined;
  private count = 0;
  private bundled = false;
  /** Lines left out so far (a failed build says how to see them). */
  dropped = 0;

  /** Takes one line of `astro build`'s standard output; returns the lines to show in its place (often none). */
  line(raw: string): string[] {
    const text = stripVTControlCharacters(raw).trimEnd();
    if (text.trim() === '') return this.drop();
    const heading = HEADING.exec(text);
    if (heading) {
      this.listing = text.includes('routes') ? 'routes' : 'images';
      this.count = 0;
      return this.drop();
    }
    if (this.listing && ROUTE.test(text)) {
      this.count += 1;
      return this.drop();
    }
    const done = this.listing ? LISTING_DONE.exec(text) : null;
    if (done) {
      const what = this.listing === 'routes' ? ['route', 'rendered'] : ['image', 'optimized'];
      this.listing = undefined;
      this.dropped += 1;
      return [`${done[1]} [build] ${this.count} ${what[0]}${this.count === 1 ? '' : 's'} ${what[1]} in ${done[2]}`];
    }
    const time = TIME.exec(text);
    const message = time ? text.slice(time[0].length) : text;
    if (NOISE.some((pattern) => pattern.test(message))) return this.drop();
    // Vite builds the server bundle, then the client's (often empty): the first line says it.
    if (/^\[vite\] ✓ built in /.test(message)) {
      if (this.bundled) return this.drop();
      this.bundled = true;
    }
    return [raw];
  }

  private drop(): string[] {
    this.dropped += 1;
    return [];
  }
}
