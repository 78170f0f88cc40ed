/**
 * `npm run enrich`: finds the arXiv ids (and with them the author names, exact
 * dates and links) of papers that came from text dumps, by asking Hugging
 * Face's paper search for each title. Only an exact match of the normalised
 * title is accepted; anything else is reported and left alone.
 *
 * What it writes, all in the content root, each file atomically:
 * - `enrich-cache.json`: every answer so far, found or not, keyed by the
 *   normalised title, so a second run asks nothing and a killed run resumes
 *   where it stopped;
 * - `sources/hugging-face-enrich.json`: the papers found, as a Hugging Face
 *   JSON answer. It is a source like any other: ingest merges it with the
 *   dumps (its explicit values winning), so the paper files get their keys
 *   through ingest's comment-preserving editor and the reader's part is never
 *   touched.
 * Then it runs ingest. Papers added by hand (no dump behind them) are not
 * looked up: their facts are the reader's (`npm run new <arXiv id>` fills them).
 */
import path from 'node:path';
import { parseDocument } from 'yaml';
import { contentPaths, displayPath } from '../project/content-root.ts';
import type { Problem } from '../project/errors.ts';
import { splitFrontmatter } from '../ingest/frontmatter.ts';
import { normalizeTitle } from '../ingest/merge.ts';
import { parseHfJson } from '../ingest/parse-json.ts';
import type { IngestReport } from '../ingest/report.ts';
import { runIngestAsync } from '../ingest/run.ts';
import { isDirectory, readTextIfExists, writeFileAtomic } from '../fs/files.ts';
import { readPaperFiles } from '../ingest/store.ts';
import { type HfApi, OfflineError, RequestFailedError } from './hf-api.ts';

export const CACHE_FILE = 'enrich-cache.json';
export const SOURCE_FILE = 'hugging-face-enrich.json';
const CACHE_VERSION = 1;

/** One answer kept in the cache. */
export interface CachedAnswer {
  /** The day it was asked, YYYY-MM-DD. */
  checked: string;
  /** The matching paper object, as Hugging Face answered it; null when none matched. */
  paper: Record<string, unknown> | null;
  /** Why nothing was accepted (no exact match, several papers with that title). */
  reason?: string;
}

interface Cache {
  version: number;
  answers: Record<string, CachedAnswer>;
}

/** A paper of the list that has no arXiv id yet. */
export interface Candidate {
  title: string;
  key: string;
  /** The paper file, as shown in messages. */
  file: string;
}

export interface EnrichProgress {
  done: number;
  total: number;
  found: number;
}

export interface EnrichOptions {
  contentRoot: string;
  api: HfApi;
  /** Paths in messages are relative to this folder. Default: process.cwd(). */
  cwd?: string;
  /** Today, YYYY-MM-DD (recorded with each answer). Default: today in UTC. */
  today?: string;
  onProgress?: (progress: EnrichProgress) => void;
  /** Passed to ingest (its run record folder, or false for none). */
  recordDir?: string | false;
}

export interface EnrichReport {
  /** Papers from dumps without an arXiv id. */
  candidates: number;
  /** Of them, answered by the cache (no request). */
  fromCache: number;
  /** Titles asked this run. */
  asked: number;
  /** Papers given an id by this run's answers or the cache (ingest writes them). */
  found: Array<{ title: string; arxiv: string; file: string }>;
  /** Titles with no exact match (or several), left alone. */
  unmatched: Problem[];
  /** Titles the server did not answer usefully (HTTP errors, timeouts, unreadable answers); asked again next run. */
  failed: Problem[];
  /** Set when the network could not be reached; `asked` says how far the run went. */
  offline?: string;
  /** Problems with the cache file itself. */
  problems: Problem[];
  /** The ingest run that wrote the keys, when one ran. */
  ingest?: IngestReport;
}

const clean = (text: string) => text.replace(/\s+/gu, ' ').trim();

/** The papers under papers/ that came from dumps and have no arXiv id, one per title. */
export function findCandidates(files: ReadonlyArray<{ file: string; bytes: Uint8Array }>): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const file of files) {
    const split = splitFrontmatter(file.bytes);
    if (!split.ok) continue;
    const doc = parseDocument(split.split.frontmatter);
    if (doc.errors.length > 0) continue;
    const data = doc.toJS() as Record<string, unknown> | null;
    if (!data || typeof data !== 'object' || typeof data.title !== 'string') continue;
    if (data.arxiv !== undefined) continue;
    if (!Array.isArray(data.sources) || data.sources.length === 0) continue;
    const key = normalizeTitle(clean(data.title));
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ title: data.title, key, file: file.file });
  }
  return candidates;
}

/**
 * Picks the answer's paper whose normalised title is the candidate's; several different papers with that
 * title, or none, is no match.
 * @returns the paper object, or why none was accepted; undefined when the answer is not a list of papers
 */
export function matchAnswer(
  key: string,
  answer: unknown,
): { paper: Record<string, unknown> } | { reason: string } | undefined {
  if (!Array.isArray(answer)) return undefined;
  const papers = answer.flatMap((element) => {
    if (!element || typeof element !== 'object') return [];
    const paper = (element as { paper?: unknown }).paper ?? element;
    return paper && typeof paper === 'object' && typeof (paper as { title?: unknown }).title === 'string'
      ? [paper as Record<string, unknown>]
      : [];
  });
  if (answer.length > 0 && papers.length === 0) return undefined;
  const same = papers.filter((paper) => normalizeTitle(clean(paper.title as string)) === key);
  const ids = new Set(same.map((paper) => paper.id));
  if (same.length === 0)
    return {
      reason:
        papers.length === 0
          ? 'the search found nothing'
          : `no exact title match among ${papers.length} results (closest: "${clean(papers[0]!.title as string)}")`,
    };
  if (ids.size > 1) return { reason: `${ids.size} different papers have this exact title (${[...ids].join(', ')})` };
  // The paper must be one ingest can read (an arXiv id and a date).
  const checked = parseHfJson(JSON.stringify([same[0]]), { name: SOURCE_FILE, file: SOURCE_FILE });
  if (checked.dump.entries.length !== 1 || !checked.dump.entries[0]!.details?.arxiv)
    return { reason: `the matching answer is incomplete (${checked.problems[0]?.message ?? 'no arXiv id'})` };
  return { paper: same[0]! };
}

function readCache(file: string, shown: string, problems: Problem[]): Cache {
  const text = readTextIfExists(file);
  if (text === undefined) return { version: CACHE_VERSION, answers: {} };
  try {
    const data = JSON.parse(text) as Cache;
    if (data && data.version === CACHE_VERSION && data.answers && typeof data.answers === 'object') return data;
  } catch {
    // Reported below.
  }
  problems.push({
    file: shown,
    code: 'bad-enrich-cache',
    message: 'the cache of earlier answers is unreadable',
    action: 'asking again, and writing a new one',
  });
  return { version: CACHE_VERSION, answers: {} };
}

function cacheText(cache: Cache): string {
  const answers = Object.fromEntries(Object.entries(cache.answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: CACHE_VERSION, answers }, null, 2)}\n`;
}

/** The papers found so far, as a Hugging Face answer (a list of `{ paper }`), sorted by arXiv id. */
export function sourceText(cache: Cache): string {
  const papers = Object.values(cache.answers)
    .flatMap((answer) => (answer.paper ? [answer.paper] : []))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const unique = papers.filter((paper, index) => index === 0 || paper.id !== papers[index - 1]!.id);
  return `${JSON.stringify(
    unique.map((paper) => ({ paper })),
    null,
    1,
  )}\n`;
}

/** Runs enrich on a content root; see the module comment. Never throws for network trouble: it is reported. */
export async function runEnrich(options: EnrichOptions): Promise<EnrichReport> {
  const cwd = options.cwd ?? process.cwd();
  const show = (target: string) => displayPath(target, cwd);
  const root = path.resolve(cwd, options.contentRoot);
  const paths = contentPaths(root);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const report: EnrichReport = {
    candidates: 0,
    fromCache: 0,
    asked: 0,
    found: [],
    unmatched: [],
    failed: [],
    problems: [],
  };
  if (!isDirectory(root)) {
    report.problems.push({
      file: show(root),
      code: 'missing-content-root',
      message: 'the content root does not exist',
      action: 'nothing done; pass --content DIR (or set READING_LIST_CONTENT)',
    });
    return report;
  }
  const cachePath = path.join(root, CACHE_FILE);
  const sourcePath = path.join(paths.sources, SOURCE_FILE);
  const cache = readCache(cachePath, show(cachePath), report.problems);
  const { files } = readPaperFiles(paths.papers, show(paths.papers));
  if (files.length === 0)
    report.problems.push({
      file: show(paths.papers),
      code: 'no-papers',
      message: 'there is no paper file to look up',
      action: 'nothing done; run npm run ingest first (enrich looks up the papers ingest wrote)',
    });
  const candidates = findCandidates(files);
  report.candidates = candidates.length;
  const toAsk = candidates.filter((c) => cache.answers[c.key] === undefined);
  report.fromCache = candidates.length - toAsk.length;

  let done = report.fromCache;
  const progress = () =>
    options.onProgress?.({
      done,
      total: candidates.length,
      found: candidates.filter((c) => cache.answers[c.key]?.paper).length,
    });
  progress();
  for (const candidate of toAsk) {
    let answer: unknown;
    try {
      report.asked++;
      answer = await options.api.search(clean(candidate.title));
    } catch (error) {
      if (error instanceof OfflineError) {
        report.asked--;
        report.offline = error.message;
        break;
      }
      if (!(error instanceof RequestFailedError)) throw error;
      report.failed.push({
        file: candidate.file,
        code: 'enrich-no-answer',
        message: `"${candidate.title}": ${error.message}`,
        action: 'left as it is; run enrich again later',
      });
      done++;
      progress();
      continue;
    }
    const match = answer === undefined ? { reason: 'the search found nothing' } : matchAnswer(candidate.key, answer);
    if (match === undefined) {
      report.failed.push({
        file: candidate.file,
        code: 'enrich-no-answer',
        message: `"${candidate.title}": the answer is not a list of papers`,
        action: 'left as it is; run enrich again later',
      });
    } else {
      cache.answers[candidate.key] =
        'paper' in match
          ? { checked: today, paper: match.paper }
          : { checked: today, paper: null, reason: match.reason };
      // After every answer, so a run killed at any point keeps what it learned.
      writeFileAtomic(cachePath, new TextEncoder().encode(cacheText(cache)));
    }
    done++;
    progress();
  }

  for (const candidate of candidates) {
    const answer = cache.answers[candidate.key];
    if (answer?.paper)
      report.found.push({ title: candidate.title, arxiv: String(answer.paper.id), file: candidate.file });
    else if (answer)
      report.unmatched.push({
        file: candidate.file,
        code: 'enrich-no-match',
        message: `"${candidate.title}": ${answer.reason ?? 'no exact title match'}`,
        action: `left as it is; if you know its id, add arxiv: "…" to the file (asked on ${answer.checked})`,
      });
  }
  if (report.offline && report.asked === 0 && report.found.length === 0) return report;

  const text = sourceText(cache);
  if (readTextIfExists(sourcePath) !== text && (readTextIfExists(sourcePath) !== undefined || report.found.length > 0))
    writeFileAtomic(sourcePath, new TextEncoder().encode(text));
  if (report.found.length > 0)
    report.ingest = await runIngestAsync({
      contentRoot: root,
      cwd,
      ...(options.recordDir === undefined ? {} : { recordDir: options.recordDir }),
    });
  return report;
}

/** "enrich: 264 papers without an id; 250 asked, 14 from the cache; 120 found, 130 without an exact match, 0 unanswered". */
export function formatEnrichSummary(report: EnrichReport): string {
  if (report.offline && report.asked === 0)
    return `enrich: offline (${report.offline}); nothing changed. ${report.candidates} papers without an id are waiting; run enrich again when online.`;
  const parts = [
    `${report.candidates} paper${report.candidates === 1 ? '' : 's'} without an id`,
    `${report.asked} asked, ${report.fromCache} from the cache`,
    `${report.found.length} found, ${report.unmatched.length} without an exact match, ${report.failed.length} unanswered`,
  ];
  if (report.offline) parts.push(`stopped: offline (${report.offline})`);
  if (report.ingest) {
    const s = report.ingest.summary;
    parts.push(`ingest: ${s.updated} updated, ${s.unchanged} unchanged, ${s.new} new`);
  }
  return `enrich: ${parts.join('; ')}`;
}
