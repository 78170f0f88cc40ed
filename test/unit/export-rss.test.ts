// RSS 2.0 feeds (@astrojs/rss) and the sitemap (@astrojs/sitemap, run through its own hooks):
// absolute URLs under the site URL's sub-path, newest first, escaped text, valid XML.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import siteMap, { pageFileUrl, sitemapBase } from '../../src/integrations/sitemap.ts';
import { absoluteUrl, siteBase } from '../../src/lib/export/links.ts';
import { type FeedOptions, type FeedPaper, newestFirst, toRss } from '../../src/lib/export/rss.ts';
import { urls } from '../../src/lib/urls.ts';

const papers: FeedPaper[] = [
  { id: 'older', title: 'Older paper', date: '2023-06-24', abstract: 'Old.' },
  {
    id: 'newest',
    title: 'Newest <b>bold</b> & \u0001"quoted"',
    date: '2025-04-11',
    abstract: 'Uses $O(N^2)$ & <tags>, 95\\% \u0007bell.',
    categories: ['KV cache', 'must-cite'],
  },
  { id: 'middle-b', title: 'B middle', date: '2024-01-02' },
  { id: 'middle-a', title: 'A middle', date: '2024-01-02', abstract: '   ' },
];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'category', 'url', 'sitemap'].includes(name),
});

const feedOptions: FeedOptions = {
  site: 'https://example.org/reading-list/',
  title: 'Reading list: KV cache & co',
  description: 'Papers <filed> here',
  language: 'en',
  page: urls.theme('kv-cache'),
  self: '/feeds/kv-cache.xml',
  paperPath: urls.paper,
};

describe('links', () => {
  it('keeps a sub-path of the site URL, with or without its final slash', () => {
    expect(absoluteUrl('https://example.org/reading-list', '/papers/x.html')).toBe(
      'https://example.org/reading-list/papers/x.html',
    );
    expect(absoluteUrl('https://example.org/reading-list/', '/index.html')).toBe(
      'https://example.org/reading-list/index.html',
    );
    expect(absoluteUrl('https://example.org', '/feed.xml')).toBe('https://example.org/feed.xml');
    expect(siteBase('https://example.org/a?x=1#y').href).toBe('https://example.org/a/');
  });

  it('orders newest first, then by title', () => {
    expect(newestFirst(papers).map((p) => p.id)).toEqual(['newest', 'middle-a', 'middle-b', 'older']);
  });
});

describe('toRss', async () => {
  const xml = await toRss(papers, feedOptions);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('is an RSS 2.0 channel with title, link, description, language, self link and last date', () => {
    const doc = parser.parse(xml);
    expect(doc.rss['@version']).toBe('2.0');
    const channel = doc.rss.channel;
    expect(channel.title).toBe('Reading list: KV cache & co');
    expect(channel.link).toBe('https://example.org/reading-list/themes/kv-cache.html');
    expect(channel.description).toBe('Papers <filed> here');
    expect(channel.language).toBe('en');
    expect(channel['atom:link']['@href']).toBe('https://example.org/reading-list/feeds/kv-cache.xml');
    expect(channel['atom:link']['@rel']).toBe('self');
    expect(channel.lastBuildDate).toBe('Fri, 11 Apr 2025 00:00:00 GMT');
  });

  it('links the feed of the whole list to the site URL itself', async () => {
    const home = parser.parse(await toRss(papers, { ...feedOptions, page: urls.home(), self: '/feed.xml' }));
    expect(home.rss.channel.link).toBe('https://example.org/reading-list/');
    expect(home.rss.channel['atom:link']['@href']).toBe('https://example.org/reading-list/feed.xml');
  });

  it('has items newest first with absolute link, permalink guid, RFC 822 date and escaped abstract', () => {
    const items = parser.parse(xml).rss.channel.item;
    expect(items.map((item: { link: string }) => item.link)).toEqual([
      'https://example.org/reading-list/papers/newest.html',
      'https://example.org/reading-list/papers/middle-a.html',
      'https://example.org/reading-list/papers/middle-b.html',
      'https://example.org/reading-list/papers/older.html',
    ]);
    const [newest, middleA] = items;
    expect(newest.title).toBe('Newest <b>bold</b> & "quoted"');
    expect(newest.guid['#text']).toBe(newest.link);
    expect(newest.guid['@isPermaLink']).toBe('true');
    expect(newest.pubDate).toBe('Fri, 11 Apr 2025 00:00:00 GMT');
    expect(newest.description).toBe('Uses $O(N^2)$ & <tags>, 95\\% bell.');
    expect(newest.category).toEqual(['KV cache', 'must-cite']);
    // No abstract: the title stands in, so every item has a description.
    expect(middleA.description).toBe('A middle');
    for (const item of items) expect(new Date(item.pubDate).toUTCString()).toBe(item.pubDate);
  });

  it('escapes markup in the text rather than passing it through', () => {
    expect(xml).toContain('Newest &lt;b&gt;bold&lt;/b&gt; &amp;');
    expect(xml).not.toContain('<tags>');
    expect(xml).not.toMatch(/[\u0001\u0007]/);
  });

  it('is a valid empty channel when a theme has no papers', async () => {
    const empty = await toRss([], { ...feedOptions, site: 'https://example.org/', page: '/index.html' });
    expect(XMLValidator.validate(empty)).toBe(true);
    const { channel } = parser.parse(empty).rss;
    expect(channel.item).toBeUndefined();
    expect(channel.lastBuildDate).toBeUndefined();
  });

  it('names the paper whose date is not a day', async () => {
    await expect(toRss([{ id: 'x', title: 'X', date: 'April 11' }], feedOptions)).rejects.toThrow(
      /"April 11" is not a date written as YYYY-MM-DD/,
    );
  });
});

describe('sitemap', () => {
  const temps: string[] = [];
  afterAll(() => Promise.all(temps.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

  it('gives every page URL its file name and keeps the site URL as it is', () => {
    expect(pageFileUrl('https://example.org/r/themes/kv-cache')).toBe('https://example.org/r/themes/kv-cache.html');
    expect(pageFileUrl('https://example.org/r/')).toBe('https://example.org/r/');
    expect(pageFileUrl('https://example.org/r/papers/a.b.html')).toBe('https://example.org/r/papers/a.b.html');
    expect(sitemapBase('https://example.org/reading-list')).toBe('/reading-list/');
    expect(sitemapBase('https://example.org')).toBe('/');
  });

  /** Runs the integration's hooks as `astro build` does, on a list of built pages; returns the files it wrote. */
  async function writeSitemap(site: string, pages: string[]): Promise<Record<string, string>> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reading-list-sitemap-'));
    temps.push(dir);
    const hooks = siteMap().hooks as Record<string, (options: unknown) => Promise<void> | void>;
    const messages: string[] = [];
    const logger = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(m) };
    const error = (m: string) => {
      throw new Error(m);
    };
    await hooks['astro:routes:resolved']!({ routes: [] });
    await hooks['astro:config:done']!({
      config: { site, base: '/', trailingSlash: 'ignore', build: { format: 'file' } },
    });
    await hooks['astro:build:done']!({
      dir: pathToFileURL(`${dir}/`),
      pages: pages.map((pathname) => ({ pathname })),
      logger: { ...logger, error } as unknown as AstroIntegrationLogger,
    });
    const files = await fs.readdir(dir);
    return Object.fromEntries(
      await Promise.all(files.map(async (file) => [file, await fs.readFile(path.join(dir, file), 'utf8')])),
    );
  }

  it('lists each page once as an absolute URL of its file, under the sub-path, and the index points there', async () => {
    const files = await writeSitemap('https://example.org/reading-list/', [
      '',
      'papers/a&b',
      'themes/kv-cache',
      '404',
      'papers/a&b',
    ]);
    expect(Object.keys(files).sort()).toEqual(['sitemap-0.xml', 'sitemap-index.xml']);
    for (const text of Object.values(files)) expect(XMLValidator.validate(text)).toBe(true);
    const index = parser.parse(files['sitemap-index.xml']!);
    expect(index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      'https://example.org/reading-list/sitemap-0.xml',
    ]);
    const sitemap = parser.parse(files['sitemap-0.xml']!);
    expect(sitemap.urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(sitemap.urlset.url.map((u: { loc: string }) => u.loc)).toEqual([
      'https://example.org/reading-list/',
      'https://example.org/reading-list/papers/a&b.html',
      'https://example.org/reading-list/themes/kv-cache.html',
    ]);
    expect(files['sitemap-0.xml']).toContain('<loc>https://example.org/reading-list/papers/a&amp;b.html</loc>');
  });

  it('writes URLs at the domain root when the site URL has no sub-path', async () => {
    const files = await writeSitemap('https://example.org', ['', 'all']);
    const sitemap = parser.parse(files['sitemap-0.xml']!);
    expect(sitemap.urlset.url.map((u: { loc: string }) => u.loc)).toEqual([
      'https://example.org/',
      'https://example.org/all.html',
    ]);
    expect(parser.parse(files['sitemap-index.xml']!).sitemapindex.sitemap[0].loc).toBe(
      'https://example.org/sitemap-0.xml',
    );
  });
});
