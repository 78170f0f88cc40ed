// KaTeX's stylesheet cut to the classes the built pages use: which selectors can
// match, which rules and fonts stay, url()s kept as written, the classes read from
// KaTeX's markup, and the stylesheet and fonts a build writes.
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
import { collectKatexClasses, selectorCanMatch, trimKatexCss } from '../../src/lib/render/trim-katex-css.ts';
import { keepWoff2 } from '../../src/lib/render/vite-katex-woff2.ts';
import { writeKatexAssets } from '../../src/integrations/katex-assets.ts';
import { KATEX_STYLESHEET } from '../../src/lib/render/katex-assets.ts';

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

describe('the KaTeX stylesheet of a build', () => {
  const temps: string[] = [];
  afterAll(() => Promise.all(temps.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

  it('keeps the rules of the classes used, and copies beside it only the fonts those rules name', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'katex-assets-'));
    temps.push(dir);
    const classes = collectKatexClasses(parse(katex.renderToString('\\mathbb{R}^{d}', { output: 'htmlAndMathml' })));
    const report = await writeKatexAssets(dir, classes);
    const written = await fs.readFile(path.join(dir, KATEX_STYLESHEET), 'utf8');
    expect(written).toBe(report.code);
    expect(written).toContain('.mathbb');
    expect(written).not.toContain('.sqrt');
    expect(report.keptFontFamilies).toContain('KaTeX_AMS');
    const fonts = await fs.readdir(path.join(dir, path.posix.dirname(KATEX_STYLESHEET), 'fonts'));
    expect(fonts.sort()).toEqual(report.fonts.sort());
    expect(fonts).toContain('KaTeX_AMS-Regular.woff2');
    expect(fonts.every((font) => font.endsWith('.woff2'))).toBe(true);
    // Every url() of the stylesheet names a font written beside it.
    for (const url of written.match(/url\(([^)]+)\)/g) ?? []) {
      expect(fonts.map((font) => `url(fonts/${font})`)).toContain(url.replace(/["']/g, ''));
    }
  });
});
