/**
 * Decides, without touching the disk, what ingest does to papers/: which
 * files to create, which ingest-owned keys to rewrite, which files to move to
 * a new primary theme's folder. Pure: files' bytes in, operations out.
 *
 * Where a paper's file goes:
 * - a `pin` (reader key) wins: the file goes to, or stays in, the pin's folder;
 * - a file in its primary theme's folder stays;
 * - a file still in the folder its stored `themes[0]` names was put there by
 *   ingest: the primary changed (or that theme is gone), so it moves;
 * - a file in another theme's folder was moved there by the reader: it stays,
 *   and ingest records that choice as `pin: <folder>`;
 * - a file in a folder that is not a theme id stays (reported).
 * A move renames the file first and rewrites it in place second, so a run
 * killed in between leaves the file in its new folder, where the next run
 * finishes the rewrite; the reader's move is never mistaken for a half-done
 * one.
 */
import { INGEST_KEYS, PaperSchema, WRITTEN_ONCE } from '../../schemas/paper.ts';
import type { Taxonomy } from '../../schemas/themes.ts';
import type { Problem } from '../project/errors.ts';
import { paperNameProblem } from './paper-names.ts';
import { assignThemes, type ThemeMatch } from '../themes/assign.ts';
import {
  anchorLine,
  formatPath,
  issuePath,
  lineOfPath,
  parseYamlWithLines,
  yamlData,
  yamlSyntaxProblems,
  type ParsedYaml,
} from '../project/yaml-lines.ts';
import {
  FrontmatterEditError,
  joinFile,
  renderNewFile,
  setKeys,
  splitFrontmatter,
  type FieldValue,
  type SplitFile,
} from './frontmatter.ts';
import type { IdClaim } from './ids.ts';
import { normalizeTitle } from './merge.ts';
import type { IdentifiedPaper, PaperFile } from './types.ts';

/** Body of a new paper file: empty, the notes are the reader's to write (nothing to evaluate, nothing to clean up). */
export const NEW_BODY = '';

/** An existing paper file, read. */
export interface FileInfo {
  file: PaperFile;
  /** Id from the frontmatter, else the file name. */
  id: string;
  split?: SplitFile;
  data?: Record<string, unknown>;
  parsed?: ParsedYaml;
  /** Why ingest cannot edit this file (already reported). */
  unreadable?: true;
}

/** One ingest-owned key a rewrite changes: its value before (absent when the key was not there) and after (absent when removed). */
export interface FieldChange {
  key: string;
  old?: unknown;
  new?: unknown;
}

export type Operation =
  | { kind: 'write'; relPath: string; bytes: Uint8Array; create: boolean; changes?: FieldChange[] }
  | { kind: 'move'; from: string; to: string };

export type Outcome = 'new' | 'updated' | 'unchanged' | 'moved' | 'skipped';

export interface PaperResult {
  id: string;
  title: string;
  outcome: Outcome;
  /** Path relative to papers/ after this run. */
  relPath?: string;
  /** Path before a move. */
  from?: string;
  themes: string[];
  pinned: boolean;
  /** Every theme that scored, best first, with the matched terms: the "why". */
  matches: ThemeMatch[];
}

export interface Plan {
  operations: Operation[];
  results: PaperResult[];
  problems: Problem[];
  /** Things done that the reader should know about (not problems). */
  notes: Problem[];
  /** Paper files with no dump behind them, left as they are. */
  kept: string[];
  /**
   * New files whose values the paper schema rejects. Not reported now (the
   * next run reads the file and reports it), but it means the next run is not
   * a plain re-run, so no run record is kept.
   */
  rejectedNew: number;
}

const baseName = (name: string) => name.replace(/\.mdx$/, '');

/**
 * Paths under papers/ as a case-insensitive disk (macOS, Windows) compares them: `Foo.mdx` and `foo.mdx`, or a
 * name in NFC and in NFD, are one file there, so ingest never creates or moves a file onto such a twin.
 */
class PaperPaths {
  private readonly exact = new Set<string>();
  private readonly folded = new Map<string, string>();
  constructor(paths: Iterable<string>) {
    for (const relPath of paths) this.add(relPath);
  }
  private static fold(relPath: string): string {
    return relPath.normalize('NFC').toLowerCase();
  }
  add(relPath: string): void {
    this.exact.add(relPath);
    if (!this.folded.has(PaperPaths.fold(relPath))) this.folded.set(PaperPaths.fold(relPath), relPath);
  }
  has(relPath: string): boolean {
    return this.folded.has(PaperPaths.fold(relPath));
  }
  hasExactly(relPath: string): boolean {
    return this.exact.has(relPath);
  }
  /** The path already there that `relPath` folds onto. */
  holder(relPath: string): string {
    return this.folded.get(PaperPaths.fold(relPath)) ?? relPath;
  }
}

/** Reads every existing paper file's frontmatter; unreadable ones are reported and left alone. */
export function inspectFiles(files: readonly PaperFile[]): {
  infos: FileInfo[];
  claims: Map<string, IdClaim>;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const infos: FileInfo[] = [];
  for (const file of files) {
    const id = baseName(file.name);
    const badName = paperNameProblem(file.name);
    if (badName) {
      problems.push({
        file: file.file,
        code: 'bad-file-name',
        message: badName.message,
        action: `${badName.fix}; the site build stops until then`,
      });
    }
    const split = splitFrontmatter(file.bytes);
    if (!split.ok) {
      problems.push({
        file: file.file,
        line: split.line,
        code: 'bad-frontmatter',
        message: split.message,
        action: 'left unchanged; a paper file starts with "---", its keys, and "---"',
      });
      infos.push({ file, id, unreadable: true });
      continue;
    }
    const parsed = parseYamlWithLines(split.split.frontmatter);
    const syntax = yamlSyntaxProblems(parsed, file.file, 'left unchanged; fix the YAML', split.split.firstLine - 1);
    const resolved = syntax.length === 0 ? yamlData(parsed) : undefined;
    if (resolved && !resolved.ok) {
      problems.push({
        file: file.file,
        line: resolved.line + split.split.firstLine - 1,
        code: 'yaml-alias',
        message: resolved.message,
        action: 'left unchanged, and the site build rejects it; write the value out in full instead of the alias',
      });
      infos.push({ file, id, split: split.split, unreadable: true });
      continue;
    }
    const data = resolved?.ok ? resolved.value : undefined;
    if (syntax.length > 0 || (data !== null && (typeof data !== 'object' || Array.isArray(data)))) {
      problems.push(
        ...(syntax.length > 0
          ? syntax
          : [
              {
                file: file.file,
                line: split.split.firstLine,
                code: 'bad-frontmatter',
                message: 'the frontmatter is not a list of "key: value" lines',
                action: 'left unchanged',
              },
            ]),
      );
      infos.push({ file, id, split: split.split, unreadable: true });
      continue;
    }
    const record = (data ?? {}) as Record<string, unknown>;
    const ownId = typeof record.id === 'string' && record.id !== '' ? record.id : id;
    if (ownId !== id) {
      problems.push({
        file: file.file,
        line: lineOfPath(parsed, ['id'])! + split.split.firstLine - 1,
        code: 'id-mismatch',
        message: `id "${ownId}" differs from the file name (the site uses the file name, "${id}")`,
        action: `kept as is; rename the file to ${ownId}.mdx or remove the id`,
      });
    }
    infos.push({ file, id: ownId, split: split.split, data: record, parsed });
  }
  const claims = new Map<string, IdClaim>();
  for (const info of infos) {
    if (claims.has(info.id)) continue;
    const title = info.data?.title;
    const sources = Array.isArray(info.data?.sources)
      ? info.data.sources.filter((s): s is string => typeof s === 'string')
      : [];
    claims.set(info.id, typeof title === 'string' ? { key: normalizeTitle(title), sources } : { sources });
  }
  return { infos, claims, problems };
}

/**
 * Ingest-owned values of a paper, in INGEST_KEYS order; undefined means "remove". Keys left out are left as
 * they are: the arXiv id, author names and links are only ever added (a text dump does not know them, so a
 * re-import never takes away what a JSON source or enrich found).
 */
function ingestFields(paper: IdentifiedPaper, themes: string[]): Array<[string, FieldValue | undefined]> {
  const byline: Array<[string, FieldValue | undefined]> =
    paper.authors !== undefined || paper.organization !== undefined
      ? [
          ['authors', paper.authors],
          ['organization', paper.organization],
        ]
      : [];
  const details: Array<[string, FieldValue]> = [];
  for (const key of ['arxiv', 'authorNames', 'code', 'project'] as const) {
    const value = paper.details?.[key];
    if (value !== undefined) details.push([key, value]);
  }
  const fields: Array<[string, FieldValue | undefined]> = [
    ['id', paper.id],
    ['title', paper.title],
    ...(paper.abstract === undefined ? [] : ([['abstract', paper.abstract]] as Array<[string, FieldValue]>)),
    ['date', paper.date],
    ...(paper.added === undefined ? [] : ([['added', paper.added]] as Array<[string, FieldValue]>)),
    ...byline,
    ...details,
    ['upvotes', paper.upvotes],
    ['sources', paper.sources],
    ['themes', themes],
  ];
  const order = new Map<string, number>(INGEST_KEYS.map((key, index) => [key, index]));
  return fields.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}

/** An arXiv id without its version: 2402.02750v2 and 2402.02750 are the same paper. */
export function arxivBase(id: string): string {
  return id.replace(/v\d+$/u, '');
}

/** The same comparison setKeys makes: lists item by item, anything else with ===. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

/** The keys whose values `fields` changes in `data`, with the values before and after. */
export function fieldChanges(
  data: Record<string, unknown>,
  fields: ReadonlyArray<readonly [string, FieldValue | undefined]>,
): FieldChange[] {
  return fields.flatMap(([key, value]) => {
    const had = key in data;
    if (value === undefined ? !had : had && sameValue(data[key], value)) return [];
    return [{ key, ...(had ? { old: data[key] } : {}), ...(value === undefined ? {} : { new: value }) }];
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * Checks a file's final frontmatter against the paper schema; one problem per invalid field.
 * @param parsed the frontmatter already parsed, when it is (saves parsing it again)
 */
function validate(
  file: string,
  frontmatter: string,
  firstLine: number,
  parsed: ParsedYaml = parseYamlWithLines(frontmatter),
): Problem[] {
  if (parsed.doc.errors.length > 0) return [];
  const data = yamlData(parsed);
  if (!data.ok) return [];
  const result = PaperSchema.safeParse(data.value ?? {});
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    file,
    line: (lineOfPath(parsed, issuePath(issue)) ?? 1) + firstLine - 1,
    code: 'invalid-field',
    message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
    action: 'the site build rejects this file; fix the field',
  }));
}

/**
 * Plans every write and move for this run.
 * @param papersLabel the papers/ folder as shown in problems, e.g. content/papers
 * @param onProgress called after each paper (theme assignment is the slow part on large lists)
 */
export function planPapers(
  papers: readonly IdentifiedPaper[],
  infos: readonly FileInfo[],
  taxonomy: Taxonomy,
  papersLabel = 'papers',
  onProgress?: (done: number, total: number) => void,
): Plan {
  const plan: Plan = { operations: [], results: [], problems: [], notes: [], kept: [], rejectedNew: 0 };
  const known = new Set(taxonomy.themes.map((t) => t.id));
  const byId = new Map<string, FileInfo[]>();
  for (const info of infos) byId.set(info.id, [...(byId.get(info.id) ?? []), info]);
  const paths = new PaperPaths(infos.map((info) => info.file.relPath));
  const matched = new Set<FileInfo>();

  const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const [index, paper] of sorted.entries()) {
    onProgress?.(index + 1, sorted.length);
    const found = byId.get(paper.id) ?? [];
    const skip = (themes: string[], matches: ThemeMatch[]) =>
      plan.results.push({ id: paper.id, title: paper.title, outcome: 'skipped', themes, pinned: false, matches });

    if (found.length === 0) {
      const assignment = assignThemes(taxonomy, paper);
      const relPath = `${assignment.themes[0]}/${paper.id}.mdx`;
      if (paths.has(relPath)) {
        plan.problems.push({
          file: `${papersLabel}/${relPath}`,
          code: 'path-taken',
          message: paths.hasExactly(relPath)
            ? `a file with another id already sits where "${paper.title}" goes`
            : `a file whose path differs only in letter case or Unicode form sits where "${paper.title}" goes (${paths.holder(relPath)}; one file on macOS and Windows)`,
          action: 'paper not written; rename that file or fix its id',
        });
        skip(assignment.themes, assignment.matches);
        continue;
      }
      const fields = ingestFields(paper, assignment.themes);
      // The site's own schema is the gate: a file the build would reject is never written.
      const checked = PaperSchema.safeParse(Object.fromEntries(fields.filter(([, value]) => value !== undefined)));
      if (!checked.success) {
        plan.rejectedNew += 1;
        const where = paper.occurrences[0];
        for (const issue of checked.error.issues)
          plan.problems.push({
            file: where?.file ?? `${papersLabel}/${relPath}`,
            ...(where ? { line: where.line } : {}),
            code: 'invalid-field',
            message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
            action: 'paper not written: the site build would reject it; fix the entry',
          });
        skip(assignment.themes, assignment.matches);
        continue;
      }
      paths.add(relPath);
      plan.operations.push({ kind: 'write', relPath, bytes: renderNewFile(fields, NEW_BODY), create: true });
      plan.results.push({
        id: paper.id,
        title: paper.title,
        outcome: 'new',
        relPath,
        themes: assignment.themes,
        pinned: false,
        matches: assignment.matches,
      });
      continue;
    }
    found.forEach((info) => matched.add(info));
    if (found.length > 1) {
      plan.problems.push({
        file: found[1]!.file.file,
        code: 'duplicate-id',
        message: `${found.length} files hold paper "${paper.id}": ${found.map((i) => i.file.relPath).join(', ')}`,
        action: 'none of them was changed; keep one',
      });
      skip([], []);
      continue;
    }
    const info = found[0]!;
    if (info.unreadable || !info.split || !info.data) {
      skip([], []);
      continue;
    }
    plan.results.push(planExisting(plan, paper, info, taxonomy, known, paths));
  }

  for (const info of infos) {
    if (matched.has(info)) continue;
    plan.kept.push(info.file.relPath);
    if (info.split && !info.unreadable)
      plan.problems.push(...validate(info.file.file, info.split.frontmatter, info.split.firstLine, info.parsed));
  }
  return plan;
}

/** A file the reader added (by hand or with `npm run new`): no dump is recorded in it. */
function isHandAdded(data: Record<string, unknown>): boolean {
  return !Array.isArray(data.sources) || data.sources.length === 0;
}

/** True when the edited frontmatter parses cleanly and every key that is not ingest's reads as it did. */
function keepsReaderValues(before: Record<string, unknown>, frontmatter: string, written: readonly string[]): boolean {
  const parsed = parseYamlWithLines(frontmatter);
  if (parsed.doc.errors.length > 0) return false;
  const after = yamlData(parsed);
  if (!after.ok || !after.value || typeof after.value !== 'object') return false;
  // A written-once key already in the file is the reader's now: it must read as before too.
  const owned = new Set<string>([...INGEST_KEYS.filter((key) => !WRITTEN_ONCE.has(key)), ...written]);
  const readerKeys = (data: object) => Object.keys(data).filter((key) => !owned.has(key));
  const now = after.value as Record<string, unknown>;
  const keys = readerKeys(before);
  if (keys.length !== readerKeys(now).length) return false;
  return keys.every((key) => key in now && JSON.stringify(now[key]) === JSON.stringify(before[key]));
}

function planExisting(
  plan: Plan,
  paper: IdentifiedPaper,
  info: FileInfo,
  taxonomy: Taxonomy,
  known: Set<string>,
  paths: PaperPaths,
): PaperResult {
  const { file, split, data } = info as Required<FileInfo>;
  const firstLine = split.firstLine;
  const lineOf = (key: string) => (lineOfPath(info.parsed!, [key]) ?? 1) + firstLine - 1;
  const folder = file.folder;
  if (isHandAdded(data)) {
    // The reader wrote this paper's file: a dump that also lists it changes nothing in it (no value, no pin,
    // no move). Its sources stay empty, so it stays the reader's on every later run.
    const where = paper.occurrences[0];
    plan.notes.push({
      file: file.file,
      code: 'hand-added-kept',
      message: `"${paper.title}" was added by hand and is also listed in ${where ? `${where.file}:${where.line}` : 'a dump'}`,
      action: 'kept exactly as you wrote it (values, theme folder and notes); the dump was not imported over it',
    });
    const themes = Array.isArray(data.themes) ? data.themes.filter((t): t is string => typeof t === 'string') : [];
    const pinned = typeof data.pin === 'string' && known.has(data.pin);
    return {
      id: paper.id,
      title: paper.title,
      outcome: 'unchanged',
      relPath: file.relPath,
      themes: themes.length > 0 ? themes : known.has(folder) ? [folder] : [],
      pinned,
      matches: [],
    };
  }
  let pin: string | undefined;
  if (data.pin !== undefined) {
    if (typeof data.pin === 'string' && known.has(data.pin)) pin = data.pin;
    else {
      plan.problems.push({
        file: file.file,
        line: lineOf('pin'),
        code: 'unknown-pin',
        message: `pin "${String(data.pin)}" is not a theme id in the taxonomy`,
        action: 'ignored; pin one of the theme ids in themes.yaml',
      });
    }
  }
  const stored = Array.isArray(data.themes) && typeof data.themes[0] === 'string' ? data.themes[0] : undefined;
  let assignment = assignThemes(taxonomy, paper, pin);
  let target = assignment.themes[0]!;
  let recordPin: string | undefined;
  // A file still in the folder its stored primary names was put there by ingest: it follows the rules
  // (even when that theme is gone from the taxonomy). Anywhere else, the reader put it there.
  if (!pin && folder !== target && stored !== folder) {
    if (known.has(folder)) {
      recordPin = folder;
      assignment = assignThemes(taxonomy, paper, folder);
      target = folder;
      plan.notes.push({
        file: file.file,
        line: 1,
        code: 'pinned-by-move',
        message: `moved by hand to "${folder}"`,
        action: `kept there and recorded as "pin: ${folder}"`,
      });
    } else {
      plan.problems.push({
        file: file.file,
        code: 'not-a-theme-folder',
        message: `the folder "${folder || '.'}" is not a theme id`,
        action: `left there; move it to a theme folder (its primary theme is "${target}") or pin a theme`,
      });
      target = folder;
    }
  }
  // A written-once key (`added`) already in the file, whatever its value, is never rewritten.
  let fields: Array<[string, FieldValue | undefined]> = ingestFields(paper, assignment.themes).filter(
    ([key]) => !(WRITTEN_ONCE.has(key) && key in data),
  );
  if (recordPin) fields.push(['pin', recordPin]);
  // An arXiv id already in the file (the reader's, or found before) is never changed.
  const found = paper.details?.arxiv;
  if (data.arxiv !== undefined && found !== undefined) {
    fields = fields.filter(([key]) => key !== 'arxiv');
    if (typeof data.arxiv !== 'string' || arxivBase(data.arxiv) !== arxivBase(found)) {
      plan.problems.push({
        file: file.file,
        line: lineOf('arxiv'),
        code: 'arxiv-disagrees',
        message: `arxiv is ${JSON.stringify(data.arxiv)} here, but ${paper.sources.join(', ')} give${paper.sources.length === 1 ? 's' : ''} "${found}" for this title`,
        action: `kept ${JSON.stringify(data.arxiv)}; if it is wrong, write arxiv: "${found}" (or remove the key and ingest again)`,
      });
    }
  }
  // On a re-import most files already hold every value (setKeys would give the text back as it
  // is): keep the text and its parse, rather than parsing it twice more per file.
  const unchanged = fields.every(([key, value]) =>
    value === undefined ? !(key in data) : key in data && sameValue(data[key], value),
  );
  const skipped = (problem: Omit<Problem, 'file'>): PaperResult => {
    plan.problems.push({ file: file.file, ...problem });
    return {
      id: paper.id,
      title: paper.title,
      outcome: 'skipped',
      themes: assignment.themes,
      pinned: assignment.pinned,
      matches: assignment.matches,
    };
  };
  if (!unchanged) {
    // An ingest-owned value that carries an anchor (or is an alias) cannot be rewritten without changing what
    // the reader's aliases mean, or leaving them pointing at nothing.
    for (const [key, value] of fields) {
      if (value === undefined ? !(key in data) : key in data && sameValue(data[key], value)) continue;
      const line = anchorLine(info.parsed!, key);
      if (line === undefined) continue;
      return skipped({
        line: line + firstLine - 1,
        code: 'yaml-anchor',
        message: `"${key}" is owned by ingest but carries a YAML anchor or alias, so it cannot be updated`,
        action: `left unchanged; write "${key}" and the values that refer to it out in full, without & and *`,
      });
    }
  }
  let frontmatter: string;
  try {
    frontmatter = unchanged ? split.frontmatter : setKeys(split.frontmatter, fields, INGEST_KEYS, split.eol);
  } catch (error) {
    if (!(error instanceof FrontmatterEditError)) throw error;
    return skipped({ line: firstLine, code: 'bad-frontmatter', message: error.message, action: 'left unchanged' });
  }
  if (
    !unchanged &&
    !keepsReaderValues(
      data,
      frontmatter,
      fields.map(([key]) => key),
    )
  ) {
    return skipped({
      line: firstLine,
      code: 'edit-refused',
      message: 'updating the ingest-owned keys would change how the rest of this frontmatter reads',
      action: 'left unchanged; simplify the YAML of this file (one plain "key: value" per line), then run ingest again',
    });
  }
  const bytes = joinFile(split, frontmatter);
  plan.problems.push(...validate(file.file, frontmatter, firstLine, unchanged ? info.parsed : undefined));

  let relPath = file.relPath;
  let from: string | undefined;
  if (target !== folder && file.link) {
    // Moving it would take the reader's file out of the folder a link leads to (a synced or shared one).
    plan.problems.push({
      file: file.file,
      code: 'linked-not-moved',
      message: `its primary theme is now "${target}", but it is read through a link, so it was not moved`,
      action: `left where it is; move the file (or the link) by hand if you want it under "${target}"`,
    });
  } else if (target !== folder) {
    const destination = `${target}/${file.name}`;
    if (paths.has(destination)) {
      plan.problems.push({
        file: file.file,
        code: 'path-taken',
        message: paths.hasExactly(destination)
          ? `cannot move to ${destination}: a file is already there`
          : `cannot move to ${destination}: ${paths.holder(destination)} is the same path on macOS and Windows`,
        action: 'left in place; rename one of the two',
      });
    } else {
      paths.add(destination);
      plan.operations.push({ kind: 'move', from: relPath, to: destination });
      from = relPath;
      relPath = destination;
    }
  }
  const changed = !sameBytes(bytes, file.bytes);
  if (changed)
    plan.operations.push({ kind: 'write', relPath, bytes, create: false, changes: fieldChanges(data, fields) });
  const outcome: Outcome = from ? 'moved' : changed ? 'updated' : 'unchanged';
  return {
    id: paper.id,
    title: paper.title,
    outcome,
    relPath,
    ...(from ? { from } : {}),
    themes: assignment.themes,
    pinned: assignment.pinned,
    matches: assignment.matches,
  };
}
