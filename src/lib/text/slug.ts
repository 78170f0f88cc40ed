/**
 * The one slug function for every id and URL segment in the project.
 * "SeaView: Software Engineering Agent…" -> "seaview-software-engineering-agent…".
 * Letters of other scripts are kept, spelled in Latin: a lone Greek letter (a symbol, as in "ρ-EOS") by its name
 * (`rho-eos`), any other text by any-ascii's transliteration ("Мир" -> `mir`, "注意力" -> `zhuyili`). Accented
 * Latin letters lose their accents as before, so no slug of a Latin title changed when transliteration came in.
 */
import anyAscii from 'any-ascii';
import { GREEK } from '../render/latex-symbols.ts';

/** Longest slug we produce; long enough to stay readable, short enough for any file system. */
export const MAX_SLUG_LENGTH = 80;

/** Greek letter -> its name (ε -> epsilon: a `var` form is the same letter to a reader). */
const GREEK_NAMES = new Map<string, string>();
for (const [name, letter] of Object.entries(GREEK))
  if (!GREEK_NAMES.has(letter) || !name.startsWith('var')) GREEK_NAMES.set(letter, name.replace(/^var/, ''));

/** A run of Greek letters (with its tonos and other marks already taken off). */
const GREEK_RUN = /[\u0370-\u03ff\u1f00-\u1fff]+/g;

/** Title -> ASCII words; `transliterate: false` gives the slugs made before other scripts were kept. */
function toAscii(text: string, transliterate: boolean): string {
  const latin = text
    // LaTeX command names are markup, not words: "$\texttt{EOS}$" slugs as "eos"; a Greek letter's is its name.
    .replace(/\\([a-zA-Z]+)/g, (_, name: string) =>
      transliterate && name in GREEK ? (GREEK_NAMES.get(GREEK[name]!) ?? name) : ' ',
    )
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, ''); // strip accents after decomposition
  if (!transliterate || /^[\x00-\x7f]*$/.test(latin)) return latin;
  return anyAscii(latin.replace(GREEK_RUN, (run) => (run.length === 1 ? (GREEK_NAMES.get(run) ?? run) : run)));
}

function slugOf(text: string, maxLength: number, transliterate: boolean): string {
  const slug = toAscii(text, transliterate)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  // Cut at a word boundary when one is reasonably close.
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength * 0.6 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, '');
}

export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  return slugOf(text, maxLength, true);
}

/**
 * The slug as it was made before letters of other scripts were kept ("ρ-EOS" -> `eos`): ingest still knows a
 * paper's file by it, so no existing file is ever renamed, and BibTeX keys, once cited, never change.
 */
export function legacySlugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  return slugOf(text, maxLength, false);
}
