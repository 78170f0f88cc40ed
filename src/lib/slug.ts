/**
 * The one slug function for every id and URL segment in the project.
 * "SeaView: Software Engineering Agent…" -> "seaview-software-engineering-agent…".
 */

/** Longest slug we produce; long enough to stay readable, short enough for any file system. */
export const MAX_SLUG_LENGTH = 80;

export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const slug = text
    // LaTeX command names are markup, not words: "$\texttt{EOS}$" slugs as "eos".
    .replace(/\\[a-zA-Z]+/g, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip accents after decomposition
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  // Cut at a word boundary when one is reasonably close.
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength * 0.6 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, '');
}
