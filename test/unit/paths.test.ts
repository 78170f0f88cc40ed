// Site paths and the page-relative URLs pages write while they render: every pair of routes the site has,
// the page as Astro names it in `astro build` (format 'file': /papers/x.html) and in `astro dev`
// (/papers/x, /papers/x.html, /), fragments and queries kept, never a root-absolute URL or a bare folder.
import { describe, expect, it } from 'vitest';
import { linkFrom, pagePath, relativeUrl, type SitePath, sitePath, siteUrl } from '../../src/lib/paths.ts';
import { assetUrls, fileUrls, urls } from '../../src/lib/urls.ts';

/** One page of each kind the site has, and the folders they sit in. */
const ROUTES: Record<string, SitePath> = {
  home: urls.home(),
  all: urls.all(),
  search: urls.search(),
  theme: urls.theme('kv-cache'),
  paper: urls.paper('snapkv'),
  status: urls.status('read'),
  tag: urls.tag('must cite'),
  notFound: sitePath('404.html'),
};

/** What a browser makes of `href` on the page at `from`, as a path from the site root. */
function resolved(from: SitePath, href: string): string {
  const base = new URL(`https://example.org/list/${from}`);
  const url = new URL(href, base);
  expect(url.origin).toBe(base.origin);
  expect(url.pathname.startsWith('/list/')).toBe(true);
  return url.pathname.slice('/list/'.length) + url.search + url.hash;
}

describe('urls.*', () => {
  it('give site paths: relative to the output root, each naming a file', () => {
    expect(urls.home()).toBe('index.html');
    expect(urls.paper('snapkv')).toBe('papers/snapkv.html');
    expect(urls.tag('must cite')).toBe('tags/must-cite.html');
    expect(fileUrls.themeBibtex('kv-cache')).toBe('bibtex/kv-cache.bib');
    expect(assetUrls.searchScript()).toBe('search/search.js');
    expect(assetUrls.katexStylesheet()).toMatch(/^_astro\/katex\.min\.[\d.]+\.css$/);
  });

  it('refuse what is not a site path', () => {
    for (const bad of ['', '/papers/x.html', 'themes/', 'a//b.html', '../x.html', 'a/./b.html', 'x.html#top', 'a\\b']) {
      expect(() => sitePath(bad), bad).toThrow(/is not a site path/);
    }
  });
});

describe('relativeUrl', () => {
  it('leads from every page to every page, relative and naming the file, as a browser resolves it', () => {
    for (const from of Object.values(ROUTES)) {
      for (const to of Object.values(ROUTES)) {
        const href = relativeUrl(from, to);
        expect(href.startsWith('/'), `${from} -> ${to}: ${href}`).toBe(false);
        expect(href.endsWith('/'), `${from} -> ${to}: ${href}`).toBe(false);
        expect(resolved(from, href), `${from} -> ${to}: ${href}`).toBe(to);
      }
    }
  });

  it('writes the shortest way', () => {
    expect(relativeUrl(urls.home(), urls.paper('a'))).toBe('papers/a.html');
    expect(relativeUrl(urls.paper('a'), urls.paper('b'))).toBe('b.html');
    expect(relativeUrl(urls.paper('a'), urls.home())).toBe('../index.html');
    expect(relativeUrl(urls.theme('t'), urls.paper('a'))).toBe('../papers/a.html');
    expect(relativeUrl(urls.home(), urls.home())).toBe('index.html');
    expect(relativeUrl(sitePath('a/b/c.html'), sitePath('a/d.html'))).toBe('../d.html');
    expect(relativeUrl(sitePath('a/b/c.html'), sitePath('x.html'))).toBe('../../x.html');
    expect(relativeUrl(sitePath('a/b.html'), sitePath('a/b/c.html'))).toBe('b/c.html');
    expect(relativeUrl(urls.paper('a'), assetUrls.katexStylesheet())).toMatch(/^\.\.\/_astro\/katex\.min\./);
  });

  it('keeps fragments and queries', () => {
    const themes = siteUrl(urls.home(), { hash: 'themes' });
    expect(themes).toBe('index.html#themes');
    expect(relativeUrl(urls.paper('a'), themes)).toBe('../index.html#themes');
    expect(relativeUrl(urls.home(), themes)).toBe('index.html#themes');
    const query = siteUrl(urls.search(), { query: 'q=kv+cache&theme=x', hash: 'results' });
    expect(query).toBe('search.html?q=kv+cache&theme=x#results');
    expect(relativeUrl(urls.tag('a'), query)).toBe('../search.html?q=kv+cache&theme=x#results');
    expect(resolved(urls.tag('a'), relativeUrl(urls.tag('a'), query))).toBe(query);
  });
});

describe('pagePath: the page being rendered, from Astro.url.pathname', () => {
  it.each([
    // astro build, format 'file'
    ['/papers/snapkv.html', 'papers/snapkv.html'],
    ['/index.html', 'index.html'],
    ['/404.html', '404.html'],
    ['/tags/must-cite.html', 'tags/must-cite.html'],
    // astro dev: the address as typed or linked
    ['/papers/snapkv', 'papers/snapkv.html'],
    ['/', 'index.html'],
    ['', 'index.html'],
    ['/themes/', 'themes/index.html'],
    ['/papers/v1.5-model', 'papers/v1.5-model'],
    ['/tags/m%C3%BCller.html', 'tags/müller.html'],
  ])('%s -> %s', (pathname, page) => {
    expect(pagePath(pathname)).toBe(page);
  });

  it('takes a base path off', () => {
    expect(pagePath('/reading-list/papers/a.html', '/reading-list/')).toBe('papers/a.html');
    expect(pagePath('/reading-list/', '/reading-list')).toBe('index.html');
  });
});

describe('linkFrom', () => {
  it('writes the same links for a page whether built (/papers/x.html) or served by astro dev (/papers/x)', () => {
    const targets = [urls.home(), urls.paper('b'), urls.theme('t'), siteUrl(urls.home(), { hash: 'themes' })];
    for (const [built, dev] of [
      ['/papers/a.html', '/papers/a'],
      ['/index.html', '/'],
      ['/themes/t.html', '/themes/t'],
      ['/tags/x.html', '/tags/x'],
    ] as const) {
      const fromBuild = linkFrom(new URL(`http://localhost:4321${built}`));
      const fromDev = linkFrom(new URL(`http://localhost:4321${dev}`));
      for (const target of targets) {
        expect(fromDev(target)).toBe(fromBuild(target));
        // In dev, the browser resolves from the address it shows: the links still lead to the target.
        expect(new URL(fromDev(target), `http://localhost:4321${dev}`).href).toBe(`http://localhost:4321/${target}`);
      }
    }
    expect(linkFrom('/papers/a.html')(urls.paper('b'))).toBe('b.html');
  });
});
