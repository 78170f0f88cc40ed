/**
 * The documents theme tools work on: every distinct paper of a content root,
 * as { id, title, abstract, notes }. Papers come from the dumps in sources/,
 * read by ingest's own stages (read → decode → parse → date → merge, so JSON
 * answers and text dumps alike, one paper per normalized title), and from the
 * MDX files in papers/ (which add hand-added papers and the reader's notes),
 * read as ingest reads them and validated by the paper schema the site uses.
 * Read-only; bad files are skipped and reported, never fatal.
 */
import path from 'node:path';
import { PaperSchema } from '../../schemas/paper.ts';
import { contentPaths } from '../project/content-root.ts';
import type { Problem } from '../project/errors.ts';
import { splitFrontmatter } from '../ingest/frontmatter.ts';
import { captureOrder, mergeEntries, normalizeTitle } from '../ingest/merge.ts';
import { parseSources } from '../ingest/run.ts';
import { readPaperFiles, readSources } from '../ingest/store.ts';
import { dateEntries } from '../ingest/years.ts';
import { slugify } from '../text/slug.ts';
import { issuePath, lineOfPath, parseYamlWithLines, yamlData } from '../project/yaml-lines.ts';

export interface CorpusPaper {
  /** The paper's id: the MDX file name when there is one, else the slug of its title. */
  id: string;
  title: string;
  abstract: string;
  /** The MDX body (the reader's notes); empty for papers only seen in a dump. */
  notes: string;
  /** The reader's pinned theme, if any. */
  pin?: string;
}

export interface Corpus {
  papers: CorpusPaper[];
  problems: Problem[];
}

/** Distinct papers of the dumps in `sourcesDir`, merged as ingest merges them. */
export function readDumpPapers(sourcesDir: string): Corpus {
  const problems: Problem[] = [];
  const { dumps } = parseSources(readSources(sourcesDir, sourcesDir)?.sources ?? [], problems);
  // Dates do not matter here; merging needs them only to pick the latest of a paper's values.
  const dated = dateEntries(dumps, { today: new Date().toISOString().slice(0, 10) });
  const guessed = new Set(dated.inferences.filter((i) => i.guessed).map((i) => i.name));
  const merged = mergeEntries(dated.entries, captureOrder(dated.inferences), guessed);
  return {
    papers: merged.papers.map((paper) => ({
      id: slugify(paper.title),
      title: paper.title,
      abstract: paper.abstract ?? '',
      notes: '',
    })),
    problems,
  };
}

/** Papers of the MDX files under `papersDir` that the paper schema accepts, with their notes. */
export function readMdxPapers(papersDir: string): Corpus {
  const problems: Problem[] = [];
  const papers: CorpusPaper[] = [];
  const skip = (file: string, line: number, message: string) =>
    problems.push({ file, line, code: 'unreadable-paper', message, action: 'skipped by the theme tools' });
  for (const file of readPaperFiles(papersDir, papersDir).files) {
    const shown = path.join(papersDir, ...file.relPath.split('/'));
    const split = splitFrontmatter(file.bytes);
    if (!split.ok) {
      skip(shown, split.line, split.message);
      continue;
    }
    const parsed = parseYamlWithLines(split.split.frontmatter);
    const data = yamlData(parsed);
    if (!data.ok) {
      skip(shown, split.split.firstLine + data.line - 1, data.message);
      continue;
    }
    const checked = PaperSchema.safeParse(data.value);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const line = lineOfPath(parsed, issuePath(issue)) ?? 1;
      skip(shown, split.split.firstLine + line - 1, `${issuePath(issue).join('.') || 'frontmatter'}: ${issue.message}`);
      continue;
    }
    papers.push({
      id: path.basename(file.name, '.mdx'),
      title: checked.data.title,
      abstract: checked.data.abstract ?? '',
      notes: new TextDecoder().decode(split.split.body).trim(),
      ...(checked.data.pin ? { pin: checked.data.pin } : {}),
    });
  }
  return { papers, problems };
}

/**
 * Every distinct paper of a content root: MDX files first (they carry ids and
 * notes), then dump entries that have no MDX file yet. Sorted by id.
 */
export function readCorpus(root: string): Corpus {
  const paths = contentPaths(root);
  const mdx = readMdxPapers(paths.papers);
  const dumps = readDumpPapers(paths.sources);
  const seen = new Set(mdx.papers.map((p) => normalizeTitle(p.title)));
  const papers = [...mdx.papers, ...dumps.papers.filter((p) => !seen.has(normalizeTitle(p.title)))];
  const ids = new Set<string>();
  for (const paper of papers) {
    // Two different titles with one slug: keep both, apart.
    let id = paper.id;
    for (let n = 2; ids.has(id); n++) id = `${paper.id}-${n}`;
    ids.add(id);
    paper.id = id;
  }
  papers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { papers, problems: [...mdx.problems, ...dumps.problems] };
}
