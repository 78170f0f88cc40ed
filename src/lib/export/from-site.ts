/**
 * Adapters from the site's papers (src/lib/site/papers.ts SitePaper) to the
 * export formats, and the citation keys of the whole list (memoized per list,
 * so every .bib file and every paper page use the same key).
 * Titles and abstracts go out as plain text (95\% -> 95%, \textbf{x} -> x):
 * the formats escape them their own way.
 */
import type { SitePaper } from '../site/papers.ts';
import { plainText } from '../render/render-text.ts';
import { bibtexKeys, type BibtexPaper } from './bibtex.ts';
import { huggingFaceSearchUrl } from './links.ts';
import type { FeedPaper } from './rss.ts';

/** Hugging Face search by the title as the site shows it (LaTeX read as text), like the BibTeX url. */
export function searchUrl(paper: SitePaper): string {
  return huggingFaceSearchUrl(plainText(paper.title));
}

export function toBibtexPaper(paper: SitePaper): BibtexPaper {
  return {
    id: paper.id,
    title: plainText(paper.title),
    date: paper.date,
    upvotes: paper.upvotes,
    fromDumps: paper.data.sources.length > 0,
    tags: paper.tags,
  };
}

/** @param themeTitles theme id -> title, for the items' categories */
export function toFeedPaper(paper: SitePaper, themeTitles: ReadonlyMap<string, string>): FeedPaper {
  return {
    id: paper.id,
    title: plainText(paper.title),
    date: paper.date,
    abstract: paper.abstract ? plainText(paper.abstract) : undefined,
    categories: [...paper.themes.themes.map((id) => themeTitles.get(id) ?? id), ...paper.tags],
  };
}

const keyCache = new WeakMap<readonly SitePaper[], Map<string, string>>();

/** Citation keys of the whole list (pass the full list, e.g. getPapers()). */
export function citationKeys(allPapers: readonly SitePaper[]): Map<string, string> {
  let keys = keyCache.get(allPapers);
  if (!keys) {
    keys = bibtexKeys(allPapers.map(toBibtexPaper));
    keyCache.set(allPapers, keys);
  }
  return keys;
}
