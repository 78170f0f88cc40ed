/**
 * Parses a Hugging Face papers answer saved as JSON (the second input format,
 * next to page text) into the same entries a text dump gives. Pure: text in,
 * entries and problems out. Recognised by content, not by file name: a file
 * whose first character is `[` or `{` is read as JSON.
 *
 * The three answers a reader can save from a browser:
 *
 * ```text
 * api/daily_papers?date=2025-01-20   [{ "paper": { …paper… }, "publishedAt": …, "organization": {…} }, …]
 * api/papers/search?q=kv+cache       the same list
 * api/papers/2402.02750              { …paper… }
 *
 * paper: { "id": "2402.02750",                       <- arXiv id
 *          "title": "KIVI: …", "summary": "…",        <- abstract, with arXiv's hard line breaks
 *          "authors": [{ "name": "Zirui Liu" }, …],
 *          "publishedAt": "2024-02-05T18:59:59.000Z", <- the date, with its year
 *          "upvotes": 12,
 *          "organization": { "name": "slug", "fullname": "Display Name" },   (newer answers)
 *          "githubRepo": "https://github.com/…", "projectPage": "https://…" }  (when known)
 * ```
 *
 * Dates are explicit, so entries never need year inference. Whitespace runs
 * in titles and abstracts become one space, as the page shows them. The
 * file's capture day is its latest day (submission or publication).
 */
import { ARXIV_ID } from '../../schemas/paper.ts';
import type { Problem } from '../project/errors.ts';
import type { ParseResult } from './parse.ts';
import type { Byline, DumpDay, EntryDetails, ParsedDump, RawEntry } from './types.ts';

/** True when the text is JSON rather than page text: its first non-blank character opens an array or object. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/u.test(text);
}

// Control characters and Unicode line separators have no place in a one-line field.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;

function clean(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The day of an ISO timestamp, in UTC (as Hugging Face shows it). */
function dayOf(value: unknown): (DumpDay & { year: number; iso: string }) | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/u.exec(value);
  if (!match) return undefined;
  const time = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time.getTime())) return undefined;
  const iso = time.toISOString().slice(0, 10);
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)), iso };
}

function webUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\/\S+$/u.test(value.trim()) ? value.trim() : undefined;
}

/** 1-based line of each top-level element of a JSON array (or [1] for an object), by scanning its text. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/u.test(c)) continue;
    if (depth === 1 && expectValue && c !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = c === '[';
      if (depth === 1 && c === '{') lines.push(line);
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return lines;
}

/** Line of a JSON.parse error, from V8's "(line 3 column 5)" or "at position 120". */
function errorLine(text: string, message: string): number {
  const explicit = /line (\d+)/u.exec(message);
  if (explicit) return Number(explicit[1]);
  const position = /position (\d+)/u.exec(message);
  if (!position) return 1;
  return text.slice(0, Number(position[1])).split('\n').length;
}

/** One paper object (an element's `paper`, or the element itself), as an entry; a string says why not. */
function toEntry(element: Json, source: { name: string; file: string }, line: number): RawEntry | string {
  const paper = isObject(element.paper) ? element.paper : element;
  if (typeof paper.title !== 'string' || clean(paper.title) === '')
    return 'a paper without a title (expected paper.title)';
  const title = clean(paper.title);
  const day = dayOf(paper.publishedAt) ?? dayOf(element.publishedAt);
  if (!day) return `"${title}" has no readable date (expected paper.publishedAt such as "2025-01-16T20:24:56.000Z")`;
  const details: EntryDetails = {};
  if (paper.id !== undefined) {
    if (typeof paper.id !== 'string' || !ARXIV_ID.test(paper.id))
      return `"${title}" has id ${JSON.stringify(paper.id)}, which is not an arXiv id such as "2402.02750"`;
    details.arxiv = paper.id;
  }
  const names = Array.isArray(paper.authors)
    ? paper.authors.flatMap((author) =>
        isObject(author) && typeof author.name === 'string' && clean(author.name) !== '' ? [clean(author.name)] : [],
      )
    : [];
  if (names.length > 0) details.authorNames = names;
  const code = webUrl(paper.githubRepo);
  if (code) details.code = code;
  const project = webUrl(paper.projectPage);
  if (project) details.project = project;
  const organization = isObject(paper.organization)
    ? paper.organization
    : isObject(element.organization)
      ? element.organization
      : undefined;
  const orgName = organization && typeof organization.fullname === 'string' ? clean(organization.fullname) : '';
  const orgSlug = organization && typeof organization.name === 'string' ? clean(organization.name) : '';
  const byline: Byline | undefined =
    orgName || orgSlug
      ? { organization: orgName || orgSlug, organizationSlug: orgSlug || orgName }
      : Array.isArray(paper.authors)
        ? { authors: names.length }
        : undefined;
  const summary = typeof paper.summary === 'string' ? clean(paper.summary) : '';
  const upvotes =
    typeof paper.upvotes === 'number' && Number.isInteger(paper.upvotes) && paper.upvotes >= 0 ? paper.upvotes : 0;
  return {
    name: source.name,
    file: source.file,
    line,
    title,
    ...(summary ? { abstract: summary } : {}),
    ...(byline ? { byline } : {}),
    day: { year: day.year, month: day.month, day: day.day },
    dateLine: line,
    upvotes,
    details,
  };
}

/**
 * Parses a saved Hugging Face JSON answer.
 * @param text the decoded file content
 * @param source `name` is the file name listed in `sources`; `file` is shown in problems
 */
export function parseHfJson(text: string, source: { name: string; file: string }): ParseResult {
  const problems: Problem[] = [];
  const empty = (problem: Omit<Problem, 'file'>): ParseResult => ({
    dump: { name: source.name, file: source.file, format: 'json', entries: [] },
    problems: [{ file: source.file, ...problem }],
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return empty({
      line: errorLine(text, message),
      code: 'bad-json',
      message: `not valid JSON (${message})`,
      action:
        'skipped; save the whole answer again (open the API address in a browser, save the page) or remove the file',
    });
  }
  const foreign = (why: string) =>
    empty({
      line: 1,
      code: 'not-papers-json',
      message: `JSON, but not a Hugging Face papers answer: ${why}`,
      action:
        'skipped; save the answer of huggingface.co/api/daily_papers?date=YYYY-MM-DD, api/papers/search?q=… or api/papers/<arxiv-id>',
    });
  let elements: unknown[];
  if (Array.isArray(data)) elements = data;
  else if (isObject(data) && (isObject(data.paper) || typeof data.title === 'string')) elements = [data];
  else if (isObject(data) && typeof data.error === 'string') return foreign(`the server answered "${data.error}"`);
  else return foreign('expected a list of papers (each with paper.title) or one paper');
  if (elements.length > 0 && !elements.some((e) => isObject(e) && (isObject(e.paper) || typeof e.title === 'string')))
    return foreign('its list holds no paper (an object with paper.title)');

  const lines = elementLines(text);
  const entries: RawEntry[] = [];
  let latest: ReturnType<typeof dayOf>;
  elements.forEach((element, index) => {
    const line = lines[index] ?? 1;
    const entry = isObject(element) ? toEntry(element, source, line) : `element ${index + 1} is not an object`;
    if (typeof entry === 'string') {
      problems.push({
        file: source.file,
        line,
        code: 'bad-json-entry',
        message: `paper ${index + 1}: ${entry}`,
        action: 'entry skipped; the other papers of the file are imported',
      });
      return;
    }
    entries.push(entry);
    const paper = isObject(element) && isObject(element.paper) ? element.paper : (element as Json);
    for (const value of [paper.submittedOnDailyAt, (element as Json).publishedAt, paper.publishedAt]) {
      const day = dayOf(value);
      if (day && (!latest || day.iso > latest.iso)) latest = day;
    }
  });
  if (entries.length === 0 && problems.length === 0)
    problems.push({
      file: source.file,
      line: 1,
      code: 'no-entries',
      message: 'the answer lists no paper',
      action: 'nothing imported from it',
    });
  const dump: ParsedDump = {
    name: source.name,
    file: source.file,
    format: 'json',
    ...(latest ? { captured: { year: latest.year, month: latest.month, day: latest.day, line: 1 } } : {}),
    entries,
  };
  return { dump, problems };
}
