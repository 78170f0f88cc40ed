/**
 * RSS 2.0 feeds of the reading list: a channel with title, link and
 * description, and one item per paper, newest first, with an absolute link,
 * a permalink guid, an RFC 822 pubDate and the abstract as description.
 * Pure: the caller gives the site URL (feeds are only written when one is
 * configured, since RSS readers need absolute URLs).
 */
import { absoluteUrl } from './links.ts';
import { el, toXml, type XmlElement } from './xml.ts';

export interface FeedPaper {
  id: string;
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  abstract?: string;
  /** Category labels: theme titles, then tags. */
  categories?: readonly string[];
}

export interface FeedOptions {
  /** Site URL, e.g. https://example.org/reading-list/. */
  site: string | URL;
  title: string;
  description: string;
  /** Site path of the HTML page the feed stands for, e.g. /index.html or /themes/kv-cache.html. */
  page: string;
  /** Site path of the feed itself, e.g. /feed.xml (for atom:link rel="self"). */
  self: string;
  /** Site path of a paper's page (urls.paper). */
  paperPath: (id: string) => string;
  /** Most items to include; default: all. */
  limit?: number;
}

/** A YYYY-MM-DD day as an RFC 822 date (midnight UTC), e.g. "Fri, 11 Apr 2025 00:00:00 GMT". */
export function rfc822(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) throw new Error(`feed: "${date}" is not a date written as YYYY-MM-DD`);
  return parsed.toUTCString();
}

/** Newest first; same day: by title, then id, so the order never depends on file order. */
export function newestFirst<T extends { id: string; title: string; date: string }>(papers: readonly T[]): T[] {
  return [...papers].sort(
    (a, b) =>
      (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) ||
      a.title.localeCompare(b.title, 'en') ||
      (a.id < b.id ? -1 : 1),
  );
}

export function toRss(papers: readonly FeedPaper[], options: FeedOptions): string {
  const sorted = newestFirst(papers).slice(0, options.limit ?? papers.length);
  const items: XmlElement[] = sorted.map((paper) => {
    const link = absoluteUrl(options.site, options.paperPath(paper.id));
    return el('item', {}, [
      el('title', {}, [paper.title]),
      el('link', {}, [link]),
      el('guid', { isPermaLink: 'true' }, [link]),
      el('pubDate', {}, [rfc822(paper.date)]),
      el('description', {}, [paper.abstract?.trim() || paper.title]),
      ...(paper.categories ?? []).map((category) => el('category', {}, [category])),
    ]);
  });
  const newest = sorted[0];
  return toXml(
    el('rss', { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' }, [
      el('channel', {}, [
        el('title', {}, [options.title]),
        el('link', {}, [absoluteUrl(options.site, options.page)]),
        el('description', {}, [options.description]),
        el('language', {}, ['en']),
        el('atom:link', { href: absoluteUrl(options.site, options.self), rel: 'self', type: 'application/rss+xml' }),
        // The newest paper's day rather than the build time: the same list gives the same file.
        ...(newest ? [el('lastBuildDate', {}, [rfc822(newest.date)])] : []),
        el('docs', {}, ['https://www.rssboard.org/rss-specification']),
        ...items,
      ]),
    ]),
  );
}
