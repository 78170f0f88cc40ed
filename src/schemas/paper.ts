/**
 * The one schema of a paper's frontmatter, shared by ingest (scripts/) and the
 * site (src/content.config.ts). Types are derived from it; there is no parallel
 * interface.
 *
 * Keys are split by owner:
 * - ingest owns INGEST_KEYS and rewrites them on every import;
 * - the reader owns everything else (status, tags, rating, pin, any key of
 *   their own) and the whole MDX body; ingest never touches those.
 */
import { z } from 'astro/zod';

/** Keys written by ingest, in the order they are written for a new file. */
export const INGEST_KEYS = [
  'id',
  'title',
  'abstract',
  'date',
  'authors',
  'organization',
  'upvotes',
  'sources',
  'themes',
] as const;
export type IngestKey = (typeof INGEST_KEYS)[number];

export const STATUSES = ['to-read', 'reading', 'read'] as const;
export type Status = (typeof STATUSES)[number];

/** A calendar date written as YYYY-MM-DD (YAML may hand us a Date; we keep the day). */
export const IsoDateSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written as YYYY-MM-DD, e.g. 2025-04-11'),
);

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
    /** Number of authors; absent when the byline is an organization. */
    authors: z.number().int().nonnegative().optional(),
    /** Display name of the organization in the byline; absent otherwise. */
    organization: z.string().optional(),
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
    /** When the reader added the paper by hand (YYYY-MM-DD). Optional. */
    added: IsoDateSchema.optional(),
  })
  // Reader keys of their own are allowed and kept.
  .passthrough();

export type PaperInput = z.input<typeof PaperSchema>;
export type PaperData = z.output<typeof PaperSchema>;

/** The ingest-owned part of a paper, as ingest computes it (derived from the schema). */
export type IngestFields = Required<Pick<PaperData, 'title' | 'date' | 'upvotes' | 'sources' | 'themes'>> & {
  id: string;
  abstract: string;
} & Pick<PaperData, 'authors' | 'organization'>;
