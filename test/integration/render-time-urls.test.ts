// The default reading list built with a reader's note that links root-absolute (/papers/y, /themes/z) and
// uses \mathbb: every URL in dist/ was written relative to its page as it rendered (no pass rewrites pages
// after the build), no page refers to an asset Astro emitted under _astro/ (the site's CSS is inline; the
// one file there a page links is KaTeX's stylesheet, written by the build), no module script, and KaTeX's
// stylesheet keeps the rules of the classes recorded while the note's math rendered, with their fonts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDist, formatProblems, listFiles } from '../../src/lib/portable/dist-check.ts';
import { KATEX_STYLESHEET } from '../../src/lib/render/katex-assets.ts';
import { realContentRoot } from '../helpers/real-site.ts';
import { appendNote, buildSite, paperFile, removeTemp } from '../helpers/site.ts';

/** The paper that gets the note (its own page has no \mathbb anywhere else). */
const NOTED = 'exploiting-tree-structure-for-credit-assignment-in-rl-training-of-llms';
const LINKED = 'eos-training-free-bidirectional-variable-length-control-for-masked-diffusion';

let dist: string;
let output: string;
let theme: string;
let pages: Map<string, string>;

beforeAll(async () => {
  const root = await realContentRoot();
  const file = await paperFile(root, NOTED);
  theme = path.basename(path.dirname(file));
  await appendNote(
    file,
    [
      `Compare [ρ-EOS](/papers/${LINKED}) and the rest of [the theme](/themes/${theme}.html#papers);`,
      `<a href="/">home</a>. Keys live in $\\mathbb{R}^{d}$.`,
    ].join('\n'),
  );
  ({ dist, output } = await buildSite({ contentRoot: root }));
  pages = new Map();
  for (const page of (await listFiles(dist)).filter((f) => f.endsWith('.html'))) {
    pages.set(page, await fs.readFile(path.join(dist, page), 'utf8'));
  }
}, 600_000);

afterAll(removeTemp);

describe('URLs written as pages render', () => {
  it('passes the dist check, which ran in the build, and no step rewrote a page', async () => {
    const report = await checkDist(dist);
    expect(formatProblems(report.problems)).toBe('');
    expect(output).toMatch(/dist check: \d+ internal URLs in \d+ pages/);
    expect(output).not.toMatch(/relative URLs:|rewritten|made classic/);
  });

  it('has no root-absolute URL, module script or module preload in any page', () => {
    expect(pages.size).toBeGreaterThanOrEqual(264);
    for (const [page, html] of pages) {
      expect(
        html.match(/\s(?:href|src|action|srcset|poster|data-portable-src)\s*=\s*["']?\/(?!\/)[^"'\s>]*/gi),
        page,
      ).toBe(null);
      expect(html, page).not.toMatch(/<script[^>]*type=["']?module/i);
      expect(html, page).not.toMatch(/modulepreload/i);
    }
  });

  it('refers to nothing Astro emitted under _astro/: the site CSS is inline, KaTeX’s stylesheet is the build’s own', async () => {
    for (const [page, html] of pages) {
      const refs = [...html.matchAll(/["'(]([^"'()\s]*_astro\/[^"'()\s]*)/g)].map((m) => m[1]!);
      const prefix = '../'.repeat(page.split('/').length - 1);
      for (const ref of refs) expect(ref, page).toBe(`${prefix}${KATEX_STYLESHEET}`);
      for (const link of html.match(/<link[^>]*>/g) ?? []) {
        if (/rel="stylesheet"/.test(link)) expect(link, page).toContain(`href="${prefix}${KATEX_STYLESHEET}"`);
      }
    }
    const underAstro = (await listFiles(dist)).filter((f) => f.startsWith('_astro/'));
    expect(underAstro.filter((f) => !f.startsWith('_astro/fonts/'))).toEqual([KATEX_STYLESHEET]);
    expect(underAstro.every((f) => f === KATEX_STYLESHEET || /^_astro\/fonts\/KaTeX_[\w-]+\.woff2$/.test(f))).toBe(
      true,
    );
  });

  it('writes the links of a note relative to the paper page, each naming a file', () => {
    const html = pages.get(`papers/${NOTED}.html`)!;
    expect(html).toContain(`href="${LINKED}.html"`);
    expect(html).toContain(`href="../themes/${theme}.html#papers"`);
    expect(html).toContain('href="../index.html">home</a>');
    // The backlink built from the note's <PaperLink>s, and the note's own links, lead where they say.
    expect(pages.has(`papers/${LINKED}.html`)).toBe(true);
  });

  it('keeps in KaTeX’s stylesheet the rules of a class only the note used, and the font they need', async () => {
    const css = await fs.readFile(path.join(dist, KATEX_STYLESHEET), 'utf8');
    expect(css).toContain('.mathbb');
    expect(css).toContain('url(fonts/KaTeX_AMS-Regular.woff2)');
    await expect(
      fs.stat(path.join(dist, path.posix.dirname(KATEX_STYLESHEET), 'fonts/KaTeX_AMS-Regular.woff2')),
    ).resolves.toBeTruthy();
    // Classes no page renders are dropped.
    expect(css).not.toContain('.sqrt');
    expect(pages.get(`papers/${NOTED}.html`)).toContain(`href="../${KATEX_STYLESHEET}"`);
    // A page without math does not link it.
    expect(pages.get('search.html')?.includes(KATEX_STYLESHEET)).toBe(false);
  });
});
