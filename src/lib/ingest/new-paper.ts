/**
 * Adding a paper by hand (`npm run new -- "Title"`, or an arXiv id or URL):
 * read the arXiv id out of what the reader pasted, choose the paper's id and
 * theme folder with the same rules engine as ingest, and render a valid MDX
 * file (frontmatter checked against the paper schema, a short body for notes).
 * Pure: the command (scripts/new-paper.ts) does the disk and network access.
 */
import { isWindowsReserved } from './paper-names.ts';
import path from 'node:path';
import { stringify } from 'yaml';
import { IsoDateSchema, PaperSchema, type PaperInput } from '../../schemas/paper.ts';
import type { Taxonomy } from '../../schemas/themes.ts';
import { assignThemes, scoreThemes } from '../themes/assign.ts';
import { slugify } from '../text/slug.ts';

export interface NewPaperInput {
  title: string;
  abstract?: string;
  /** YYYY-MM-DD; default: today. */
  date?: string;
  /** arXiv id, e.g. 2402.02750. */
  arxiv?: string;
  /** Author names, in byline order. */
  authorNames?: readonly string[];
  organization?: string;
  /** Code repository URL. */
  code?: string;
  /** Project page URL. */
  project?: string;
  /** Today, YYYY-MM-DD (passed in so the function stays pure). */
  today: string;
}

export interface NewPaper {
  id: string;
  theme: string;
  /** Terms that chose the theme (the "why"); empty when it fell back. */
  matched: string[];
  /** Path relative to the content root: papers/<theme>/<id>.mdx. */
  relativePath: string;
  source: string;
}

/** Today as YYYY-MM-DD in local time (the reader's day, not UTC's). */
export function localDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Checks a YYYY-MM-DD date is a real calendar day; throws with the fix otherwise. */
export function checkDay(value: string, option: string): string {
  const parsed = IsoDateSchema.safeParse(value);
  const day = new Date(`${value}T00:00:00Z`);
  if (!parsed.success || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new Error(`${option} "${value}" is not a day written as YYYY-MM-DD, e.g. ${option} 2025-04-11`);
  }
  return value;
}

/**
 * The arXiv id in what a reader pastes: `2402.02750`, `arXiv:2402.02750v2`, `https://arxiv.org/abs/2402.02750v2`,
 * `https://arxiv.org/pdf/2402.02750`, `https://huggingface.co/papers/2402.02750`. The version is dropped: the
 * id names the paper. Undefined when the text is not one of these (a title).
 */
export function parseArxivRef(text: string): string | undefined {
  const value = text.trim();
  const id = String.raw`(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?`;
  const patterns = [
    new RegExp(`^(?:arxiv:)?${id}$`, 'iu'),
    new RegExp(`^(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/${id}(?:\\.pdf)?/?(?:[?#].*)?$`, 'iu'),
    new RegExp(`^(?:https?://)?(?:www\\.)?huggingface\\.co/papers/${id}/?(?:[?#].*)?$`, 'iu'),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(value);
    if (match) return match[1];
  }
  return undefined;
}

/** The file for a new paper. Throws with a clear message on an empty title or a bad date. */
export function newPaper(taxonomy: Taxonomy, input: NewPaperInput): NewPaper {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new Error('a paper needs a title: npm run new -- "The Paper Title"');
  const slug = slugify(title);
  // Windows cannot hold a file named after a device (con, nul, aux, com1…), whatever its extension.
  const id = slug && isWindowsReserved(slug) ? `${slug}-paper` : slug;
  if (!id)
    throw new Error(
      `the title "${title}" gives an empty id (it has no letters or digits a file name can use); add a Latin letter or digit to the title`,
    );
  const date = checkDay(input.date ?? input.today, '--date');
  const abstract = input.abstract?.trim() || undefined;

  const assignment = assignThemes(taxonomy, { title, abstract });
  const theme = assignment.themes[0]!;
  const matched = scoreThemes(taxonomy, { title, abstract }).find((m) => m.id === theme)?.terms ?? [];

  const names = input.authorNames?.filter((name) => name.trim() !== '') ?? [];
  const frontmatter: PaperInput = {
    title,
    date,
    ...(abstract ? { abstract } : {}),
    ...(input.arxiv ? { arxiv: input.arxiv } : {}),
    ...(names.length > 0 ? { authors: names.length, authorNames: [...names] } : {}),
    ...(input.organization ? { organization: input.organization } : {}),
    ...(input.code ? { code: input.code } : {}),
    ...(input.project ? { project: input.project } : {}),
    status: 'to-read',
    added: input.today,
  };
  // The same schema the site builds with: the file is valid before it is written.
  PaperSchema.parse(frontmatter);
  const yaml = stringify(frontmatter, { lineWidth: 0 });
  const body =
    '\n## Notes\n\n' +
    '{/* Your notes: Markdown, math such as $x^2$, and components. Set status (to-read, reading, read)\n' +
    '    and tags in the frontmatter above; link another paper with the PaperLink component and its id. */}\n';
  return {
    id,
    theme,
    matched,
    relativePath: path.posix.join('papers', theme, `${id}.mdx`),
    source: `---\n${yaml}---\n${body}`,
  };
}
