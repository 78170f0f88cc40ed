// The post-build pass over one page and one stylesheet: internal URLs in every attribute that holds
// one become page-relative, CSS url()s follow, module scripts become classic (or fail with the fix),
// and the 404 page is styled and finds the site root wherever the host serves it.
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'hast';
import { rewritePageUrls } from '../../src/lib/portable/rehype-relative-urls.ts';
import { rewriteCssUrls, rewriteStyleAttributeUrls, listCssUrls } from '../../src/lib/portable/css-urls.ts';
import { moduleToClassicScript, parsesAsClassicScript } from '../../src/lib/portable/classic-script.ts';
import { makeNotFoundPortable, notFoundProbeScript } from '../../src/lib/portable/not-found.ts';

const processor = unified().use(rehypeParse).use(rehypeStringify);

function pass(html: string, file: string, classicFile?: (file: string, where: string) => void): string {
  const tree = processor.parse(html) as Root;
  rewritePageUrls(tree, { file, classicFile });
  return processor.stringify(tree);
}

const toRoot = (url: string) => (url.startsWith('/') ? `REL${url}` : url);

describe('page URLs', () => {
  it('rewrites every URL-valued attribute relative to the page', () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="/_astro/site.css"><link rel="icon" href="/favicon.svg">
      <meta http-equiv="refresh" content="0; url=/index.html">
    </head><body>
      <a href="/themes/kv-cache.html">t</a><a href="/">home</a><a href="https://arxiv.org/">out</a><a href="#main">skip</a>
      <img src="/img/a.png" srcset="/img/a.png 1x, /img/a@2x.png 2x">
      <form action="/search.html"><button formaction="/all.html">go</button></form>
      <video poster="/img/p.png"><source src="/v.mp4"></video>
      <object data="/x.svg"></object><blockquote cite="/papers/kivi.html">q</blockquote>
      <svg><use href="/sprite.svg#i"></use><image xlink:href="/img/b.png"></image></svg>
      <template><a href="/all.html">in template</a></template>
      <script is:inline src="/search/search.js"></script>
    </body></html>`;
    const out = pass(html, 'papers/h2o.html');
    for (const expected of [
      'href="../_astro/site.css"',
      'href="../favicon.svg"',
      'content="0; url=../index.html"',
      'href="../themes/kv-cache.html"',
      'href="../index.html"',
      'href="https://arxiv.org/"',
      'href="#main"',
      'src="../img/a.png"',
      'srcset="../img/a.png 1x, ../img/a@2x.png 2x"',
      'action="../search.html"',
      'formaction="../all.html"',
      'poster="../img/p.png"',
      'src="../v.mp4"',
      'data="../x.svg"',
      'cite="kivi.html"',
      'href="../sprite.svg#i"',
      'xlink:href="../img/b.png"',
      '<a href="../all.html">in template</a>',
      'src="../search/search.js"',
    ]) {
      expect(out).toContain(expected);
    }
    expect(out).not.toMatch(/(?:href|src|action|poster|data|cite)="\/(?!\/)/);
  });

  it('rewrites url() in style attributes and <style> blocks', () => {
    const out = pass(
      `<html><head><style>.hero{background:url(/img/bg.png)}</style></head><body><div style="background-image: url('/img/x.png')"></div></body></html>`,
      'themes/kv-cache.html',
    );
    expect(out).toContain('url(../img/bg.png)');
    expect(out).toContain('url(../img/x.png)');
  });

  it('turns an inline module script into a classic one and drops module preloads', () => {
    const out = pass(
      `<html><head><link rel="modulepreload" href="/_astro/x.js"></head><body><script type="module">const a = 1; document.body.dataset.a = String(a);</script></body></html>`,
      'index.html',
    );
    expect(out).not.toContain('type="module"');
    expect(out).not.toContain('modulepreload');
    expect(out).toContain("'use strict'");
    expect(out).toContain('DOMContentLoaded');
  });

  it('hands an external module script to the caller and marks it deferred', () => {
    const seen: string[] = [];
    const out = pass(
      `<html><body><script type="module" src="/_astro/hoisted.js"></script></body></html>`,
      'papers/a.html',
      (file) => seen.push(file),
    );
    expect(seen).toEqual(['_astro/hoisted.js']);
    expect(out).toContain('<script src="../_astro/hoisted.js" defer></script>');
  });

  it('refuses a module script that imports, naming the page and the fix', () => {
    expect(() =>
      pass(
        `<html><body><script type="module">import { x } from './chunk.js'; x();</script></body></html>`,
        'papers/a.html',
      ),
    ).toThrow(/papers\/a\.html.*module script.*is:inline/s);
  });
});

describe('CSS URLs', () => {
  it('rewrites url(), image-set() and @import, and lists what it saw', () => {
    const css = `@import "/base.css";@font-face{font-family:K;src:url(/_astro/K.woff2) format("woff2")}.a{background:image-set(url(/a.png) 1x,"/b.png" 2x)}.b{mask:url(#m)}`;
    const result = rewriteCssUrls(css, toRoot);
    expect(result.changed).toBe(true);
    expect(result.code).toContain('"REL/base.css"');
    expect(result.code).toContain('url(REL/_astro/K.woff2)');
    expect(result.code).toContain('"REL/a.png" 1x');
    expect(result.code).toContain('"REL/b.png" 2x');
    expect(result.code).toContain('url(#m)');
    expect(listCssUrls(css).sort()).toEqual(['#m', '/_astro/K.woff2', '/a.png', '/b.png', '/base.css']);
  });

  it('keeps the bytes of a stylesheet that has nothing to rewrite', () => {
    const css = '.a { color: rgb(0 0 0 / 50%) }\n';
    expect(rewriteCssUrls(css, toRoot)).toEqual({ code: css, urls: [], changed: false });
  });

  it('rewrites a style attribute', () => {
    expect(rewriteStyleAttributeUrls('background: url(/x.png); color: red', toRoot).code).toContain('url(REL/x.png)');
  });

  it('names the file and place of CSS it cannot parse', () => {
    expect(() => rewriteCssUrls('.a { color: red; } @media (', toRoot, '_astro/broken.css')).toThrow(
      /_astro\/broken\.css/,
    );
  });
});

describe('classic scripts', () => {
  it('accepts code without module syntax and rejects import, export, import.meta and top-level await', () => {
    expect(parsesAsClassicScript('const a = 1; console.log(a);')).toBe(true);
    expect(parsesAsClassicScript("import x from './x.js';")).toBe(false);
    expect(parsesAsClassicScript('export const a = 1;')).toBe(false);
    expect(parsesAsClassicScript('console.log(import.meta.url);')).toBe(false);
    expect(parsesAsClassicScript('await fetch("x");')).toBe(false);
  });

  it('keeps module top-level names private and strict', () => {
    const wrapped = moduleToClassicScript('const secret = 1;', 'x');
    expect(wrapped.startsWith("(function(){'use strict';")).toBe(true);
    expect(parsesAsClassicScript(wrapped)).toBe(true);
  });
});

describe('the 404 page', () => {
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="_astro/site.css"><title>Not found</title></head>
    <body><a href="index.html">Home</a><script src="search/search.js" defer></script></body></html>`;

  function notFound(stylesheets: Record<string, string>): string {
    const tree = processor.parse(html) as Root;
    makeNotFoundPortable(tree, { file: '404.html', marker: 'search/search.js', readStylesheet: (f) => stylesheets[f] });
    return processor.stringify(tree);
  }

  it('inlines its stylesheets, with their URLs made relative to the page', () => {
    const out = notFound({ '_astro/site.css': 'body{color:red}@font-face{font-family:F;src:url(F.woff2)}' });
    expect(out).not.toContain('rel="stylesheet"');
    expect(out).toContain('<style>body{color:red}@font-face{font-family:F;src:url(_astro/F.woff2)}</style>');
  });

  it('starts with the probe that sets <base> to the site root, right after <meta charset>', () => {
    const out = notFound({ '_astro/site.css': 'body{color:red}' });
    expect(out.indexOf('<meta charset="utf-8">')).toBeLessThan(out.indexOf('<script>'));
    expect(out).toContain(notFoundProbeScript('search/search.js').slice(0, 40));
    expect(out).toContain('"search/search.js"');
  });

  it('defers its scripts until the base is known', () => {
    const out = notFound({ '_astro/site.css': 'body{}' });
    expect(out).toContain('<script data-portable-src="search/search.js"></script>');
    expect(out).not.toContain(' src="search/search.js"');
  });

  it('fails the build when a stylesheet it links is missing', () => {
    expect(() => notFound({})).toThrow(/404\.html.*_astro\/site\.css/);
  });
});
