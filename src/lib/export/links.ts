/**
 * Where to find a paper elsewhere, and absolute URLs for files that leave the
 * site (feeds, sitemap): they need the configured site URL, which may carry a
 * sub-path such as https://example.org/reading-list/.
 */

/** Hugging Face papers search for a title (the dumps come from there). */
export function huggingFaceSearchUrl(title: string): string {
  return `https://huggingface.co/papers?${new URLSearchParams({ q: title.trim() })}`;
}

/** arXiv search by title. */
export function arxivSearchUrl(title: string): string {
  return `https://arxiv.org/search/?${new URLSearchParams({ query: title.trim(), searchtype: 'title' })}`;
}

/** The arXiv abstract page of an id (2402.02750, 2402.02750v2, hep-th/9901001). */
export function arxivAbsUrl(arxiv: string): string {
  return `https://arxiv.org/abs/${arxiv}`;
}

/** The PDF of an arXiv id. */
export function arxivPdfUrl(arxiv: string): string {
  return `https://arxiv.org/pdf/${arxiv}`;
}

/** The paper's own page on Hugging Face (keyed by the arXiv id, without its version). */
export function huggingFacePaperUrl(arxiv: string): string {
  return `https://huggingface.co/papers/${arxiv.replace(/v\d+$/u, '')}`;
}

export type PaperLinkKind =
  | 'arxiv'
  | 'pdf'
  | 'hugging-face'
  | 'code'
  | 'project'
  | 'hugging-face-search'
  | 'arxiv-search';

export interface OutLink {
  kind: PaperLinkKind;
  label: string;
  url: string;
}

/**
 * Where a paper is found elsewhere, most useful first: with an arXiv id, its abstract, PDF and Hugging Face
 * page; the code and project pages when known; searches by title only when there is no id.
 * @param title the title as plain text
 */
export function paperLinks(paper: { title: string; arxiv?: string; code?: string; project?: string }): OutLink[] {
  const links: OutLink[] = [];
  if (paper.arxiv) {
    links.push(
      { kind: 'arxiv', label: `arXiv:${paper.arxiv}`, url: arxivAbsUrl(paper.arxiv) },
      { kind: 'pdf', label: 'PDF', url: arxivPdfUrl(paper.arxiv) },
      { kind: 'hugging-face', label: 'Hugging Face', url: huggingFacePaperUrl(paper.arxiv) },
    );
  }
  if (paper.code) links.push({ kind: 'code', label: 'Code', url: paper.code });
  if (paper.project) links.push({ kind: 'project', label: 'Project page', url: paper.project });
  if (!paper.arxiv) {
    links.push(
      { kind: 'hugging-face-search', label: 'Search Hugging Face papers', url: huggingFaceSearchUrl(paper.title) },
      { kind: 'arxiv-search', label: 'Search arXiv by title', url: arxivSearchUrl(paper.title) },
    );
  }
  return links;
}

/** The site URL as a base for `new URL(...)`: always ends with a slash, so a sub-path is kept. */
export function siteBase(site: string | URL): URL {
  const url = new URL(String(site));
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** 'papers/x.html' (a urls.ts site path) -> 'https://example.org/reading-list/papers/x.html'. */
export function absoluteUrl(site: string | URL, sitePath: string): string {
  return new URL(sitePath.replace(/^\/+/, ''), siteBase(site)).href;
}

/**
 * The build summary's line about feeds and the sitemap: which site URL they
 * use, or why they were not written and how to get them.
 */
export function feedsNotice(site: string | URL | undefined): string {
  if (site) return `RSS feeds and sitemap-index.xml use the site URL ${siteBase(site).href}`;
  return (
    'no site URL configured: RSS feeds and sitemap-index.xml were not written (they need absolute URLs); ' +
    'set `url: https://example.org/reading-list/` in site.yaml of the content root (or READING_LIST_SITE) to get them'
  );
}
