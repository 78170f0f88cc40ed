/**
 * RSS 2.0 feeds of the reading list, written by @astrojs/rss: a channel with
 * title, link, description, language, the newest paper's day and an
 * atom:link to itself, and one item per paper, newest first, with an absolute
 * link (also the permalink guid), an RFC 822 pubDate, the abstract as
 * description and the themes and tags as categories. @astrojs/rss escapes the
 * text; this module orders the papers, makes every URL absolute under the
 * site's sub-path and drops the control characters XML 1.0 cannot carry.
 * Feeds are written only when a site URL is configured: readers need absolute URLs.
 */
import { getRssString, type RSSFeedItem } from '@astrojs/rss';
import { absoluteUrl } from './links.ts';

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
  /** Language of the items, e.g. en. */
  language: string;
  /** Site path of the HTML page the feed stands for, e.g. index.html or themes/kv-cache.html. */
  page: string;
  /** Site path of the feed itself, e.g. feed.xml (for atom:link rel="self"). */
  self: string;
  /** Site path of a paper's page (urls.paper). */
  paperPath: (id: string) => string;
}

// Exactly the characters XML 1.0 forbids.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text XML 1.0 can carry: dump text may hold control characters, which no XML parser accepts. */
function xmlText(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** A YYYY-MM-DD day at midnight UTC (RSS writes it as "Fri, 11 Apr 2025 00:00:00 GMT"). */
function day(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) throw new Error(`feed: "${date}" is not a date written as YYYY-MM-DD`);
  return parsed;
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

export async function toRss(papers: readonly FeedPaper[], options: FeedOptions): Promise<string> {
  const sorted = newestFirst(papers);
  const items: RSSFeedItem[] = sorted.map((paper) => ({
    title: xmlText(paper.title),
    link: absoluteUrl(options.site, options.paperPath(paper.id)),
    pubDate: day(paper.date),
    // No abstract: the title stands in, so every item has a description.
    description: xmlText(paper.abstract?.trim() || paper.title),
    categories: (paper.categories ?? []).map(xmlText),
  }));
  // customData is raw XML: a URL's href percent-encodes < > " but keeps &, which XML must escape.
  const self = absoluteUrl(options.site, options.self).replaceAll('&', '&amp;');
  const newest = sorted[0];
  return getRssString({
    title: xmlText(options.title),
    description: xmlText(options.description),
    // The channel's link: the page the feed stands for; the home page's is the site URL itself, as in the sitemap.
    site: absoluteUrl(options.site, options.page).replace(/\/index\.html$/, '/'),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      `<language>${options.language}</language>`,
      `<atom:link href="${self}" rel="self" type="application/rss+xml"/>`,
      // The newest paper's day rather than the build time: the same list gives the same file.
      newest ? `<lastBuildDate>${day(newest.date).toUTCString()}</lastBuildDate>` : '',
    ].join(''),
    items,
  });
}
