/**
 * The documents theme tools work on: every distinct paper of a content root,
 * as { id, title, abstract, notes }. Papers come from the dumps in sources/
 * (through the ingest parser, deduplicated by normalized title) and from the
 * MDX files in papers/ (which add hand-added papers and the reader's notes).
 * Read-only; bad files are skipped and reported, never fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../errors.ts';
import { decodeSource } from '../ingest/decode.ts';
import { normalizeTitle } from '../ingest/merge.ts';
import { parseDump } from '../ingest/parse.ts';
import { slugify } from '../slug.ts';
import { contentPaths } from '../content-root.ts';

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

/** Splits an MDX file into its YAML frontmatter and body; undefined when there is no frontmatter. */
export function splitFrontmatter(text: string): { frontmatter: string; body: string } | undefined {
  const lines = text.split(/\r\n|\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) return undefined;
  return { frontmatter: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n') };
}

function listFiles(dir: string, extension: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full, extension));
    else if (entry.name.endsWith(extension)) found.push(full);
  }
  return found.sort();
}

/** Distinct papers of the dumps in `sourcesDir` (first occurrence wins; duplicates have the same fields). */
export function readDumpPapers(sourcesDir: string): Corpus {
  const problems: Problem[] = [];
  const byKey = new Map<string, CorpusPaper>();
  for (const full of listFiles(sourcesDir, '.txt')) {
    const name = path.basename(full);
    const decoded = decodeSource({ name, file: full, bytes: fs.readFileSync(full) });
    if (!decoded.ok) {
      problems.push(decoded.problem);
      continue;
    }
    const parsed = parseDump(decoded.text, { name, file: full });
    problems.push(...parsed.problems);
    for (const entry of parsed.dump.entries) {
      const key = normalizeTitle(entry.title);
      if (!byKey.has(key))
        byKey.set(key, { id: slugify(entry.title), title: entry.title, abstract: entry.abstract ?? '', notes: '' });
    }
  }
  return { papers: [...byKey.values()], problems };
}

/** Papers of the MDX files under `papersDir`, with their notes. */
export function readMdxPapers(papersDir: string): Corpus {
  const problems: Problem[] = [];
  const papers: CorpusPaper[] = [];
  for (const full of listFiles(papersDir, '.mdx')) {
    const split = splitFrontmatter(fs.readFileSync(full, 'utf8'));
    let data: unknown;
    try {
      data = split ? parseYaml(split.frontmatter) : undefined;
    } catch {
      data = undefined;
    }
    const record = data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
    if (!split || !record || typeof record.title !== 'string') {
      problems.push({
        file: full,
        line: 1,
        code: 'unreadable-paper',
        message: 'no YAML frontmatter with a title',
        action: 'skipped by the theme tools',
      });
      continue;
    }
    papers.push({
      id: path.basename(full, '.mdx'),
      title: record.title,
      abstract: typeof record.abstract === 'string' ? record.abstract : '',
      notes: split.body.trim(),
      ...(typeof record.pin === 'string' ? { pin: record.pin } : {}),
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
