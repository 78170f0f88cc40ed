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
import { huggingFacePaperUrl, huggingFaceSearchUrl, paperLinks, type OutLink } from './links.ts';
import type { FeedPaper } from './rss.ts';

/** The paper's Hugging Face page when its arXiv id is known, else a search by the title as the site shows it. */
export function huggingFaceUrl(paper: SitePaper): string {
  return paper.arxiv ? huggingFacePaperUrl(paper.arxiv) : huggingFaceSearchUrl(plainText(paper.title));
}

/** Links out of the site (arXiv, PDF, Hugging Face, code, project; searches without an id). */
export function outLinks(paper: SitePaper): OutLink[] {
  return paperLinks({
    title: plainText(paper.title),
    ...(paper.arxiv ? { arxiv: paper.arxiv } : {}),
    ...(paper.data.code ? { code: paper.data.code } : {}),
    ...(paper.data.project ? { project: paper.data.project } : {}),
  });
}

export function toBibtexPaper(paper: SitePaper): BibtexPaper {
  return {
    id: paper.id,
    title: plainText(paper.title),
    date: paper.date,
    ...(paper.authorNames ? { authors: paper.authorNames } : {}),
    ...(paper.arxiv ? { arxiv: paper.arxiv } : {}),
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
/**
 * Each paper's BibTeX fields, by paper object: under `astro dev` a save makes a new list of mostly the same paper
 * objects (src/content.ts keeps the unchanged ones), so only the saved paper's fields are made again.
 */
const bibtexPapers = new WeakMap<SitePaper, BibtexPaper>();

function bibtexPaperOf(paper: SitePaper): BibtexPaper {
  let fields = bibtexPapers.get(paper);
  if (!fields) bibtexPapers.set(paper, (fields = toBibtexPaper(paper)));
  return fields;
}

/** Citation keys of the whole list (pass the full list, e.g. getPapers()). */
export function citationKeys(allPapers: readonly SitePaper[]): Map<string, string> {
  let keys = keyCache.get(allPapers);
  if (!keys) {
    keys = bibtexKeys(allPapers.map(bibtexPaperOf));
    keyCache.set(allPapers, keys);
  }
  return keys;
}
