/**
 * Parses one Hugging Face "Daily Papers" text dump (the listing page, copied
 * as text) into entries. Pure: text in, entries and problems out.
 *
 * Example of the input (CRLF or LF; leading spaces and trailing spaces vary):
 *
 * ```text
 * new
 *
 * Get trending papers in your email inbox!
 *
 * Subscribe
 *
 * Daily Papers
 *
 * byAK and the research community
 *
 * Jan 7                                        <- capture date, no year
 *
 * SeaView: Software Engineering Agent Visual Interface for Enhanced Workflow
 *
 * Auto-regressive LLM-based software engineering (SWE) agents, ...
 *
 *   • 5 authors                                <- or "  • 1 author"
 * ·
 * Apr 11, 2025
 *
 * Seed-Coder: Let the Code Model Curate Data for Itself
 *
 * Code data in large language model (LLM) pretraining is ...
 *
 * ByteDance-Seed ByteDance Seed                <- organization: hub slug, display name
 * ·
 * Sep 23 4                                     <- no year; 4 upvotes
 * ```
 *
 * Entries are anchored on their "·" line: the line before it is the byline,
 * the line after it the date, and the paragraphs before it the title and the
 * abstract. Anything else between two entries is reported as a truncated
 * entry, and the parse carries on.
 */
import { PaperSchema } from '../../schemas/paper.ts';
import type { Problem } from '../project/errors.ts';
import { parseDateLine } from './dates.ts';
import type { Byline, ParsedDump, RawEntry } from './types.ts';

interface Line {
  text: string;
  line: number;
}
type Paragraph = Line[];

export interface ParseResult {
  dump: ParsedDump;
  problems: Problem[];
}

const HEADER_LINES = new Set([
  'new',
  'get trending papers in your email inbox!',
  'subscribe',
  'daily papers',
  'byak and the research community',
]);

const SEPARATOR = '·';
const AUTHORS = /^(?:[•∙·*-]\s*)?(\d+)\s+authors?$/iu;
/** A line longer than this before the "·" is text that lost its byline, not an organization. */
const MAX_BYLINE_LENGTH = 150;
// Control characters (tab aside) and Unicode line/paragraph separators have no place in a one-line field.
const CONTROL_RUN = /[\t ]*[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]+[\t ]*/g;

function excerpt(text: string, length = 60): string {
  return text.length <= length ? text : `${text.slice(0, length).trimEnd()}…`;
}

function toParagraphs(lines: Line[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph = [];
  for (const line of lines) {
    if (line.text === '') {
      if (current.length > 0) paragraphs.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

function parseByline(text: string): Byline {
  const authors = AUTHORS.exec(text);
  if (authors) return { authors: Number(authors[1]) };
  const slug = text.split(/\s+/u)[0]!;
  const name = text.slice(slug.length).trim();
  return { organization: name === '' ? slug : name, organizationSlug: slug };
}

/** Abstracts are long or end like a sentence; titles are short and do not end with a period. */
function looksLikeAbstract(paragraph: Paragraph): boolean {
  const text = paragraph.map((l) => l.text).join(' ');
  return (
    text.length >= 300 || (text.length >= 120 && /[.!?]\s+\S/u.test(text)) || (text.length >= 40 && /\.$/u.test(text))
  );
}

/** The title and abstract paragraphs before a "·" line; earlier paragraphs are left-over fragments. */
function splitChunk(chunk: Paragraph[]): { fragments: Paragraph[]; title?: Paragraph; abstract?: Paragraph } {
  const n = chunk.length;
  if (n === 0) return { fragments: [] };
  if (n === 1) {
    const only = chunk[0]!;
    return only.length === 1
      ? { fragments: [], title: only }
      : { fragments: [], title: [only[0]!], abstract: only.slice(1) };
  }
  const last = chunk[n - 1]!;
  const previous = chunk[n - 2]!;
  // Three or more paragraphs: something upstream is broken. A title right after an abstract
  // is an entry that lost its abstract, following a fragment.
  if (n >= 3 && looksLikeAbstract(previous) && !looksLikeAbstract(last))
    return { fragments: chunk.slice(0, n - 1), title: last };
  return { fragments: chunk.slice(0, n - 2), title: previous, abstract: last };
}

interface Meta {
  separator?: Line;
  byline?: Line;
  date?: Line;
  /** Where the entry's metadata starts, for problems about the entry as a whole. */
  line: number;
}

class DumpParser {
  readonly problems: Problem[] = [];
  readonly entries: RawEntry[] = [];
  private readonly name: string;
  private readonly file: string;

  constructor(name: string, file: string) {
    this.name = name;
    this.file = file;
  }

  report(line: number, code: string, message: string, action: string): void {
    this.problems.push({ file: this.file, line, code, message, action });
  }

  /** Joins a paragraph's lines and replaces control characters, reporting them. */
  text(paragraph: Paragraph, field: string): string {
    const joined = paragraph.map((l) => l.text).join(' ');
    const clean = joined.replace(CONTROL_RUN, ' ').trim();
    if (clean !== joined) {
      this.report(
        paragraph[0]!.line,
        'control-characters',
        `the ${field} contains control characters`,
        'replaced them with spaces',
      );
    }
    return clean;
  }

  /** Reports text between entries: one problem per cut-short entry (a title, then its abstract). */
  fragments(fragments: Paragraph[]): void {
    const groups: Paragraph[][] = [];
    for (const paragraph of fragments) {
      const current = groups.at(-1);
      // The paragraph after a title is its abstract; a long paragraph is more abstract.
      if (current && (current.length === 1 || looksLikeAbstract(paragraph))) current.push(paragraph);
      else groups.push([paragraph]);
    }
    for (const group of groups) {
      const first = group[0]![0]!;
      this.report(
        first.line,
        'truncated-entry',
        `"${excerpt(first.text)}" has no byline and date (the entry is cut short)`,
        'skipped, a paper needs a date; complete the entry with its byline, "·" and date lines, or remove it',
      );
    }
  }

  entry(chunk: Paragraph[], meta: Meta): void {
    const { fragments, title, abstract } = splitChunk(chunk);
    this.fragments(fragments);
    if (!title) {
      this.report(
        meta.line,
        'missing-title',
        'an entry has a byline and date but no title',
        'entry skipped; add the title line above the abstract',
      );
      return;
    }
    const titleText = this.text(title, 'title');
    const titleLine = title[0]!.line;
    if (!meta.date) {
      this.report(
        meta.line,
        'missing-date',
        `"${excerpt(titleText)}" has no date line after its "·"`,
        'entry skipped; add the date, e.g. "Apr 11, 2025"',
      );
      return;
    }
    const date = parseDateLine(meta.date.text);
    if (!date) {
      this.report(
        meta.date.line,
        'bad-date',
        `unreadable date "${excerpt(meta.date.text)}" (expected e.g. "Apr 11, 2025", "Apr 11" or "Sep 23 4")`,
        'entry skipped; fix the date line',
      );
      return;
    }
    if (!meta.separator) {
      this.report(
        meta.line,
        'missing-separator',
        `"${excerpt(titleText)}" has no "·" line between byline and date`,
        'read the entry anyway',
      );
    }
    let byline: Byline | undefined;
    if (meta.byline) {
      byline = parseByline(meta.byline.text);
      if ('organization' in byline) {
        const name = byline.organization.replace(CONTROL_RUN, ' ').trim();
        if (name !== byline.organization)
          this.report(
            meta.byline.line,
            'control-characters',
            'the byline contains control characters',
            'replaced them with spaces',
          );
        byline = {
          organization: name === '' ? byline.organizationSlug : name,
          organizationSlug: byline.organizationSlug,
        };
      }
      if ('authors' in byline && !PaperSchema.shape.authors.safeParse(byline.authors).success) {
        this.report(
          meta.byline.line,
          'bad-count',
          `the author count in "${excerpt(meta.byline.text)}" is not a count the site accepts (too large)`,
          'imported without authors; fix the byline, e.g. "• 5 authors"',
        );
        byline = undefined;
      }
    } else {
      this.report(
        meta.line,
        'missing-byline',
        `"${excerpt(titleText)}" has no byline ("• N authors" or an organization)`,
        'imported without authors or organization',
      );
    }
    let abstractText: string | undefined;
    if (abstract) abstractText = this.text(abstract, 'abstract');
    if (!abstractText) {
      this.report(
        titleLine,
        'missing-abstract',
        `"${excerpt(titleText)}" has no abstract`,
        'imported without an abstract',
      );
      abstractText = undefined;
    }
    if (titleText === '') {
      this.report(titleLine, 'missing-title', 'an entry has an empty title', 'entry skipped; add the title');
      return;
    }
    const { month, day, year } = date;
    let upvotes = date.upvotes;
    if (!PaperSchema.shape.upvotes.safeParse(upvotes).success) {
      this.report(
        meta.date.line,
        'bad-count',
        `the upvote count in "${excerpt(meta.date.text)}" is not a count the site accepts (too large)`,
        'imported with 0 upvotes; fix the count after the date',
      );
      upvotes = 0;
    }
    this.entries.push({
      name: this.name,
      file: this.file,
      line: titleLine,
      title: titleText,
      ...(abstractText === undefined ? {} : { abstract: abstractText }),
      ...(byline === undefined ? {} : { byline }),
      day: year === undefined ? { month, day } : { month, day, year },
      dateLine: meta.date.line,
      upvotes,
    });
  }
}

/** Finds the metadata of an entry in a paragraph: byline, "·", date. Mutates `paragraphs` to hand back what follows. */
function takeMeta(paragraphs: Paragraph[], index: number): { meta: Meta; before: Paragraph } | undefined {
  const paragraph = paragraphs[index]!;
  const dot = paragraph.findIndex((l) => l.text === SEPARATOR);
  if (dot === -1) {
    // A byline and a date with the "·" lost: two lines, the second a date.
    if (paragraph.length === 2 && parseDateLine(paragraph[1]!.text) && AUTHORS.test(paragraph[0]!.text)) {
      return { meta: { byline: paragraph[0], date: paragraph[1], line: paragraph[0]!.line }, before: [] };
    }
    return undefined;
  }
  let bylineIndex = dot - 1;
  const candidate = paragraph[bylineIndex];
  if (candidate && candidate.text.length > MAX_BYLINE_LENGTH && !AUTHORS.test(candidate.text)) bylineIndex = dot;
  const before = paragraph.slice(0, Math.max(0, bylineIndex));
  const byline = bylineIndex < dot ? paragraph[bylineIndex] : undefined;
  let date = paragraph[dot + 1];
  const after = paragraph.slice(dot + 2);
  if (after.length > 0) paragraphs.splice(index + 1, 0, after);
  if (!date) {
    // The date may have slipped below a blank line.
    const next = paragraphs[index + 1];
    if (next && parseDateLine(next[0]!.text)) {
      date = next[0];
      if (next.length > 1) paragraphs[index + 1] = next.slice(1);
      else paragraphs.splice(index + 1, 1);
    }
  }
  return { meta: { separator: paragraph[dot], byline, date, line: (byline ?? paragraph[dot]!).line }, before };
}

/**
 * Parses a dump's text.
 * @param text the decoded file content (any line endings)
 * @param source `name` is the file name listed in `sources`; `file` is shown in problems
 */
export function parseDump(text: string, source: { name: string; file: string }): ParseResult {
  const parser = new DumpParser(source.name, source.file);
  const lines: Line[] = text.split(/\r\n|\r|\n/).map((raw, index) => ({ text: raw.trim(), line: index + 1 }));

  let start = 0;
  let sawHeader = false;
  while (start < lines.length && (lines[start]!.text === '' || HEADER_LINES.has(lines[start]!.text.toLowerCase()))) {
    if (lines[start]!.text !== '') sawHeader = true;
    start++;
  }
  let captured: ParsedDump['captured'];
  const first = lines[start];
  const headerDate = first ? parseDateLine(first.text) : undefined;
  if (first && headerDate && !headerDate.hasUpvotes) {
    const { month, day, year } = headerDate;
    captured = { month, day, ...(year === undefined ? {} : { year }), line: first.line };
    start++;
  }

  const paragraphs = toParagraphs(lines.slice(start));
  let chunk: Paragraph[] = [];
  for (let index = 0; index < paragraphs.length; index++) {
    const found = takeMeta(paragraphs, index);
    if (!found) {
      chunk.push(paragraphs[index]!);
      continue;
    }
    if (found.before.length > 0) chunk.push(found.before);
    parser.entry(chunk, found.meta);
    chunk = [];
  }

  if (parser.entries.length === 0 && parser.problems.length === 0 && !sawHeader && !captured) {
    parser.report(
      1,
      'not-a-dump',
      'no Daily Papers entries found (title, abstract, byline, "·", date)',
      'skipped; this file does not look like a dump',
    );
    return { dump: { name: source.name, file: source.file, entries: [] }, problems: parser.problems };
  }
  parser.fragments(chunk);
  if (parser.entries.length === 0) {
    parser.report(1, 'no-entries', 'no complete entry found in this dump', 'nothing imported from it');
  } else if (!captured) {
    parser.report(
      first?.line ?? 1,
      'missing-capture-date',
      'no capture date (such as "Jan 7") under the page header',
      'the dump is merged as the oldest one; put the date the page was copied on its own line after the header',
    );
  }
  return {
    dump: { name: source.name, file: source.file, ...(captured ? { captured } : {}), entries: parser.entries },
    problems: parser.problems,
  };
}
