/**
 * What the site says about itself. The list's identity (title, description,
 * site URL) is the reader's: it comes from <content root>/site.yaml (see
 * src/lib/site/site-file.ts), with a neutral default; only presentation settings
 * live here.
 */
import { resolveContentRoot } from '../project/content-root.ts';
import { loadSiteIdentity } from './site-file.ts';

const { identity } = loadSiteIdentity(resolveContentRoot());

export const SITE = {
  /** Shown in the header, the <title> of every page and the feeds. */
  title: identity.title,
  /** The home page's opening line: what the list is. */
  description: identity.description,
  /** The public URL from site.yaml, if any (READING_LIST_SITE wins over it). */
  url: identity.url,
  /** Language of the pages. */
  lang: 'en',
  /** How many papers the home page shows in "most upvoted". */
  homeListLength: 8,
  /** How many papers in progress the home page's first screen shows (a link leads to the rest). */
  homeReadingLength: 3,
  /** How many papers the home page's first screen shows in "recently added". */
  homeRecentLength: 5,
} as const;
