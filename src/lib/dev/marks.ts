/**
 * Marking a paper from its page under `astro dev`: the reader-owned keys
 * `status`, `tags` and `rating` written into the paper's MDX file.
 *
 * The write goes through ingest's own tools: the frontmatter is edited in the
 * `yaml` syntax tree (src/lib/ingest/frontmatter.ts: only the tokens of the
 * keys set change; comments, key order and the notes stay byte for byte), and
 * the file is replaced atomically only if it is still the file that was read
 * (src/lib/ingest/store.ts: replaceFile). The page carries the fingerprint of
 * the file it was rendered from; a file that changed on disk since gets a 409.
 *
 * Only a request from the dev server's own pages is served (see
 * `requestRefusal`): another web page open in the same browser must not be
 * able to write files through it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'astro/zod';
import { type FieldValue, FrontmatterEditError, joinFile, setKeys, splitFrontmatter } from '../ingest/frontmatter.ts';
import { replaceFile } from '../ingest/store.ts';
import { formatPath, parseYamlWithLines, type ParsedYaml, yamlData } from '../project/yaml-lines.ts';
import { PaperSchema } from '../../schemas/paper.ts';

/** Where the dev server takes marks (POST, JSON). Served only by `astro dev`. */
export const MARKS_ENDPOINT = '/__reading-list/marks';

/** Largest request body read (a mark is a few hundred bytes). */
export const MAX_MARK_BYTES = 16 * 1024;

/** The keys a mark may write, in the schema's order. */
export const MARK_KEYS = ['status', 'tags', 'rating'] as const;

/** What the page sends: the file, the fingerprint it was rendered from, and the keys to write. */
export const MarkRequestSchema = z
  .object({
    /** The paper file, relative to the content root's papers/ folder, e.g. kv-cache/h2o.mdx. */
    file: z.string().min(1, 'name the paper file'),
    /** sha256 (hex) of the file's bytes when the page was rendered. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 fingerprint in hex'),
    status: PaperSchema.shape.status.unwrap().optional(),
    tags: PaperSchema.shape.tags.unwrap().optional(),
    /** null removes the rating. */
    rating: PaperSchema.shape.rating.unwrap().nullable().optional(),
  })
  .strict();

export type MarkRequest = z.output<typeof MarkRequestSchema>;

/** The fingerprint of a file's bytes, as the page carries it. */
export function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface MarkResponse {
  status: number;
  body: { ok: true; fingerprint: string; written: string[] } | { ok: false; error: string };
}

function fail(status: number, error: string): MarkResponse {
  return { status, body: { ok: false, error } };
}

/** Loopback names: the dev server answers them without being told to (as Vite's own host check does). */
function isLoopback(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export interface RequestHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  'content-type'?: string | undefined;
  'sec-fetch-site'?: string | undefined;
}

/**
 * Why a request must be refused before its body is read, or undefined when it comes from the dev server's own
 * page. The page's `Origin` must name the server's `Host`, and that host must be a loopback name or one the dev
 * server was told to answer (`allowedHosts`): with a DNS name pointed at 127.0.0.1, a foreign page's Origin
 * and Host would agree, so the host itself is checked too. Only JSON is taken (a cross-site form cannot send
 * it without the browser asking first).
 */
export function requestRefusal(
  method: string | undefined,
  headers: RequestHeaders,
  allowedHosts: readonly string[] | true = [],
): MarkResponse | undefined {
  if (method !== 'POST') return fail(405, 'send the marks with POST');
  const host = headers.host;
  if (!host) return fail(403, 'refused: the request names no Host');
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return fail(403, `refused: "${host}" is not a host name`);
  }
  const allowed =
    allowedHosts === true ||
    isLoopback(hostname) ||
    allowedHosts.some((name) =>
      name.startsWith('.') ? hostname === name.slice(1) || hostname.endsWith(name) : hostname === name,
    );
  if (!allowed)
    return fail(403, `refused: the dev server takes marks only on its own host names (localhost), not "${host}"`);
  const origin = headers.origin;
  if (!origin || (origin !== `http://${host}` && origin !== `https://${host}`))
    return fail(403, 'refused: marks are taken only from the dev server’s own pages (same origin)');
  if (headers['sec-fetch-site'] && headers['sec-fetch-site'] !== 'same-origin')
    return fail(403, 'refused: marks are taken only from the dev server’s own pages (same origin)');
  if (!/^application\/json\b/i.test(headers['content-type'] ?? ''))
    return fail(415, 'send the marks as JSON (Content-Type: application/json)');
  return undefined;
}

/** The request body as a mark, or a 400 naming what is wrong. */
export function parseMark(text: string): { ok: true; mark: MarkRequest } | { ok: false; response: MarkResponse } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: fail(400, 'the body is not JSON') };
  }
  const result = MarkRequestSchema.safeParse(json);
  if (result.success) return { ok: true, mark: result.data };
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')}; only ${MARK_KEYS.join(', ')})` : '';
  return { ok: false, response: fail(400, `${where}${issue.message}${keys}`) };
}

/**
 * The paper file a mark names, made absolute, or why it is refused: it must be an .mdx file inside the
 * content root's papers/ folder (after links are followed), neither hidden nor anything else.
 */
export function resolvePaperFile(
  papersDir: string,
  file: string,
): { ok: true; path: string } | { ok: false; response: MarkResponse } {
  const parts = file.split('/');
  if (
    path.isAbsolute(file) ||
    file.includes('\\') ||
    file.includes('\0') ||
    !file.endsWith('.mdx') ||
    parts.some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.'))
  )
    return {
      ok: false,
      response: fail(400, `file: "${file}" is not a paper file (a path such as kv-cache/h2o.mdx inside papers/)`),
    };
  const target = path.join(papersDir, ...parts);
  let real: string;
  let realRoot: string;
  try {
    real = fs.realpathSync(target);
    realRoot = fs.realpathSync(papersDir);
  } catch {
    return {
      ok: false,
      response: fail(404, `file: no paper file papers/${file} (moved or removed?); reload the page`),
    };
  }
  const relative = path.relative(realRoot, real);
  if (relative.startsWith('..') || path.isAbsolute(relative) || !fs.statSync(real).isFile())
    return { ok: false, response: fail(400, `file: papers/${file} is not a paper file inside the content root`) };
  return { ok: true, path: target };
}

/** The keys to write: only what the request sets, and never a default written into a file that leaves it out. */
function fieldsOf(mark: MarkRequest, current: Record<string, unknown>): Array<[string, FieldValue | undefined]> {
  const fields: Array<[string, FieldValue | undefined]> = [];
  if (mark.status !== undefined && !(current.status === undefined && mark.status === 'to-read'))
    fields.push(['status', mark.status]);
  if (mark.tags !== undefined) {
    const tags = [...new Set(mark.tags.map((tag) => tag.trim()).filter(Boolean))];
    if (!(current.tags === undefined && tags.length === 0)) fields.push(['tags', tags]);
  }
  if (mark.rating !== undefined) fields.push(['rating', mark.rating ?? undefined]);
  return fields;
}

/** Line of a parsed frontmatter's first YAML syntax error. */
function lineOfError(parsed: ParsedYaml): number | undefined {
  const error = parsed.doc.errors[0];
  return error ? parsed.lineCounter.linePos(error.pos[0]).line : undefined;
}

/** The schema's key order: a key the file lacks goes after its predecessor there. */
const KEY_ORDER = Object.keys(PaperSchema.shape);

/**
 * Writes a mark into a paper file, if the file is still the one the page was rendered from.
 * @param shown the file as messages show it, e.g. content/papers/kv-cache/h2o.mdx
 */
export function applyMark(target: string, mark: MarkRequest, shown: string): MarkResponse {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(target);
  } catch {
    return fail(404, `${shown}: the file is gone; reload the page`);
  }
  const changed = () =>
    fail(
      409,
      `${shown} changed on disk since this page was loaded, so nothing was written (your edit there is kept). Reload the page, then mark it again.`,
    );
  if (fingerprint(bytes) !== mark.fingerprint) return changed();
  const split = splitFrontmatter(bytes);
  if (!split.ok) return fail(422, `${shown}:${split.line}: ${split.message}; fix the file, then mark it again`);
  const { frontmatter, eol, firstLine } = split.split;
  let text: string;
  try {
    const parsed = parseYamlWithLines(frontmatter);
    const data = parsed.doc.errors.length === 0 ? yamlData(parsed) : undefined;
    if (!data?.ok) {
      const line = data ? data.line : (lineOfError(parsed) ?? 1);
      return fail(
        422,
        `${shown}:${line + firstLine - 1}: the frontmatter is not valid YAML; fix it, then mark it again`,
      );
    }
    const current = (data.value && typeof data.value === 'object' ? data.value : {}) as Record<string, unknown>;
    text = setKeys(frontmatter, fieldsOf(mark, current), KEY_ORDER, eol);
  } catch (error) {
    const reason = error instanceof FrontmatterEditError ? error.message : String(error);
    return fail(422, `${shown}:${firstLine}: ${reason}; fix the frontmatter, then mark it again`);
  }
  const written = MARK_KEYS.filter((key) => mark[key] !== undefined);
  if (text === frontmatter) return { status: 200, body: { ok: true, fingerprint: mark.fingerprint, written } };
  const next = joinFile(split.split, text);
  const outcome = replaceFile(target, next, { bytes });
  if (outcome === 'changed') return changed();
  if (outcome === 'read-only')
    return fail(
      409,
      `${shown} is read-only (no write permission), so nothing was written; make it writable to mark it here`,
    );
  return { status: 200, body: { ok: true, fingerprint: fingerprint(next), written } };
}
