/**
 * Schema of <content root>/site.yaml: what the site says about the list it
 * shows. The list is the reader's, so its name lives with the content, never
 * in the code.
 *
 * ```yaml
 * title: Reading list
 * description: >-
 *   Papers on … collected from Hugging Face Daily Papers, grouped by theme, with notes.
 * url: https://example.org/reading-list/
 * ```
 */
import { z } from 'astro/zod';

export const SiteIdentitySchema = z
  .object({
    /** Shown in the header, the home page, every page's <title>, the feeds and the exports. */
    title: z.string().trim().min(1, 'a title such as "Reading list"').max(120, 'at most 120 characters'),
    /**
     * One paragraph: the home page's opening line and the feeds' description. Default: "Papers
     * collected from Hugging Face Daily Papers, grouped by theme, with notes."
     */
    description: z
      .string()
      .trim()
      .max(1000, 'one paragraph (at most 1,000 characters)')
      .refine((text) => !/\n\s*\n/.test(text), 'one paragraph: no blank line inside')
      .default('Papers collected from Hugging Face Daily Papers, grouped by theme, with notes.'),
    /**
     * The public URL the site is served from, e.g. https://example.org/reading-list/. Feeds and the
     * sitemap need absolute URLs, so they are written only when it is set (READING_LIST_SITE wins
     * over it). Pages never use it: they stay relative. Default: none.
     */
    url: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://example.org/reading-list/' }).optional(),
  })
  .strict();

export type SiteIdentity = z.output<typeof SiteIdentitySchema>;
