/**
 * Schema of content/themes.yaml: the taxonomy is data, validated here, and
 * used by ingest (to assign themes) and by the site (titles, descriptions, why).
 */
import { z } from 'astro/zod';
import { SlugSchema } from './paper.ts';

/**
 * One term or phrase. It needs a letter or a digit: `*`, `" "` or `-` would match every paper (a wildcard of
 * nothing, or nothing at all between word boundaries), so they are refused.
 */
export const TermSchema = z
  .string()
  .min(1)
  .refine((term) => /[\p{L}\p{N}]/u.test(term), {
    message: 'a term needs at least one letter or digit (a term such as "*" or " " would match every paper)',
  });

export const ThemeRuleSchema = z
  .object({
    /**
     * Terms or phrases, matched case-insensitively on word boundaries; hyphens,
     * slashes and spaces are interchangeable ("kv cache" matches "KV-cache").
     * A trailing `*` matches any word ending ("quantiz*" matches "quantization").
     */
    terms: z.array(TermSchema).min(1, 'a rule needs at least one term'),
    /** Points each matched term adds. Default: 1. Negative weights push papers away. */
    weight: z.number().default(1),
    /** Where to look: title, abstract or both. Default: both. */
    in: z.enum(['title', 'abstract', 'both']).default('both'),
    /**
     * The rule counts only when at least one of these terms also occurs in the
     * title or abstract (same matching as `terms`), e.g. "benchmark" counts for
     * long-context evaluation only next to "long context". Default: none (always counts).
     */
    requires: z.array(TermSchema).optional(),
  })
  .strict();

export const ThemeSchema = z
  .object({
    /** Folder name and URL segment, e.g. kv-cache. */
    id: SlugSchema,
    /** Human title shown on the site. */
    title: z.string().min(1),
    /** One paragraph shown on the theme page and the home page. */
    description: z.string().default(''),
    /** Matching rules over title and abstract. A catch-all theme has none. */
    rules: z.array(ThemeRuleSchema).default([]),
    /**
     * False for a finer distinction inside a broader theme (state-space models inside efficient
     * attention): it is shown as a secondary theme of the papers it matches, never as their primary
     * theme, so it has no folder under papers/. Default: true.
     */
    primary: z.boolean().default(true),
  })
  .strict();

export const ThemeSettingsSchema = z
  .object({
    /** A term found in the title counts this many times its weight. Default: 2. */
    titleWeight: z.number().positive().default(2),
    /** Least score for a theme to be assigned at all. Default: 2. */
    minScore: z.number().nonnegative().default(2),
    /** A secondary theme needs at least this fraction of the primary's score. Default: 0.5. */
    secondaryRatio: z.number().min(0).max(1).default(0.5),
    /** Most themes a paper gets, primary included. Default: 3. */
    maxThemes: z.number().int().min(1).default(3),
    /**
     * Each further occurrence of a term in the abstract adds this fraction of
     * its weight, so the topic an abstract keeps returning to outweighs one it
     * mentions in passing. Default: 0 (a term counts once).
     */
    repeatWeight: z.number().min(0).default(0),
    /** Most further occurrences counted per term when `repeatWeight` is set. Default: 3. */
    maxRepeats: z.number().int().min(0).default(3),
    /**
     * Two themes whose scores differ by at most this much are a near-tie: the
     * primary is then the one listed first in themes.yaml, so ties are decided
     * by the taxonomy's order, never by chance. Default: 0 (exact ties only).
     */
    tieMargin: z.number().min(0).default(0),
  })
  .strict();

export const TaxonomySchema = z
  .object({
    /** Theme that takes papers no rule matches; must be one of `themes`. */
    fallback: SlugSchema,
    settings: ThemeSettingsSchema.default(() => ThemeSettingsSchema.parse({})),
    themes: z.array(ThemeSchema).min(1, 'a taxonomy needs at least one theme'),
  })
  .strict()
  .superRefine((taxonomy, ctx) => {
    const seen = new Set<string>();
    taxonomy.themes.forEach((theme, index) => {
      if (seen.has(theme.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['themes', index, 'id'],
          message: `duplicate theme id "${theme.id}": give each theme its own id`,
        });
      }
      seen.add(theme.id);
    });
    const fallback = taxonomy.themes.find((theme) => theme.id === taxonomy.fallback);
    if (fallback && !fallback.primary) {
      ctx.addIssue({
        code: 'custom',
        path: ['themes', taxonomy.themes.indexOf(fallback), 'primary'],
        message: `the fallback "${taxonomy.fallback}" takes papers as their primary theme: remove "primary: false"`,
      });
    }
    if (!seen.has(taxonomy.fallback)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fallback'],
        message: `fallback "${taxonomy.fallback}" is not a theme id: add a theme with that id or name an existing one`,
      });
    }
  });

export type ThemeRule = z.output<typeof ThemeRuleSchema>;
export type Theme = z.output<typeof ThemeSchema>;
export type Taxonomy = z.output<typeof TaxonomySchema>;
