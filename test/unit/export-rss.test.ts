// RSS 2.0 feeds and the sitemap: absolute URLs under the site URL, newest first, escaped text, valid XML.
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { newestFirst, rfc822, toRss, type FeedPaper } from '../../src/lib/export/rss.ts';
import { toSitemap } from '../../src/lib/export/sitemap.ts';
import { absoluteUrl, siteBase } from '../../src/lib/export/links.ts';
import { escapeXml } from '../../src/lib/export/xml.ts';
import { urls } from '../../src/lib/urls.ts';

const papers: FeedPaper[] = [
  { id: 'older', title: 'Older paper', date: '2023-06-24', abstract: 'Old.' },
  {
    id: 'newest',
    title: 'Newest <b>bold</b> & "quoted"',
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
  isArray: (name) => ['item', 'category', 'url'].includes(name),
});

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

  it('formats days as RFC 822 dates', () => {
    expect(rfc822('2025-04-11')).toBe('Fri, 11 Apr 2025 00:00:00 GMT');
    expect(() => rfc822('April 11')).toThrow(/YYYY-MM-DD/);
  });

  it('escapes XML and drops characters XML forbids', () => {
    expect(escapeXml('a & <b> "c" \'d\' \u0001e')).toBe('a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos; e');
  });

  it('orders newest first, then by title', () => {
    expect(newestFirst(papers).map((p) => p.id)).toEqual(['newest', 'middle-a', 'middle-b', 'older']);
  });
});

describe('toRss', () => {
  const xml = toRss(papers, {
    site: 'https://example.org/reading-list/',
    title: 'Reading list: KV cache & co',
    description: 'Papers <filed> here',
    page: urls.theme('kv-cache'),
    self: '/feeds/kv-cache.xml',
    paperPath: urls.paper,
  });

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('is an RSS 2.0 channel with title, link and description', () => {
    const doc = parser.parse(xml);
    expect(doc.rss['@version']).toBe('2.0');
    const channel = doc.rss.channel;
    expect(channel.title).toBe('Reading list: KV cache & co');
    expect(channel.link).toBe('https://example.org/reading-list/themes/kv-cache.html');
    expect(channel.description).toBe('Papers <filed> here');
    expect(channel['atom:link']['@href']).toBe('https://example.org/reading-list/feeds/kv-cache.xml');
    expect(channel['atom:link']['@rel']).toBe('self');
    expect(channel.lastBuildDate).toBe('Fri, 11 Apr 2025 00:00:00 GMT');
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

  it('is a valid empty channel when a theme has no papers', () => {
    const empty = toRss([], {
      site: 'https://example.org/',
      title: 'T',
      description: 'D',
      page: '/index.html',
      self: '/feed.xml',
      paperPath: urls.paper,
    });
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(parser.parse(empty).rss.channel.item).toBeUndefined();
  });
});

describe('toSitemap', () => {
  it('lists each page once as an absolute URL in the sitemaps namespace', () => {
    const xml = toSitemap('https://example.org/sub', ['/index.html', urls.paper('a&b'), '/index.html']);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(doc.urlset.url.map((u: { loc: string }) => u.loc)).toEqual([
      'https://example.org/sub/index.html',
      'https://example.org/sub/papers/a&b.html',
    ]);
    expect(xml).toContain('<loc>https://example.org/sub/papers/a&amp;b.html</loc>');
  });
});
