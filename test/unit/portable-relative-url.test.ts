// Reading a built page's URLs for the dist check: which are external or root-absolute, which file a
// page-relative one names, and how srcset attributes are read.
import { describe, expect, it } from 'vitest';
import {
  isExternalUrl,
  isRootAbsoluteUrl,
  parseSrcset,
  resolveLocalFile,
} from '../../src/lib/portable/relative-url.ts';

describe('URL kinds', () => {
  it('tells external, root-absolute and relative URLs apart', () => {
    expect(isExternalUrl('https://x.org')).toBe(true);
    expect(isExternalUrl('//x.org/a')).toBe(true);
    expect(isExternalUrl('/a.html')).toBe(false);
    expect(isRootAbsoluteUrl('/a.html')).toBe(true);
    expect(isRootAbsoluteUrl('//x.org/a')).toBe(false);
    expect(isRootAbsoluteUrl('a.html')).toBe(false);
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
});
