/**
 * BibTeX export: one @misc entry per paper (arXiv's own convention for a
 * preprint), with a stable citation key (first author's family name + year +
 * first significant title word, as in kim2024kivi; title word + year when the
 * names are unknown; a/b/c on collisions), authors joined with "and", a title
 * whose capitalised words are brace-protected against bibliography styles
 * that lower-case titles, and every LaTeX-special character escaped. Pure.
 *
 * Example entry:
 *   @misc{liu2024kivi,
 *     author = {Zirui Liu and Jiayi Yuan and Hongye Jin},
 *     title = {{KIVI}: {A} {Tuning-Free} {Asymmetric} {2bit} {Quantization} for {KV} {Cache}},
 *     year = {2024},
 *     month = feb,
 *     eprint = {2402.02750},
 *     archivePrefix = {arXiv},
 *     url = {https://arxiv.org/abs/2402.02750},
 *   }
 * Without an arXiv id there is no eprint, and the url is a Hugging Face search by title.
 */
import { legacySlugify } from '../text/slug.ts';
import { arxivAbsUrl, huggingFaceSearchUrl } from './links.ts';

export interface BibtexPaper {
  id: string;
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Author names in byline order, when known. */
  authors?: readonly string[];
  /** arXiv id, when known. */
  arxiv?: string;
  tags?: readonly string[];
}

const MONTH_MACROS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Words skipped when choosing the key word: they say nothing about the paper. */
const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'on',
  'in',
  'for',
  'to',
  'and',
  'or',
  'with',
  'without',
  'by',
  'from',
  'at',
  'as',
  'is',
  'are',
  'be',
  'via',
  'into',
  'towards',
  'toward',
  'how',
  'why',
  'what',
  'when',
  'do',
  'does',
  'can',
  'not',
  'we',
  'your',
  'our',
  'its',
  'it',
  'all',
  'you',
  'need',
  'than',
  'more',
  'less',
  'beyond',
  'through',
]);

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In LaTeX's default (OT1) font encoding these print as ¡, ¿ and a dash: name them.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/** Escapes LaTeX's ten special characters, and < > | that print wrongly in text, so text reads as itself. */
export function escapeLatex(text: string): string {
  return text.replace(/[\\{}$%&#_~^<>|]/g, (char) => LATEX_SPECIALS[char]!);
}

/** Escaped title with every word that holds a capital letter in braces (kept as written by any style). */
export function bibtexTitle(title: string): string {
  return title
    .trim()
    .split(/\s+/)
    .map((word) => {
      const escaped = escapeLatex(word);
      if (!/\p{Lu}/u.test(word)) return escaped;
      // A group that opens with a backslash is a "special character" to BibTeX, whose letters styles
      // still re-case; an inner group keeps the whole word as written.
      return escaped.startsWith('\\') ? `{{${escaped}}}` : `{${escaped}}`;
    })
    .join(' ');
}

/** The family name of "First Middle Last" (the last word), in ASCII lower case; '' when it has no Latin letter. */
export function familyName(name: string): string {
  const words = name.trim().split(/\s+/u);
  // "Jr." and similar suffixes are not the family name.
  const last = words.length > 1 && /^(?:jr|sr|ii|iii|iv)\.?$/iu.test(words.at(-1)!) ? words.at(-2)! : words.at(-1)!;
  // Keys stay as they always were (a key already cited in a paper must not change), so no transliteration here.
  return legacySlugify(last ?? '', 1000).replace(/[^a-z]/gu, '');
}

/**
 * The key's stem: the first author's family name (when known) + year + the first significant word of the
 * title (ASCII, lower case): kim2024kivi; without names, word + year: kivi2024.
 */
export function keyStem(title: string, date: string, authors?: readonly string[]): string {
  const words = legacySlugify(title, 1000).split('-').filter(Boolean);
  const word = words.find((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w)) ?? words[0] ?? 'paper';
  const family = authors?.[0] ? familyName(authors[0]).slice(0, 30) : '';
  return family ? `${family}${date.slice(0, 4)}${word.slice(0, 30)}` : `${word.slice(0, 30)}${date.slice(0, 4)}`;
}

/**
 * One name for the author field: escaped, and kept whole in braces when BibTeX would split or reorder it
 * (a name holding the word "and", or a comma).
 */
export function bibtexName(name: string): string {
  const escaped = escapeLatex(name.trim().replace(/\s+/gu, ' '));
  return /(?:^|\s)and(?:\s|$)|,/iu.test(name) ? `{${escaped}}` : escaped;
}

/**
 * Citation keys for the whole list. Stems that collide get a, b, c... in the
 * order of paper ids, so keys depend only on the list, not on how it is read.
 * Per-theme files use the same map, so a key is the same in every file.
 */
export function bibtexKeys(papers: readonly BibtexPaper[]): Map<string, string> {
  const byStem = new Map<string, string[]>();
  for (const paper of [...papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const stem = keyStem(paper.title, paper.date, paper.authors);
    const ids = byStem.get(stem);
    if (ids) ids.push(paper.id);
    else byStem.set(stem, [paper.id]);
  }
  const keys = new Map<string, string>();
  const taken = new Set(byStem.keys());
  for (const [stem, ids] of byStem) {
    if (ids.length === 1) {
      keys.set(ids[0]!, stem);
      continue;
    }
    let n = 0;
    for (const id of ids) {
      let key: string;
      do key = `${stem}${suffix(n++)}`;
      while (taken.has(key));
      taken.add(key);
      keys.set(id, key);
    }
  }
  return keys;
}

/** a, b, ..., z, aa, ab, ... */
function suffix(n: number): string {
  let out = '';
  let i = n;
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return out;
}

/** One @misc entry. */
export function bibtexEntry(paper: BibtexPaper, key: string): string {
  const url = paper.arxiv ? arxivAbsUrl(paper.arxiv) : huggingFaceSearchUrl(paper.title);
  const month = MONTH_MACROS[Number(paper.date.slice(5, 7)) - 1];
  const fields: [string, string][] = [];
  const names = (paper.authors ?? []).filter((name) => name.trim() !== '');
  if (names.length > 0) fields.push(['author', `{${names.map(bibtexName).join(' and ')}}`]);
  fields.push(['title', `{${bibtexTitle(paper.title)}}`], ['year', `{${paper.date.slice(0, 4)}}`]);
  if (month) fields.push(['month', month]);
  if (paper.arxiv) fields.push(['eprint', `{${paper.arxiv}}`], ['archivePrefix', '{arXiv}']);
  // keywords is a verbatim, comma-separated field: tags go in as written, minus what would break it.
  const keywords = (paper.tags ?? []).map((tag) => tag.replace(/[{}]/g, '').replace(/,/g, ' ').trim()).filter(Boolean);
  if (keywords.length > 0) fields.push(['keywords', `{${keywords.join(', ')}}`]);
  // \url reads its argument verbatim except for % (a comment) and braces, hence the escapes.
  if (!paper.arxiv) fields.push(['howpublished', `{\\url{${url.replace(/[%#{}]/g, (c) => `\\${c}`)}}}`]);
  // The url field is verbatim in BibTeX and biblatex; only braces would break it, and encoded URLs hold none.
  fields.push(['url', `{${url}}`]);
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name} = ${value},`).join('\n')}\n}\n`;
}

/** A whole .bib file: entries in the order given, keys from `keys` (computed over the whole list). */
export function toBibtex(papers: readonly BibtexPaper[], keys: Map<string, string>, comment?: string): string {
  const head = comment ? `@comment{${escapeLatex(comment)}}\n\n` : '';
  return (
    head +
    papers
      .map((paper) => bibtexEntry(paper, keys.get(paper.id) ?? keyStem(paper.title, paper.date, paper.authors)))
      .join('\n')
  );
}
