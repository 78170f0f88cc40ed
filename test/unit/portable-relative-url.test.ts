// Page-relative URL arithmetic: what every internal URL of a page becomes so dist/ works from
// file://, a domain root and any sub-path, and how srcset attributes are read and written.
import { describe, expect, it } from 'vitest';
import {
  isExternalUrl,
  isRootAbsoluteUrl,
  mapSrcset,
  parseSrcset,
  resolveLocalFile,
  rootPrefix,
  toPageRelativeUrl,
} from '../../src/lib/portable/relative-url.ts';

describe('toPageRelativeUrl', () => {
  const cases: Array<[string, string, string, string]> = [
    // [what, url, page, expected]
    ['home from the home page', '/index.html', 'index.html', 'index.html'],
    ['a theme from the home page', '/themes/kv-cache.html', 'index.html', 'themes/kv-cache.html'],
    ['the home page from a paper', '/index.html', 'papers/h2o.html', '../index.html'],
    ['a sibling paper', '/papers/kivi.html', 'papers/h2o.html', 'kivi.html'],
    ['the page itself', '/papers/h2o.html', 'papers/h2o.html', 'h2o.html'],
    ['two folders down', '/_astro/site.css', 'tags/a/b.html', '../../_astro/site.css'],
    ['keeps the fragment', '/index.html#themes', 'papers/h2o.html', '../index.html#themes'],
    [
      'keeps the query',
      '/search.html?q=kv+cache&theme=KV',
      'themes/kv-cache.html',
      '../search.html?q=kv+cache&theme=KV',
    ],
    ['names the index file of the root', '/', 'papers/h2o.html', '../index.html'],
    ['names the index file of a folder', '/themes/', 'index.html', 'themes/index.html'],
    ['names the index file of a folder, with a fragment', '/themes/#x', 'papers/a.html', '../themes/index.html#x'],
    ['a relative folder link gets its index file', '../', 'papers/h2o.html', '../index.html'],
    ['a relative dot link gets its index file', '.', 'papers/h2o.html', './index.html'],
    ['a relative file link is kept', 'kivi.html', 'papers/h2o.html', 'kivi.html'],
    ['a CSS file referencing a font next to it', '/_astro/KaTeX.woff2', '_astro/katex.css', 'KaTeX.woff2'],
    ['a folder named without a slash from inside it', '/papers', 'papers/h2o.html', '../papers'],
  ];
  it.each(cases)('%s', (_what, url, page, expected) => {
    expect(toPageRelativeUrl(url, page)).toBe(expected);
  });

  it.each([
    'https://arxiv.org/abs/1',
    '//cdn.example.org/x.js',
    'mailto:someone@example.org',
    'data:image/png;base64,AAAA',
    'javascript:void(0)',
    '#main',
    '?q=kv',
    '',
  ])('leaves %j alone', (url) => {
    expect(toPageRelativeUrl(url, 'papers/h2o.html')).toBe(url);
  });
});

describe('URL kinds', () => {
  it('tells external, root-absolute and relative URLs apart', () => {
    expect(isExternalUrl('https://x.org')).toBe(true);
    expect(isExternalUrl('//x.org/a')).toBe(true);
    expect(isExternalUrl('/a.html')).toBe(false);
    expect(isRootAbsoluteUrl('/a.html')).toBe(true);
    expect(isRootAbsoluteUrl('//x.org/a')).toBe(false);
    expect(isRootAbsoluteUrl('a.html')).toBe(false);
  });

  it('gives the way to the root from a page', () => {
    expect(rootPrefix('index.html')).toBe('');
    expect(rootPrefix('papers/h2o.html')).toBe('../');
    expect(rootPrefix('tags/a/b.html')).toBe('../../');
  });
});

describe('resolveLocalFile', () => {
  it('finds the file a relative or root-absolute URL names', () => {
    expect(resolveLocalFile('../index.html#x', 'papers/h2o.html')).toBe('index.html');
    expect(resolveLocalFile('kivi.html?q=1', 'papers/h2o.html')).toBe('papers/kivi.html');
    expect(resolveLocalFile('/themes/kv-cache.html', 'papers/h2o.html')).toBe('themes/kv-cache.html');
    expect(resolveLocalFile('../tags/must%20cite.html', 'papers/h2o.html')).toBe('tags/must cite.html');
  });

  it('returns nothing for external URLs and fragments', () => {
    expect(resolveLocalFile('https://x.org/a', 'index.html')).toBe('');
    expect(resolveLocalFile('#top', 'index.html')).toBe('');
  });
});

describe('srcset', () => {
  it('reads candidates with descriptors, data URLs with commas included', () => {
    expect(parseSrcset('/a.png 1x, /b.png 2x')).toEqual([
      { url: '/a.png', descriptor: '1x' },
      { url: '/b.png', descriptor: '2x' },
    ]);
    // As browsers read it: a URL runs to whitespace, so only trailing commas separate.
    expect(parseSrcset('/a.png, /b.png 640w')).toEqual([
      { url: '/a.png', descriptor: '' },
      { url: '/b.png', descriptor: '640w' },
    ]);
    expect(parseSrcset('data:image/png;base64,AA,BB 1x')).toEqual([
      { url: 'data:image/png;base64,AA,BB', descriptor: '1x' },
    ]);
  });

  it('rewrites every candidate', () => {
    expect(mapSrcset('/a.png 1x, /b.png 2x', (u) => toPageRelativeUrl(u, 'papers/x.html'))).toBe(
      '../a.png 1x, ../b.png 2x',
    );
  });
});
