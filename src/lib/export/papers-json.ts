/**
 * papers.json: every piece of data about every paper, for scripts and other
 * tools. The zod schema below is the one definition of its shape; the JSON
 * Schema published in docs/papers-json.schema.json is generated from it
 * (`node scripts/papers-json-schema.ts`), and tests check the two agree.
 */
import { z } from 'astro/zod';
import { PaperSchema, STATUSES, type PaperData } from '../../schemas/paper.ts';
import type { OutLink } from './links.ts';

export const PAPERS_JSON_VERSION = 1;

const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ExportedPaperSchema = z
  .object({
    id: Slug.meta({ description: 'Stable id: the MDX file name without .mdx; also the page name.' }),
    title: z.string().min(1).meta({ description: 'Title, as plain text.' }),
    abstract: z
      .string()
      .nullable()
      .meta({ description: 'Abstract as plain text with its LaTeX fragments as written; null when none.' }),
    date: IsoDate.meta({ description: 'Publication date on Hugging Face Daily Papers, YYYY-MM-DD.' }),
    authors: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .meta({ description: 'Number of authors; null when unknown (a byline that shows an organization).' }),
    authorNames: z.array(z.string()).nullable().meta({
      description: 'Author names in byline order; null when only their number (or an organization) is known.',
    }),
    organization: z.string().nullable().meta({ description: 'Organization in the byline; null otherwise.' }),
    arxiv: z.string().nullable().meta({ description: 'arXiv id (e.g. 2402.02750); null when unknown.' }),
    code: z.string().nullable().meta({ description: 'Code repository URL; null when unknown.' }),
    project: z.string().nullable().meta({ description: 'Project page URL; null when unknown.' }),
    upvotes: z.number().int().nonnegative().meta({ description: 'Upvotes at the most recent capture.' }),
    sources: z
      .array(z.string())
      .meta({ description: 'Dump files the paper was read from; empty for papers added by hand.' }),
    themes: z.array(Slug).min(1).meta({ description: 'Theme ids, primary first.' }),
    primaryTheme: Slug.meta({ description: 'The primary theme id (the folder the MDX file sits in).' }),
    status: z.enum(STATUSES).meta({ description: 'Reading status.' }),
    tags: z.array(z.string()).meta({ description: "The reader's tags, as written." }),
    rating: z.number().int().min(1).max(5).nullable().meta({ description: 'Rating from 1 to 5; null when unrated.' }),
    pin: Slug.nullable().meta({ description: 'Pinned primary theme; null when not pinned.' }),
    added: IsoDate.nullable().meta({
      description:
        'Day the paper arrived in the list (written once by ingest, or by hand), YYYY-MM-DD; null when unknown.',
    }),
    url: z.string().meta({ description: "The paper's page, relative to papers.json (e.g. papers/<id>.html)." }),
    huggingFaceUrl: z
      .string()
      .regex(/^https:\/\//)
      .meta({ description: "The paper's Hugging Face page when its arXiv id is known, else a search for the title." }),
    outLinks: z
      .array(
        z
          .object({
            kind: z.enum(['arxiv', 'pdf', 'hugging-face', 'code', 'project', 'hugging-face-search', 'arxiv-search']),
            label: z.string(),
            url: z.string().regex(/^https?:\/\//),
          })
          .strict(),
      )
      .meta({
        description:
          'Links out, as on the paper page: arXiv abstract, PDF and Hugging Face page with an id, code and project when known; searches by title without an id.',
      }),
    bibtexKey: z.string().min(1).meta({ description: 'Citation key used in the BibTeX files.' }),
    file: z.string().meta({ description: 'The MDX file, relative to the content root (papers/<theme>/<id>.mdx).' }),
    notes: z.string().meta({ description: "The reader's notes: the MDX body, as written." }),
    links: z
      .array(Slug)
      .meta({ description: "Ids of the papers this paper's notes link to (<PaperLink id>), in order, each once." }),
    backlinks: z.array(Slug).meta({ description: 'Ids of the papers whose notes link to this paper, sorted.' }),
    extra: z.record(z.string(), z.unknown()).meta({ description: "The reader's own frontmatter keys, as written." }),
  })
  .strict()
  .meta({ title: 'Paper', description: 'One paper: the frontmatter (ingest and reader keys) plus derived data.' });

export const ExportedThemeSchema = z
  .object({
    id: Slug,
    title: z.string(),
    description: z.string(),
    count: z.number().int().nonnegative().meta({ description: 'Papers whose primary theme this is.' }),
  })
  .strict();

export const PapersJsonSchema = z
  .object({
    version: z
      .literal(PAPERS_JSON_VERSION)
      .meta({ description: 'Format version; changes only when a field changes meaning or goes away.' }),
    count: z.number().int().nonnegative().meta({ description: 'Number of papers.' }),
    themes: z.array(ExportedThemeSchema).meta({ description: 'The taxonomy, in its order.' }),
    papers: z.array(ExportedPaperSchema).meta({ description: 'Every paper, newest first (then by title).' }),
  })
  .strict()
  .meta({
    title: 'Reading list export (papers.json)',
    description: 'All data of all papers of the reading list, as built.',
  });

export type ExportedPaper = z.output<typeof ExportedPaperSchema>;
export type ExportedTheme = z.output<typeof ExportedThemeSchema>;
export type PapersJson = z.output<typeof PapersJsonSchema>;

/** The published JSON Schema (draft 2020-12) of papers.json. */
export function papersJsonSchema(): Record<string, unknown> {
  return {
    $id: 'papers-json.schema.json',
    ...z.toJSONSchema(PapersJsonSchema, { target: 'draft-2020-12' }),
  };
}

/** The document, as it is written (stable key order, two-space indent). */
export function toPapersJson(themes: readonly ExportedTheme[], papers: readonly ExportedPaper[]): string {
  const doc: PapersJson = {
    version: PAPERS_JSON_VERSION,
    count: papers.length,
    themes: [...themes],
    papers: [...papers],
  };
  return `${JSON.stringify(PapersJsonSchema.parse(doc), null, 2)}\n`;
}

/** A paper as the site knows it: frontmatter plus what the build resolved. */
export interface PaperForExport {
  id: string;
  data: PaperData;
  /** Resolved theme ids, primary first. */
  themes: readonly string[];
  /** The MDX body (the reader's notes). */
  body: string;
  /** The MDX file, relative to the content root. */
  file: string;
}

const KNOWN_KEYS = new Set(Object.keys(PaperSchema.shape));

/** Shapes one paper for papers.json; `url` is its page relative to papers.json. */
export function exportPaper(
  paper: PaperForExport,
  derived: {
    url: string;
    huggingFaceUrl: string;
    outLinks: readonly OutLink[];
    bibtexKey: string;
    links: readonly string[];
    backlinks: readonly string[];
  },
): ExportedPaper {
  const { data } = paper;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!KNOWN_KEYS.has(key)) extra[key] = value;
  return {
    id: paper.id,
    title: data.title,
    abstract: data.abstract ?? null,
    date: data.date,
    authors: data.authorNames?.length ?? data.authors ?? null,
    authorNames: data.authorNames ? [...data.authorNames] : null,
    organization: data.organization ?? null,
    arxiv: data.arxiv ?? null,
    code: data.code ?? null,
    project: data.project ?? null,
    upvotes: data.upvotes,
    sources: [...data.sources],
    themes: [...paper.themes],
    primaryTheme: paper.themes[0]!,
    status: data.status,
    tags: [...data.tags],
    rating: data.rating ?? null,
    pin: data.pin ?? null,
    added: data.added ?? null,
    url: derived.url,
    huggingFaceUrl: derived.huggingFaceUrl,
    outLinks: derived.outLinks.map((link) => ({ ...link })),
    bibtexKey: derived.bibtexKey,
    file: paper.file,
    notes: paper.body,
    links: [...derived.links],
    backlinks: [...derived.backlinks],
    extra,
  };
}
