/**
 * A paper's themes as the site shows them: the primary theme (the one whose
 * page and prev/next it belongs to) and the secondary ones, each with why.
 *
 * The themes are the ones ingest wrote into the frontmatter: the build never
 * assigns them again. The primary theme is, in order: the reader's `pin`, else
 * the folder the file sits in (moving a file re-files it), else the first of
 * `themes`, else the taxonomy's fallback (a file with no theme at all, with a
 * warning). Ids that are not themes of the taxonomy are skipped, with a warning
 * naming the file and the fix. Why each theme applies is src/lib/themes/why.ts's
 * explanation (matched terms, pinned, the fallback, by hand), computed here from
 * the title and abstract: ingest stores the themes, not their reasons.
 */
import type { PaperData } from '../../schemas/paper.ts';
import type { Taxonomy } from '../../schemas/themes.ts';
import { explainThemes, type ThemeExplanation } from '../themes/why.ts';

/** Where the primary theme came from. */
export type PrimarySource = 'pin' | 'folder' | 'frontmatter' | 'fallback';

export interface ThemeReason extends ThemeExplanation {
  /** Set when the theme is there for another reason than its rules (short for `kind` pinned / by-hand). */
  note?: 'pinned' | 'filed here';
}

export interface PaperThemes {
  primary: string;
  /** Theme ids, primary first, each once. */
  themes: string[];
  source: PrimarySource;
  /** Why each theme applies, by theme id. */
  why: Record<string, ThemeReason>;
  /** Messages about ids that are not themes; the paper still gets a theme. */
  warnings: string[];
}

/**
 * @param folder the theme folder the file sits in (papers/<folder>/<id>.mdx), if any
 * @param file the file, for warnings
 */
export function paperThemes(
  taxonomy: Taxonomy,
  data: Pick<PaperData, 'title' | 'abstract' | 'themes' | 'pin'>,
  folder: string | undefined,
  file: string,
): PaperThemes {
  const known = new Set(taxonomy.themes.map((theme) => theme.id));
  const warnings: string[] = [];
  const check = (id: string | undefined, what: string): string | undefined => {
    if (id === undefined) return undefined;
    if (known.has(id)) return id;
    warnings.push(
      `${file}: ${what} "${id}" is not a theme in themes.yaml; add it there, or run ingest again to re-file the paper (it is listed under another theme meanwhile)`,
    );
    return undefined;
  };

  const pin = check(data.pin, 'pin');
  const inFolder = pin ? undefined : check(folder, 'folder');
  const listed = data.themes.filter((id) => check(id, 'theme') !== undefined);

  let primary: string;
  let source: PrimarySource;
  if (pin) [primary, source] = [pin, 'pin'];
  else if (inFolder) [primary, source] = [inFolder, 'folder'];
  else if (listed[0]) [primary, source] = [listed[0], 'frontmatter'];
  else {
    [primary, source] = [taxonomy.fallback, 'fallback'];
    if (data.themes.length === 0)
      warnings.push(
        `${file}: no themes in the frontmatter; run ingest again, or add "themes: [<theme id>]" or move the file into a theme folder (it is listed under "${taxonomy.fallback}" meanwhile)`,
      );
  }

  const themes = [primary, ...listed.filter((id) => id !== primary)].slice(0, Math.max(1, taxonomy.settings.maxThemes));

  const explain = (): Record<string, ThemeReason> => {
    const explained = explainThemes(taxonomy, {
      title: data.title,
      abstract: data.abstract,
      themes,
      pin: source === 'pin' ? primary : undefined,
    });
    const why: Record<string, ThemeReason> = {};
    for (const explanation of explained) {
      const note = explanation.kind === 'pinned' ? 'pinned' : explanation.kind === 'by-hand' ? 'filed here' : undefined;
      why[explanation.id] = note ? { ...explanation, note } : explanation;
    }
    return why;
  };
  return withLazyWhy({ primary, themes, source, warnings }, explain);
}

/**
 * `why` is worked out when first read, then kept: scoring a paper against every theme's rules is the costly part,
 * and only the paper's own page shows it, so a page needs it for its own paper alone (the dev server's first page
 * does not score the whole list). Enumerable, so the object reads, spreads and serializes like a plain one.
 */
function withLazyWhy(themes: Omit<PaperThemes, 'why'>, explain: () => Record<string, ThemeReason>): PaperThemes {
  let why: Record<string, ThemeReason> | undefined;
  return Object.defineProperty(themes, 'why', {
    enumerable: true,
    get: () => (why ??= explain()),
  }) as PaperThemes;
}
