/**
 * Adds a paper by hand: `npm run new -- "Title" [--abstract TEXT] [--date YYYY-MM-DD] [--content DIR]`.
 * Picks the theme folder with the themes rules engine, writes
 * <content root>/papers/<theme>/<id>.mdx atomically, refuses to overwrite an
 * existing id, and prints the new file's path (details go to stderr).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentPaths, resolveContentRoot } from '../src/lib/content-root.ts';
import { writeFileAtomic } from '../src/lib/ingest/store.ts';
import { localDay, newPaper } from '../src/lib/new-paper.ts';
import { loadTaxonomy } from '../src/lib/themes-file.ts';
import { draftTaxonomy } from '../src/lib/themes/draft.ts';

const USAGE = 'usage: npm run new -- "Paper title" [--abstract TEXT] [--date YYYY-MM-DD] [--content DIR]';

/** Every paper file name under papers/, to refuse a second file with the same id in any theme folder. */
function findExisting(papersDir: string, fileName: string): string | undefined {
  if (!fs.existsSync(papersDir)) return undefined;
  for (const entry of fs.readdirSync(papersDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name === fileName) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      abstract: { type: 'string' },
      date: { type: 'string' },
      content: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`${positionals.length === 0 ? 'a title is needed' : 'one title only (quote it)'}\n${USAGE}`);
    return 2;
  }
  const paths = contentPaths(resolveContentRoot(values.content));
  // The content root's own taxonomy; a list without one is never filed by another list's themes.
  const own = fs.existsSync(paths.themes);
  const taxonomy = own ? loadTaxonomy(paths.themes) : draftTaxonomy([], paths.root).taxonomy;
  if (!own)
    console.error(
      'no themes.yaml in the content root: filed under papers/papers/ (one theme for the whole list); once `npm run ingest` has drafted themes, move the file into the theme folder it belongs to',
    );
  const paper = newPaper(taxonomy, {
    title: positionals[0]!,
    abstract: values.abstract,
    date: values.date,
    today: localDay(),
  });
  const existing = findExisting(paths.papers, `${paper.id}.mdx`);
  if (existing) {
    console.error(
      `a paper with id "${paper.id}" already exists: ${existing}\nnothing written; edit that file, or give the new paper a different title`,
    );
    return 1;
  }
  const file = path.join(paths.root, paper.relativePath);
  writeFileAtomic(file, new TextEncoder().encode(paper.source));
  const why = paper.matched.length > 0 ? `matched: ${paper.matched.join(', ')}` : 'no rule matched; the fallback theme';
  console.error(`added "${paper.id}" to theme ${paper.theme} (${why}); set status and tags in its frontmatter`);
  const shown = path.relative(process.cwd(), file);
  console.log(shown.startsWith('..') || path.isAbsolute(shown) ? file : shown);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`new: ${(error as Error).message}`);
  process.exitCode = 1;
}
