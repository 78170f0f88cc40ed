/**
 * The one module of ready-made queries over the reading list. Pages ask here
 * (papers sorted, by theme, by month, neighbours, progress…) and never call
 * getCollection themselves; the shaping is in src/lib/site/, the loading and
 * memoizing here. Loaded once per build.
 *
 * Under `astro dev` this module is evaluated again after every save of a paper
 * file, so what is computed per paper (its site data, its notes' place in the
 * file, its part of the related-papers index) is kept in caches that outlive
 * it (src/lib/site/lasting-cache.ts), keyed by the entry's digest (a hash of
 * the file's bytes): a save recomputes the saved paper's part, and the lists
 * over all papers are put together again from the kept parts. Related papers
 * are computed for the page being rendered (src/lib/site/related-index.ts),
 * not for every paper up front.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getCollection, render, type CollectionEntry } from 'astro:content';
import { asBuildError } from './lib/site/build-error.ts';
import {
  contentPaths,
  defaultTaxonomyPath,
  displayPath,
  projectPath,
  resolveContentRoot,
} from './lib/project/content-root.ts';
import { plainText, renderTitle } from './lib/render/render-text.ts';
import { searchRecord, type SearchRecord } from './lib/search/fields.ts';
import { byline } from './lib/site/format.ts';
import { urls } from './lib/urls.ts';
import { SITE } from './lib/site/config.ts';
import {
  byDate,
  groupByMonth,
  mostUpvoted as mostUpvotedOf,
  neighbours as neighboursIn,
  readingProgress as progressOf,
  recentlyAdded as recentlyAddedOf,
  summarizeThemes,
  toSitePaper,
  type MonthGroup,
  type Neighbours,
  type ReadingProgress,
  type SitePaper,
  type ThemeSummary,
} from './lib/site/papers.ts';
import { loadTaxonomy } from './lib/themes/themes-file.ts';
import type { Taxonomy } from './schemas/themes.ts';
import { bodyLineOffset, buildLinkGraph, noteText, type LinkGraph, type NoteSource } from './lib/site/backlinks.ts';
import { groupByStatus, groupByTag, type StatusGroup, type TagGroup } from './lib/site/workflow.ts';
import { relatedPapers, type RelatedInput, type RelatedPaper } from './lib/site/related.ts';
import { RelatedIndex } from './lib/site/related-index.ts';
import { keepOnly, keyedValue, lastingMap } from './lib/site/lasting-cache.ts';

/** The dev server's related-papers index, kept across evaluations of this module. */
function lastingRelatedIndex(): RelatedIndex {
  const holder = lastingMap<'index', RelatedIndex>('related-index');
  let index = holder.get('index');
  if (!index) holder.set('index', (index = new RelatedIndex()));
  return index;
}
import { isDevServer } from './lib/dev/mode.ts';
import { savedNotes, savedNotesVersion } from './lib/dev/saved-notes.ts';

export type { MonthGroup, Neighbours, ReadingProgress, SitePaper, ThemeSummary };

/** A paper's notes: the rendered MDX body when it has any. */
export type Notes = { hasNotes: true; Content: Awaited<ReturnType<typeof render>>['Content'] } | { hasNotes: false };

interface Site {
  taxonomy: Taxonomy;
  /** Newest first. */
  papers: SitePaper[];
  byId: Map<string, SitePaper>;
  entries: Map<string, CollectionEntry<'papers'>>;
  themes: ThemeSummary[];
  themeById: Map<string, ThemeSummary>;
}

/** The content root's themes.yaml, else the project's default taxonomy. */
function taxonomyFile(root: string): string {
  const own = contentPaths(root).themes;
  return fs.existsSync(own) ? own : defaultTaxonomyPath();
}

/** The taxonomy last read, keyed by the file and text it was read from, with a number that changes with it. */
const taxonomies = lastingMap<string, { key: string; value: { taxonomy: Taxonomy; version: number } }>('taxonomy');
/** Each paper's site data, keyed by its entry's digest, its path and the taxonomy it was filed by. */
const sitePapers = lastingMap<string, { key: string; value: SitePaper }>('site-papers');

/** The taxonomy from its file, read again only when the file's text changed, and its version. */
function currentTaxonomy(root: string): { taxonomy: Taxonomy; version: number } {
  const file = taxonomyFile(root);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // loadTaxonomy says what is wrong with the file
  }
  const version = (taxonomies.get('taxonomy')?.value.version ?? 0) + 1;
  const read = () => ({ taxonomy: asBuildError(() => loadTaxonomy(file)), version });
  if (text === undefined) return read();
  return keyedValue(taxonomies, 'taxonomy', `${file}\0${text}`, read);
}

let site: Promise<Site> | undefined;

/**
 * A paper's notes (the MDX body) and the digest of the file they were read with: under `astro dev`, the notes last
 * saved when only they changed since the data store took the paper (src/lib/dev/saved-notes.ts), else the store's.
 */
function notesOf(entry: CollectionEntry<'papers'>): { body: string; digest: string | undefined } {
  const saved = isDevServer() ? savedNotes(entry.id) : undefined;
  return saved ?? { body: entry.body ?? '', digest: entry.digest === undefined ? undefined : String(entry.digest) };
}

function notesBody(entry: CollectionEntry<'papers'> | undefined): string {
  return entry ? notesOf(entry).body : '';
}

/** The saved-notes version the memos below were computed at. */
let memoVersion = 0;

/**
 * Under `astro dev`, after a save that changed only notes: what is made from every paper's notes (links between
 * notes, related papers, search records) is made again. The site data is not: it is made from the frontmatter.
 */
function forgetStale(): void {
  if (!isDevServer() || savedNotesVersion() === memoVersion) return;
  memoVersion = savedNotesVersion();
  linkGraph = undefined;
  noteSources = undefined;
  related = undefined;
}

async function load(): Promise<Site> {
  const root = resolveContentRoot();
  const papersDir = contentPaths(root).papers;
  const { taxonomy, version } = currentTaxonomy(root);
  const entries = await getCollection('papers');
  keepOnly(sitePapers, new Set(entries.map((entry) => entry.id)));
  const papers = entries
    .map((entry) => {
      const pathInPapers = entry.filePath ? path.relative(papersDir, projectPath(entry.filePath)) : `${entry.id}.mdx`;
      const compute = () => toSitePaper(taxonomy, { id: entry.id, data: entry.data, pathInPapers });
      // What toSitePaper reads: the file's bytes (the digest), its place and the taxonomy.
      return entry.digest
        ? keyedValue(sitePapers, entry.id, `${entry.digest}\0${pathInPapers}\0${version}`, compute)
        : compute();
    })
    .sort(byDate);
  for (const warning of papers.flatMap((paper) => paper.themes.warnings)) console.warn(`[reading-list] ${warning}`);
  const themes = summarizeThemes(taxonomy, papers);
  return {
    taxonomy,
    papers,
    byId: new Map(papers.map((paper) => [paper.id, paper])),
    entries: new Map(entries.map((entry) => [entry.id, entry])),
    themes,
    themeById: new Map(themes.map((summary) => [summary.theme.id, summary])),
  };
}

function getSite(): Promise<Site> {
  site ??= load();
  return site;
}

/** Every paper, newest first. */
export async function getPapers(): Promise<SitePaper[]> {
  return (await getSite()).papers;
}

/** One paper by id, or undefined. */
export async function findPaper(id: string): Promise<SitePaper | undefined> {
  return (await getSite()).byId.get(id);
}

/**
 * The notes of a paper, ready to render, when there are any. A paper without
 * notes (most of a freshly ingested list) shows none, so its compiled MDX
 * module is never loaded.
 */
export async function renderNotes(id: string): Promise<Notes> {
  const entry = (await getSite()).entries.get(id);
  if (!entry) throw new Error(`no paper with id "${id}"`);
  if (notesOf(entry).body.trim().length === 0) return { hasNotes: false };
  if (isDevServer() && entry.filePath) {
    // Under `astro dev` no paper is listed for the content layer to compile (saved-notes.ts): the page imports
    // the file, which Vite compiles with the MDX integration and compiles again when it is saved.
    const module = (await import(/* @vite-ignore */ projectPath(entry.filePath))) as {
      Content: Extract<Notes, { hasNotes: true }>['Content'];
    };
    return { hasNotes: true, Content: module.Content };
  }
  const { Content } = await render(entry);
  return { hasNotes: true, Content };
}

export async function getTaxonomy(): Promise<Taxonomy> {
  return (await getSite()).taxonomy;
}

/** Every theme of themes.yaml with its papers, in the file's order. */
export async function getThemes(): Promise<ThemeSummary[]> {
  return (await getSite()).themes;
}

/** Previous and next paper in the paper's primary theme, newest first. */
export async function getNeighbours(paper: SitePaper): Promise<Neighbours> {
  const summary = (await getSite()).themeById.get(paper.themes.primary);
  return summary ? neighboursIn(summary.primaryPapers, paper.id) : {};
}

export async function getMonths(): Promise<MonthGroup[]> {
  return groupByMonth(await getPapers());
}

export async function getRecentlyAdded(count: number = SITE.homeRecentLength): Promise<SitePaper[]> {
  return recentlyAddedOf(await getPapers(), count);
}

export async function getMostUpvoted(count: number = SITE.homeListLength): Promise<SitePaper[]> {
  return mostUpvotedOf(await getPapers(), count);
}

export async function getReadingProgress(): Promise<ReadingProgress> {
  return progressOf(await getPapers());
}

/** True when one of these titles holds math, so the page must load the KaTeX stylesheet. */
export function titlesHaveMath(papers: Iterable<SitePaper | undefined>): boolean {
  for (const paper of papers) if (paper && renderTitle(paper.title).hasMath) return true;
  return false;
}

// ---- reading workflow: statuses, tags, links between notes ----------------

let linkGraph: Promise<LinkGraph> | undefined;

/**
 * Links between notes (<PaperLink id="..."> in the MDX bodies, found with the
 * MDX parser). Throws, naming each file, line and unknown id, when a link names
 * no paper: every page that shows notes or backlinks asks for it, so the build fails.
 */
export function getLinkGraph(): Promise<LinkGraph> {
  forgetStale();
  linkGraph ??= (async () => {
    const { byId } = await getSite();
    // Under `astro dev` a broken note (not valid MDX, or a link to no paper) is left out of the graph and shown
    // on its own page: every other page keeps working while the reader fixes it. A build stops at it.
    const graph = buildLinkGraph(await getNoteSources(), byId.keys(), { tolerate: isDevServer() });
    for (const messages of graph.problems.values())
      for (const message of messages) console.warn(`[reading-list] ${message} (left out of the links between notes)`);
    return graph;
  })();
  return linkGraph;
}

let noteSources: Promise<NoteSource[]> | undefined;
/** Each note's lines before its body (read from its file), keyed by the entry's digest and path. */
const lineOffsets = lastingMap<string, { key: string; value: number }>('note-line-offsets');

/** Every paper's notes as the MDX parser sees them (positions are file positions), in one place. */
function getNoteSources(): Promise<NoteSource[]> {
  forgetStale();
  noteSources ??= getSite().then(({ entries, byId }) => {
    keepOnly(lineOffsets, new Set(entries.keys()));
    return [...entries.values()].map((entry) => {
      const { body, digest } = notesOf(entry);
      const file = entry.filePath
        ? displayPath(projectPath(entry.filePath))
        : (byId.get(entry.id)?.file ?? `${entry.id}.mdx`);
      // A paper without notes has no lines to point at: its file is not read.
      const offset = () =>
        body.trim() === '' || !entry.filePath
          ? 0
          : bodyLineOffset(fs.readFileSync(projectPath(entry.filePath), 'utf8'), body);
      const lineOffset = digest
        ? keyedValue(lineOffsets, entry.id, `${digest}\0${entry.filePath ?? ''}`, offset)
        : offset();
      return { id: entry.id, file, body, lineOffset };
    });
  });
  return noteSources;
}

/**
 * One search record per paper (src/lib/search/fields.ts), from the data the
 * pages render and the notes' text from their syntax tree.
 */
export async function getSearchRecords(): Promise<SearchRecord[]> {
  const [{ papers, themeById }, notes] = await Promise.all([getSite(), getNoteSources()]);
  const notesById = new Map(notes.map((note) => [note.id, note]));
  return papers.map((paper) => {
    const note = notesById.get(paper.id);
    return searchRecord({
      url: urls.paper(paper.id).replace(/^\/+/, ''),
      title: plainText(paper.title),
      abstract: plainText(paper.abstract),
      notes: note ? noteText(note) : '',
      date: paper.date,
      upvotes: paper.upvotes,
      byline: byline(paper),
      authorNames: paper.authorNames ?? [],
      organization: paper.organization,
      arxiv: paper.arxiv,
      themes: paper.themes.themes.map((id) => themeById.get(id)?.theme.title ?? id),
      status: paper.status,
      tags: paper.tags,
    });
  });
}

/** Under `astro dev`: why a paper's notes, or some of their links, were left out of the link graph. */
export async function getNoteProblems(id: string): Promise<string[]> {
  return (await getLinkGraph()).problems.get(id) ?? [];
}

let related: Promise<(id: string) => RelatedPaper[]> | undefined;

/** What related papers are computed from: each paper's title, abstract and notes. */
function relatedInputs({ papers, entries }: Site): RelatedInput[] {
  return papers.map((paper) => ({
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    notes: notesBody(entries.get(paper.id)),
  }));
}

/**
 * The papers most similar to this one by content (title, abstract, notes),
 * best first, with their cosine score. A build computes them once for every
 * paper (src/lib/site/related.ts: sparse TF-IDF, no n x n matrix); `astro dev`
 * keeps an index updated paper by paper and scores only the page's own paper
 * against it (src/lib/site/related-index.ts: the same weights, exact cosine).
 */
export async function getRelated(id: string): Promise<Array<{ paper: SitePaper; score: number }>> {
  forgetStale();
  related ??= getSite().then((loaded) => {
    if (isDevServer()) {
      const index = lastingRelatedIndex();
      index.update(relatedInputs(loaded));
      return (paper: string) => index.related(paper);
    }
    const all = relatedPapers(relatedInputs(loaded));
    return (paper: string) => all.get(paper) ?? [];
  });
  const [relatedOf, { byId }] = await Promise.all([related, getSite()]);
  return relatedOf(id).flatMap(({ id: other, score }) => {
    const paper = byId.get(other);
    return paper ? [{ paper, score }] : [];
  });
}

/** Papers whose notes link to this one, newest first. */
export async function getBacklinks(id: string): Promise<SitePaper[]> {
  const [graph, { byId }] = await Promise.all([getLinkGraph(), getSite()]);
  return (graph.backlinks.get(id) ?? []).map((from) => byId.get(from)!).sort(byDate);
}

/** The reader's notes of a paper: the MDX body as written. */
export async function getNotesSource(id: string): Promise<string> {
  return notesBody((await getSite()).entries.get(id));
}

/** All three statuses, in workflow order, each with its papers newest first. */
export async function getStatusGroups(): Promise<StatusGroup<SitePaper>[]> {
  return groupByStatus(await getPapers());
}

/** Every tag (grouped by page slug), most used first, each with its papers newest first. */
export async function getTagGroups(): Promise<TagGroup<SitePaper>[]> {
  return groupByTag(await getPapers());
}
