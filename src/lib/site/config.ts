/**
 * What the site says about itself. A new reading list changes these lines;
 * everything else comes from content/.
 */
export const SITE = {
  /** Shown in the header, the <title> of every page and the feeds. */
  title: 'Reading list',
  /** The home page's opening line: what the list is. */
  description:
    'Papers on efficient and long-context language models, collected from Hugging Face Daily Papers, grouped by theme, with notes.',
  /** Language of the pages. */
  lang: 'en',
  /** How many papers the home page shows in "recently added" and "most upvoted". */
  homeListLength: 8,
} as const;
