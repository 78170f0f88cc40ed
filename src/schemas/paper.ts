/**
 * The one schema of a paper's frontmatter, shared by ingest (scripts/) and the
 * site (src/content.config.ts). Types are derived from it; there is no parallel
 * interface.
 *
 * Keys are split by owner:
 * - ingest owns INGEST_KEYS and rewrites them on every import, except the
 *   WRITTEN_ONCE keys (`added`): those it writes only into a file that lacks
 *   them, so once written they are the reader's;
 * - the reader owns everything else (status, tags, rating, pin, any key of
 *   their own) and the whole MDX body; ingest never touches those.
 */
import { z } from 'astro/zod';

/** An arXiv id, new style (2402.02750, 0704.0001) or old style (hep-th/9901001), with an optional version. */
export const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/** Keys written by ingest, in the order they are written for a new file. */
export const INGEST_KEYS = [
  'id',
  'title',
  'abstract',
  'date',
  'added',
  'arxiv',
  'authors',
  'authorNames',
  'organization',
  'code',
  'project',
  'upvotes',
  'sources',
  'themes',
] as const;

/** Ingest keys written once, where the file has none, and never rewritten: a value there stays as it is. */
export const WRITTEN_ONCE: ReadonlySet<string> = new Set<(typeof INGEST_KEYS)[number]>(['added']);

export const STATUSES = ['to-read', 'reading', 'read'] as const;
export type Status = (typeof STATUSES)[number];

/** A calendar date written as YYYY-MM-DD (YAML may hand us a Date; we keep the day). */
export const IsoDateSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written as YYYY-MM-DD, e.g. 2025-04-11'),
);

/**
 * An arXiv identifier: new style `2402.02750` (optionally with a version, `2402.02750v2`) or old style
 * `hep-th/9901001`. YAML reads an unquoted `2402.02750` as a number (and drops the trailing zero), so a
 * number gets a message asking for quotes.
 */
export const ArxivIdSchema = z.preprocess(
  (value) => (typeof value === 'number' ? { notQuoted: value } : value),
  z
    .string({
      error: (issue) =>
        typeof issue.input === 'object' && issue.input !== null && 'notQuoted' in issue.input
          ? `write the arXiv id in quotes, e.g. arxiv: "2402.02750"; unquoted, YAML reads it as the number ${(issue.input as { notQuoted: number }).notQuoted} (trailing zeros lost)`
          : 'expected an arXiv id in quotes, e.g. arxiv: "2402.02750"',
    })
    .regex(ARXIV_ID, 'expected an arXiv id such as "2402.02750" (or "2402.02750v2", or old style "hep-th/9901001")'),
);

/** A web address (http or https). */
export const WebUrlSchema = z.string().regex(/^https?:\/\/\S+$/, 'expected a web address starting with https://');

/** Lower-case, hyphenated identifier used in file names and URLs. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lower-case letters, digits and single hyphens, e.g. kv-cache');

export const PaperSchema = z
  .object({
    // ---- ingest-owned -------------------------------------------------------
    /** Stable id, the file name without `.mdx`. Defaults to the file name for hand-added papers. */
    id: SlugSchema.optional(),
    /** The paper's title, as text (never evaluated as MDX). Required. */
    title: z.string().min(1, 'a paper needs a title'),
    /** The abstract as plain text with LaTeX fragments; rendered at build time. Default: none. */
    abstract: z.string().optional(),
    /** Publication date on Hugging Face, YYYY-MM-DD. Required. */
    date: IsoDateSchema,
    /**
     * The day the paper arrived in the list, YYYY-MM-DD: "recently added" sorts by it. Ingest writes it once,
     * when it creates the file (the capture date of the earliest dump holding the paper, else today) or finds
     * the file without it, and never rewrites it; `npm run new` writes today. A value the reader writes is kept.
     * Default: none (the site then uses `date`).
     */
    added: IsoDateSchema.optional(),
    /**
     * The arXiv id, e.g. "2402.02750". Default: none (the paper is then found by title search).
     * Ingest and `npm run enrich` fill it when a source carries it and the file has none; they never
     * change it afterwards, so a reader may write or correct it by hand.
     */
    arxiv: ArxivIdSchema.optional(),
    /** Number of authors, when known (a text dump's "• 8 authors", or the length of `authorNames`). Default: none. */
    authors: z.number().int().nonnegative().optional(),
    /** The authors' names in byline order, when a source carries them (Hugging Face's JSON). Default: none. */
    authorNames: z.array(z.string().min(1)).optional(),
    /** Display name of the organization in the byline; absent otherwise. */
    organization: z.string().optional(),
    /** The code repository, e.g. https://github.com/owner/repo. Default: none. */
    code: WebUrlSchema.optional(),
    /** The project page. Default: none. */
    project: WebUrlSchema.optional(),
    /** Upvotes at the most recent capture; 0 when none were shown. */
    upvotes: z.number().int().nonnegative().default(0),
    /** File names of the dumps the paper was read from; empty for hand-added papers. */
    sources: z.array(z.string()).default([]),
    /** Theme ids, primary first. Default: assigned at build time from the rules (hand-added papers). */
    themes: z.array(SlugSchema).default([]),

    // ---- reader-owned -------------------------------------------------------
    /** Reading status. Default: to-read. */
    status: z.enum(STATUSES).default('to-read'),
    /** Free tags, e.g. [survey, must-cite]. Default: none. */
    tags: z.array(z.string().min(1)).default([]),
    /** A rating from 1 to 5. Default: none. */
    rating: z.number().int().min(1).max(5).optional(),
    /**
     * Pin the primary theme (a theme id): wins over the rules and survives every re-import; the file
     * goes to, and stays in, that theme's folder. Ingest sets it when the reader moves a file to
     * another theme's folder by hand.
     */
    pin: SlugSchema.optional(),
  })
  // Reader keys of their own are allowed and kept.
  .passthrough();

export type PaperInput = z.input<typeof PaperSchema>;
export type PaperData = z.output<typeof PaperSchema>;
