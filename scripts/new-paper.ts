/**
 * Adds a paper by hand: `npm run new -- "Title" [--abstract TEXT] [--date YYYY-MM-DD] [--content DIR]`,
 * or by its arXiv id or URL: `npm run new -- 2402.02750` (also arxiv.org/abs/…, huggingface.co/papers/…).
 * With an id, the paper's title, abstract, date, authors and links come from Hugging Face's API when it can
 * be reached; offline, the id is recorded and the title is taken from --title or asked for.
 * Picks the theme folder with the themes rules engine, writes
 * <content root>/papers/<theme>/<id>.mdx atomically, refuses to overwrite an
 * existing id or add an arXiv id twice, and prints the new file's path (details go to stderr).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentPaths, resolveContentRoot } from '../src/lib/project/content-root.ts';
import { walkFiles } from '../src/lib/fs/files.ts';
import { createFileAtomic } from '../src/lib/ingest/store.ts';
import { createInterface } from 'node:readline/promises';
import { DEFAULT_ENDPOINT, HfApi, OfflineError, RequestFailedError } from '../src/lib/enrich/hf-api.ts';
import { parseDocument } from 'yaml';
import { splitFrontmatter } from '../src/lib/ingest/frontmatter.ts';
import { parseHfJson } from '../src/lib/ingest/parse-json.ts';
import { arxivBase } from '../src/lib/ingest/plan.ts';
import { localDay, newPaper, parseArxivRef, type NewPaperInput } from '../src/lib/ingest/new-paper.ts';
import { loadTaxonomy } from '../src/lib/themes/themes-file.ts';
import { draftTaxonomy } from '../src/lib/themes/draft.ts';

const USAGE = `usage: npm run new -- "Paper title" [--abstract TEXT] [--date YYYY-MM-DD] [--content DIR]
       npm run new -- ARXIV-ID-OR-URL [--title TEXT] [--endpoint URL] [--content DIR]
         e.g. 2402.02750, https://arxiv.org/abs/2402.02750v2, https://huggingface.co/papers/2402.02750`;

/** A file under papers/ whose frontmatter already records this arXiv id (any version). */
function findArxiv(papersDir: string, arxiv: string): string | undefined {
  for (const { absolute: file } of walkFiles(papersDir, { include: (name) => name.endsWith('.mdx') })) {
    const split = splitFrontmatter(fs.readFileSync(file));
    if (!split.ok) continue;
    const data = parseDocument(split.split.frontmatter).toJS() as { arxiv?: unknown } | null;
    if (typeof data?.arxiv === 'string' && arxivBase(data.arxiv) === arxiv) return file;
  }
  return undefined;
}

/** The paper's facts from the API, or undefined offline (said on stderr). */
async function fromApi(arxiv: string, endpoint: string | undefined): Promise<Omit<NewPaperInput, 'today'> | undefined> {
  const api = new HfApi({ ...(endpoint ? { endpoint } : {}), delayMs: 0, attempts: 2, backoffMs: 1000 });
  let answer: unknown;
  try {
    answer = await api.paper(arxiv);
  } catch (error) {
    if (error instanceof OfflineError || error instanceof RequestFailedError) {
      console.error(`new: could not ask ${api.endpoint} (${error.message}); recording the id only`);
      return undefined;
    }
    throw error;
  }
  if (answer === undefined) {
    console.error(`new: ${api.endpoint} does not know arXiv ${arxiv}; recording the id only`);
    return undefined;
  }
  const parsed = parseHfJson(JSON.stringify(answer), { name: 'api', file: `${api.endpoint}/api/papers/${arxiv}` });
  const entry = parsed.dump.entries[0];
  if (!entry) {
    console.error(
      `new: the answer for arXiv ${arxiv} is unusable (${parsed.problems[0]?.message ?? 'no paper'}); recording the id only`,
    );
    return undefined;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    title: entry.title,
    ...(entry.abstract ? { abstract: entry.abstract } : {}),
    date: `${entry.day.year}-${pad(entry.day.month)}-${pad(entry.day.day)}`,
    arxiv,
    ...(entry.details?.authorNames ? { authorNames: entry.details.authorNames } : {}),
    ...(entry.byline && 'organization' in entry.byline ? { organization: entry.byline.organization } : {}),
    ...(entry.details?.code ? { code: entry.details.code } : {}),
    ...(entry.details?.project ? { project: entry.details.project } : {}),
  };
}

async function askTitle(arxiv: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`Title of arXiv ${arxiv}: `)).trim() || undefined;
  } finally {
    rl.close();
  }
}

/**
 * A paper file under papers/ with this name in any theme folder, compared as a case-insensitive disk compares
 * names (`Foo.mdx` and `foo.mdx` are one file on macOS and Windows), to refuse a second file for one id.
 */
function findExisting(papersDir: string, fileName: string): string | undefined {
  const fold = (name: string) => name.normalize('NFC').toLowerCase();
  return walkFiles(papersDir).find((file) => fold(file.name) === fold(fileName))?.absolute;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      abstract: { type: 'string' },
      date: { type: 'string' },
      title: { type: 'string' },
      endpoint: { type: 'string' },
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
  const arxiv = parseArxivRef(positionals[0]!);
  let input: Omit<NewPaperInput, 'today'> = { title: positionals[0]!, abstract: values.abstract, date: values.date };
  if (arxiv) {
    const known = findArxiv(paths.papers, arxiv);
    if (known) {
      console.error(`arXiv ${arxiv} is already in the list: ${known}\nnothing written`);
      return 1;
    }
    const found = await fromApi(arxiv, values.endpoint ?? DEFAULT_ENDPOINT);
    const title = values.title ?? found?.title ?? (await askTitle(arxiv));
    if (!title) {
      console.error(`new: arXiv ${arxiv} needs a title offline: npm run new -- ${arxiv} --title "The Paper Title"`);
      return 1;
    }
    input = {
      ...found,
      arxiv,
      title,
      ...(values.abstract ? { abstract: values.abstract } : {}),
      ...(values.date ? { date: values.date } : {}),
    };
  }
  const paper = newPaper(taxonomy, { ...input, today: localDay() });
  const existing = findExisting(paths.papers, `${paper.id}.mdx`);
  if (existing) {
    console.error(
      `a paper with id "${paper.id}" already exists: ${existing}\nnothing written; edit that file, or give the new paper a different title`,
    );
    return 1;
  }
  const file = path.join(paths.root, paper.relativePath);
  try {
    // Never over a file that appeared meanwhile (an editor, an ingest run): created only if nothing is there.
    createFileAtomic(file, new TextEncoder().encode(paper.source));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    console.error(`${file} appeared while the paper was being added\nnothing written; edit that file instead`);
    return 1;
  }
  const why = paper.matched.length > 0 ? `matched: ${paper.matched.join(', ')}` : 'no rule matched; the fallback theme';
  console.error(`added "${paper.id}" to theme ${paper.theme} (${why}); set status and tags in its frontmatter`);
  const shown = path.relative(process.cwd(), file);
  console.log(shown.startsWith('..') || path.isAbsolute(shown) ? file : shown);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`new: ${(error as Error).message}`);
  process.exitCode = 1;
}
