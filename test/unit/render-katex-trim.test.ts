// KaTeX's stylesheet cut to the classes the built pages use: which selectors can
// match, which rules and fonts stay, url()s kept as written, the classes read from
// KaTeX's markup, the stylesheets a page links, and the pass over a built folder.
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import katex from 'katex';
import { transform, type Selector } from 'lightningcss';
import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import {
  collectKatexClasses,
  linkedStylesheets,
  selectorCanMatch,
  trimKatexCss,
} from '../../src/lib/render/trim-katex-css.ts';
import { keepWoff2 } from '../../src/lib/render/vite-katex-woff2.ts';
import { trimKatexInDist } from '../../src/integrations/trim-katex.ts';

const require = createRequire(import.meta.url);
const parse = (html: string) => unified().use(rehypeParse).parse(html) as Root;

/** The selectors of a one-rule stylesheet, as Lightning CSS parses them. */
function selectorsOf(selectorText: string): Selector[] {
  let selectors: Selector[] = [];
  transform({
    filename: 'probe.css',
    code: Buffer.from(`${selectorText}{color:red}`),
    visitor: { Rule: { style: (rule) => void (selectors = rule.value.selectors) } },
  });
  return selectors;
}

describe('selectorCanMatch', () => {
  const used = new Set(['katex', 'mord', 'mathnormal', 'q']);
  it.each([
    ['.katex .mord', true],
    ['.katex .mord.mathnormal', true],
    ['.katex .sqrt>.root', false],
    ['.katex-display>.katex', false],
    ['.katex *', true],
    ['body', true],
    ['*', true],
    ['.katex svg path', true],
    ['.katex .mord:not(.fleqn)', true],
    ['.katex :is(.p,.q)', true],
    ['.katex :is(.p,.r)', false],
    ['.katex .mord::after', true],
    ['.katex .katex-version::after', false],
  ])('%s → %s', (selector, expected) => {
    const [parsed] = selectorsOf(selector);
    expect(selectorCanMatch(parsed!, used)).toBe(expected);
  });
});

describe('trimKatexCss', () => {
  const fixture = [
    '@font-face{font-family:KaTeX_Main;src:url(/_astro/KaTeX_Main-Regular.abc.woff2)format("woff2")}',
    '@font-face{font-family:KaTeX_Main;font-weight:700;src:url(KaTeX_Main-Bold.def.woff2)format("woff2")}',
    '@font-face{font-family:KaTeX_Math;src:url(../_astro/KaTeX_Math-Italic.ghi.woff2)format("woff2")}',
    '@font-face{font-family:KaTeX_AMS;src:url(KaTeX_AMS-Regular.jkl.woff2)format("woff2")}',
    '@font-face{font-family:KaTeX_Size1;src:url(KaTeX_Size1-Regular.mno.woff2)format("woff2")}',
    '.katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}',
    '.katex .mathnormal{font-family:KaTeX_Math;font-style:italic}',
    '.katex .amsrm{font-family:KaTeX_AMS}',
    '.katex .delimsizing.size1{font-family:KaTeX_Size1}',
    '.katex .mord,.katex .sqrt{display:inline-block}',
    '.katex .vlist>span>.pstrut{overflow:hidden;width:0}',
    '.katex svg{display:block}',
    'body{counter-reset:katexEqnNo}',
    '@keyframes katex-pulse{0%{opacity:0}to{opacity:1}}',
    '@media (max-width:600px){.katex .fleqn{text-align:left}}',
  ].join('');
  const result = trimKatexCss(fixture, new Set(['katex', 'mathnormal', 'mord', 'vlist', 'pstrut']), 'fixture.css');

  it('keeps the rules whose every class is used, and element rules and keyframes', () => {
    for (const kept of [
      '.katex{',
      '.katex .mathnormal{',
      '.katex .vlist>span>.pstrut{',
      '.katex svg{',
      'body{counter-reset:katexEqnNo}',
      '@keyframes katex-pulse',
    ]) {
      expect(result.code).toContain(kept);
    }
  });

  it('drops the rules that need a class no page uses, and the selectors of a list that cannot match', () => {
    for (const dropped of ['.amsrm', '.delimsizing', '.fleqn', '@media', '.sqrt'])
      expect(result.code).not.toContain(dropped);
    expect(result.code).toContain('.katex .mord{display:inline-block}');
    expect(result).toMatchObject({ keptRules: 6, droppedRules: 3 });
  });

  it('keeps @font-face only for the families kept rules name, through font-family or the font shorthand', () => {
    expect(result.keptFontFamilies).toEqual(['KaTeX_Main', 'KaTeX_Math']);
    expect(result.droppedFontFaces).toBe(2);
    expect(result.code).not.toMatch(/KaTeX_AMS-Regular|KaTeX_Size1-Regular/);
  });

  it('prints every kept url() as it was written, root-absolute or relative', () => {
    for (const url of [
      'url(/_astro/KaTeX_Main-Regular.abc.woff2)',
      'url(KaTeX_Main-Bold.def.woff2)',
      'url(../_astro/KaTeX_Math-Italic.ghi.woff2)',
    ]) {
      expect(result.code).toContain(url);
    }
  });

  it('counts bytes before and after', () => {
    expect(result.bytesBefore).toBe(Buffer.byteLength(fixture));
    expect(result.bytesAfter).toBe(Buffer.byteLength(result.code));
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore);
  });

  it('keeps every font when a kept rule sets the family through a variable it cannot read', () => {
    const css = '@font-face{font-family:KaTeX_AMS;src:url(a.woff2)}.katex{font-family:var(--math-font)}';
    const trimmed = trimKatexCss(css, new Set(['katex']));
    expect(trimmed.keptFontFamilies).toEqual(['KaTeX_AMS']);
  });

  it('says which file could not be parsed and how to fix it', () => {
    expect(() => trimKatexCss('.a{}}}{{{:::', new Set(), '_astro/katex.min.x.css')).toThrow(
      /_astro\/katex\.min\.x\.css.*cannot parse KaTeX's stylesheet/,
    );
  });
});

describe("KaTeX's real stylesheet", () => {
  const full = keepWoff2(readFileSync(require.resolve('katex/dist/katex.min.css'), 'utf8'));
  const markup = `<p>${katex.renderToString('V(s) = \\frac{1}{\\sqrt[3]{d}}', { output: 'htmlAndMathml' })}</p>`;
  const used = collectKatexClasses(parse(markup));
  const trimmed = trimKatexCss(full, used);

  it('keeps what a fraction and a square root need and drops the rest', () => {
    for (const rule of ['.katex .mfrac .frac-line', '.katex .sqrt>.root', '.katex .mathnormal', '.katex .katex-mathml'])
      expect(trimmed.code).toContain(rule);
    for (const rule of ['.katex .fbox', '.katex-display', '.katex .mathbb', '.katex .boxpad'])
      expect(trimmed.code).not.toContain(rule);
    expect(trimmed.bytesAfter).toBeLessThan(trimmed.bytesBefore / 3);
  });

  it('keeps only element and universal rules when no page uses a KaTeX class', () => {
    const empty = trimKatexCss(full, new Set());
    expect(empty.code).not.toContain('@font-face');
    expect(empty.code).toContain('body{counter-reset');
  });

  it('belongs to the KaTeX that renders the markup (rehype-katex), so its class names match', () => {
    const site = require('katex/package.json') as { version: string };
    const renderer = createRequire(require.resolve('rehype-katex'))('katex/package.json') as { version: string };
    expect(site.version).toBe(renderer.version);
  });
});

describe('collectKatexClasses', () => {
  it('reads the classes on and inside inline, display and error roots, MathML and SVG included, and nothing else', () => {
    const tree = parse(
      '<p class="abstract">x <span class="katex"><span class="katex-mathml"><math><mi class="mi-x">x</mi></math></span>' +
        '<span class="katex-html"><span class="base"><span class="mord mathnormal">x</span></span></span></span></p>' +
        '<div class="katex-display"><span class="katex"><svg class="hide-tail"><path class="p"></path></svg></span></div>' +
        '<span class="katex-error" title="ParseError">\\bad</span><span class="mord outside">y</span>',
    );
    expect([...collectKatexClasses(tree)].sort()).toEqual(
      [
        'base',
        'hide-tail',
        'katex',
        'katex-display',
        'katex-error',
        'katex-html',
        'katex-mathml',
        'mathnormal',
        'mi-x',
        'mord',
        'p',
      ].sort(),
    );
  });
});

describe('linkedStylesheets', () => {
  const head = (href: string) =>
    parse(`<head><link rel="stylesheet" href="${href}"><link rel="icon" href="/favicon.svg"></head>`);

  it('reads a root-absolute and a page-relative href as the same output file', () => {
    expect(linkedStylesheets(head('/_astro/katex.min.abc.css'), 'papers/x.html')).toEqual(['_astro/katex.min.abc.css']);
    expect(linkedStylesheets(head('../_astro/katex.min.abc.css'), 'papers/x.html')).toEqual([
      '_astro/katex.min.abc.css',
    ]);
    expect(linkedStylesheets(head('_astro/katex.min.abc.css?v=1'), 'index.html')).toEqual(['_astro/katex.min.abc.css']);
  });

  it('leaves out other hosts and links that are not stylesheets', () => {
    expect(linkedStylesheets(head('https://cdn.example.org/katex.css'), 'index.html')).toEqual([]);
    expect(linkedStylesheets(parse('<link rel="preload" href="/_astro/katex.min.abc.css">'), 'index.html')).toEqual([]);
  });
});

describe('trimKatexInDist', () => {
  const temps: string[] = [];
  afterAll(() => Promise.all(temps.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

  async function site(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'katex-trim-'));
    temps.push(dir);
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), text);
    }
    return dir;
  }

  const css =
    '@font-face{font-family:KaTeX_Math;src:url(KaTeX_Math-Italic.x.woff2)format("woff2")}.katex{color:red}.katex .mathnormal{font-family:KaTeX_Math}.katex .sqrt{display:inline-block}';

  it('trims the stylesheet in place with the classes of the pages that link it, relative or root-absolute', async () => {
    const dir = await site({
      '_astro/katex.min.abc.css': css,
      'papers/a.html':
        '<link rel="stylesheet" href="../_astro/katex.min.abc.css"><span class="katex"><span class="mord mathnormal">x</span></span>',
      'index.html': '<link rel="stylesheet" href="/_astro/katex.min.abc.css"><span class="katex">y</span>',
      // KaTeX classes on a page that does not link the stylesheet do not count.
      'all.html': '<p>katex.min.abc.css</p><span class="katex"><span class="sqrt">z</span></span>',
    });
    const report = await trimKatexInDist(dir);
    expect(report.stylesheets).toMatchObject([
      { file: '_astro/katex.min.abc.css', pages: 2, keptRules: 2, droppedRules: 1 },
    ]);
    const trimmed = await fs.readFile(path.join(dir, '_astro/katex.min.abc.css'), 'utf8');
    expect(trimmed).toBe(
      '@font-face{font-family:KaTeX_Math;src:url(KaTeX_Math-Italic.x.woff2)format("woff2")}.katex{color:red}.katex .mathnormal{font-family:KaTeX_Math}',
    );
    expect(await fs.readdir(path.join(dir, '_astro'))).toEqual(['katex.min.abc.css']);
  });

  it('leaves a KaTeX stylesheet that no page links as it is, and other stylesheets alone', async () => {
    const dir = await site({
      '_astro/katex.min.abc.css': css,
      '_astro/Base.x.css': '.unused-class{color:red}',
      'index.html': '<link rel="stylesheet" href="_astro/Base.x.css">',
    });
    const report = await trimKatexInDist(dir);
    expect(report).toEqual({ stylesheets: [], unlinked: ['_astro/katex.min.abc.css'] });
    await expect(fs.readFile(path.join(dir, '_astro/katex.min.abc.css'), 'utf8')).resolves.toBe(css);
    await expect(fs.readFile(path.join(dir, '_astro/Base.x.css'), 'utf8')).resolves.toBe('.unused-class{color:red}');
  });
});
