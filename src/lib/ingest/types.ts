/**
 * The shapes that flow between ingest stages: read → parse → date → merge →
 * identify → plan (themes + MDX) → write. Stages are pure functions from one
 * shape to the next; only store.ts touches the disk.
 */

/** A month and day as a dump writes them ("Apr 11"), with the year when written ("Apr 11, 2025"). */
export interface DumpDay {
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  year?: number;
}

/** A dump file as read from sources/. */
export interface SourceFile {
  /** File name inside sources/, e.g. 000_0331881b8cc86f1c.txt (what `sources` lists). */
  name: string;
  /** Name shown in problems, e.g. content/sources/000_0331881b8cc86f1c.txt. */
  file: string;
  bytes: Uint8Array;
  /** The file's identity when it was read (the run record compares it with the end of the run). */
  stamp?: FileStamp;
}

/** What tells a file apart from any rewrite of it: a rename gives a new inode, any change a new ctime. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** The byline: a number of authors, or an organization (hub slug and display name). */
export type Byline = { authors: number } | { organization: string; organizationSlug: string };

/** One entry as written in a dump, before year inference. */
export interface RawEntry {
  name: string;
  file: string;
  /** Line of the title. */
  line: number;
  title: string;
  abstract?: string;
  byline?: Byline;
  day: DumpDay;
  dateLine: number;
  upvotes: number;
  /** What only Hugging Face's JSON carries (absent for entries of text dumps). */
  details?: EntryDetails;
}

/** The values a JSON source gives beyond a text dump's: explicit, so they win over text in a merge. */
export interface EntryDetails {
  /** arXiv id, e.g. 2402.02750. */
  arxiv?: string;
  /** Author names, in byline order. */
  authorNames?: string[];
  /** Code repository URL. */
  code?: string;
  /** Project page URL. */
  project?: string;
}

/** A dump after parsing: its capture day (header) and entries. */
export interface ParsedDump {
  name: string;
  file: string;
  /** How the file was written: page text (the default) or Hugging Face's JSON. */
  format?: 'text' | 'json';
  /** The page's own date under the header ("Jan 7"), and its line. */
  captured?: DumpDay & { line: number };
  entries: RawEntry[];
}

/** An entry with a full date (year inferred when the dump left it out). */
export interface DatedEntry extends RawEntry {
  /** YYYY-MM-DD. */
  date: string;
  yearInferred: boolean;
}

/** One paper after merging every entry with the same normalized title. */
export interface MergedPaper {
  /** Normalized title (NFKC, case-folded, whitespace collapsed): the duplicate key. */
  key: string;
  title: string;
  abstract?: string;
  date: string;
  yearInferred: boolean;
  /**
   * The day the paper arrived in the list (see arrival.ts), written to the file's `added` only when the file has
   * none. Absent: nothing to write.
   */
  added?: string;
  authors?: number;
  organization?: string;
  /** arXiv id, author names, code and project links, from a JSON source. */
  details?: EntryDetails;
  upvotes: number;
  /** Sorted dump file names. */
  sources: string[];
  /** Where each entry of this paper was read, most recently captured first. */
  occurrences: Array<{ file: string; line: number }>;
}

/** A merged paper with its id (file name without .mdx). */
export interface IdentifiedPaper extends MergedPaper {
  id: string;
}

/** A paper file found under papers/. */
export interface PaperFile {
  /** Path relative to papers/, with forward slashes, e.g. kv-cache/foo.mdx. */
  relPath: string;
  /** Folder relative to papers/ ('' at the top). */
  folder: string;
  /** File name, e.g. foo.mdx. */
  name: string;
  /** Name shown in problems. */
  file: string;
  bytes: Uint8Array;
  /** The file's identity when it was read (the run record compares it with the end of the run). */
  stamp?: FileStamp;
  /** Read through a link (its own, or a linked folder's): rewritten where it really is, never moved. */
  link?: true;
}
