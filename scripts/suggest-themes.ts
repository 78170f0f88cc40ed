/**
 * `npm run themes:suggest`: drafts a taxonomy for a reading list by clustering
 * its papers (dumps in sources/ and MDX files in papers/), and writes it as a
 * commented YAML file for the reader to edit. It never replaces an existing
 * file unless told to with --force. Exit codes: 0 written, 1 cannot (too few
 * papers, file exists, write refused), 2 bad command line.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentPaths, displayPath, resolveContentRoot } from '../src/lib/project/content-root.ts';
import { formatProblem, isProblemError } from '../src/lib/project/errors.ts';
import { exists, writeFileAtomic } from '../src/lib/fs/files.ts';
import { readCorpus } from '../src/lib/themes/corpus.ts';
import { suggestTaxonomy } from '../src/lib/themes/suggest.ts';
import { renderSuggestion } from '../src/lib/themes/suggest-yaml.ts';

const USAGE = `Usage: npm run themes:suggest -- [options]

Clusters the papers of a content root and writes a draft taxonomy to edit.

Options:
  --content DIR  content root (default: $READING_LIST_CONTENT, else ./content)
  --out FILE     where to write (default: <content root>/themes.suggested.yaml)
  --force        replace FILE if it exists
  --k N          number of themes (default: chosen by silhouette)
  --seed N       seed of the clustering (default: 1; same seed, same draft)
  --json         also print the quality figures as JSON
  --help         show this help`;

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option} expects a whole number of at least 1, got "${value}"`);
  return n;
}

function main(argv: string[]): number {
  let args;
  let k: number | undefined;
  let seed: number | undefined;
  try {
    args = parseArgs({
      args: argv,
      options: {
        content: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        k: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
    k = positiveInteger(args.k, '--k');
    seed = positiveInteger(args.seed, '--seed');
  } catch (error) {
    process.stderr.write(`themes:suggest: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const root = resolveContentRoot(args.content);
  const out = path.resolve(args.out ?? path.join(root, 'themes.suggested.yaml'));
  const shown = displayPath(out);
  if (exists(out) && !args.force) {
    const taxonomy = out === contentPaths(root).themes ? ' (it is the taxonomy in use)' : '';
    process.stderr.write(
      `themes:suggest: ${shown} already exists${taxonomy} — nothing written; pass --force to replace it, or --out to write elsewhere\n`,
    );
    return 1;
  }

  const corpus = readCorpus(root);
  for (const problem of corpus.problems) process.stderr.write(`themes:suggest: warning: ${formatProblem(problem)}\n`);
  let suggestion;
  try {
    suggestion = suggestTaxonomy(corpus.papers, { k, seed });
  } catch (error) {
    process.stderr.write(
      `themes:suggest: ${(error as Error).message} in ${root} — add dumps to sources/ or papers to papers/\n`,
    );
    return 1;
  }
  const titles = new Map(corpus.papers.map((p) => [p.id, p.title]));
  const text = renderSuggestion(suggestion, { titles, source: displayPath(root) });
  try {
    writeFileAtomic(out, new TextEncoder().encode(text));
  } catch (error) {
    if (!isProblemError(error)) throw error;
    process.stderr.write(`themes:suggest: ${formatProblem(error.problem)}\n`);
    return 1;
  }
  const q = suggestion.quality;
  if (args.json) process.stdout.write(`${JSON.stringify(q, null, 2)}\n`);
  process.stdout.write(
    `themes:suggest: ${q.papers} papers → ${q.k} themes (silhouette ${q.silhouette.toFixed(3)}; rules agree with clusters on ${(q.rulesAgreeWithClusters * 100).toFixed(1)}%; ${q.fallback} to "other") — wrote ${shown}\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
