// Marks from a paper page under `astro dev`: which requests are taken, what a body may hold, which files may be
// written, and that a write changes only the keys marked (through ingest's frontmatter editor and replaceFile).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMark, fingerprint, parseMark, requestRefusal, resolvePaperFile } from '../../src/lib/dev/marks.ts';

const JSON_TYPE = 'application/json';
const own = { host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321', 'content-type': JSON_TYPE };

describe('requestRefusal', () => {
  it('takes a JSON POST from the dev server’s own page', () => {
    expect(requestRefusal('POST', own)).toBeUndefined();
    expect(requestRefusal('POST', { ...own, host: 'localhost:4321', origin: 'http://localhost:4321' })).toBeUndefined();
    expect(requestRefusal('POST', { ...own, 'sec-fetch-site': 'same-origin' })).toBeUndefined();
  });

  it('refuses another origin, a missing origin, a foreign host name, another method and other types', () => {
    expect(requestRefusal('POST', { ...own, origin: 'http://evil.example' })?.status).toBe(403);
    expect(requestRefusal('POST', { ...own, origin: 'http://127.0.0.1:9999' })?.status).toBe(403);
    expect(requestRefusal('POST', { ...own, origin: undefined })?.status).toBe(403);
    expect(requestRefusal('POST', { ...own, 'sec-fetch-site': 'cross-site' })?.status).toBe(403);
    // A DNS name pointed at 127.0.0.1: Origin and Host agree, the host itself is refused.
    const rebound = { ...own, host: 'evil.example:4321', origin: 'http://evil.example:4321' };
    expect(requestRefusal('POST', rebound)?.status).toBe(403);
    expect(requestRefusal('POST', rebound, ['evil.example'])).toBeUndefined();
    expect(requestRefusal('GET', own)?.status).toBe(405);
    expect(requestRefusal('POST', { ...own, 'content-type': 'text/plain' })?.status).toBe(415);
    expect(requestRefusal('POST', { ...own, 'content-type': 'application/x-www-form-urlencoded' })?.status).toBe(415);
  });
});

describe('parseMark', () => {
  const fp = 'a'.repeat(64);
  it('takes status, tags and rating (null removes it)', () => {
    expect(parseMark(JSON.stringify({ file: 'a/b.mdx', fingerprint: fp, status: 'read', rating: null }))).toEqual({
      ok: true,
      mark: { file: 'a/b.mdx', fingerprint: fp, status: 'read', rating: null },
    });
  });

  it('answers 400 with the reason for anything else', () => {
    const reason = (body: unknown) => {
      const result = parseMark(typeof body === 'string' ? body : JSON.stringify(body));
      return result.ok ? undefined : `${result.response.status} ${(result.response.body as { error: string }).error}`;
    };
    expect(reason('{nope')).toBe('400 the body is not JSON');
    expect(reason({ file: 'a/b.mdx', fingerprint: fp, status: 'done' })).toMatch(
      /^400 status: .*"to-read"\|"reading"\|"read"/,
    );
    expect(reason({ file: 'a/b.mdx', fingerprint: fp, rating: 0 })).toMatch(/^400 rating: /);
    expect(reason({ file: 'a/b.mdx', fingerprint: fp, rating: 2.5 })).toMatch(/^400 rating: /);
    expect(reason({ file: 'a/b.mdx', fingerprint: fp, tags: [''] })).toMatch(/^400 tags\[0\]: /);
    expect(reason({ file: 'a/b.mdx', fingerprint: fp, title: 'x' })).toMatch(/title; only status, tags, rating\)$/);
    expect(reason({ file: 'a/b.mdx', fingerprint: 'x', status: 'read' })).toMatch(/^400 fingerprint: /);
  });
});

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function papersDir(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marks-'));
  temps.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return path.join(root, 'papers');
}

describe('resolvePaperFile', () => {
  it('takes an .mdx file inside papers/ and refuses anything else', () => {
    const dir = papersDir({ 'papers/kv/a.mdx': '---\ntitle: A\n---\n', 'site.yaml': 'title: x\n', 'outside.mdx': '' });
    fs.symlinkSync(path.join(dir, '..', 'outside.mdx'), path.join(dir, 'kv', 'link.mdx'));
    expect(resolvePaperFile(dir, 'kv/a.mdx')).toEqual({ ok: true, path: path.join(dir, 'kv', 'a.mdx') });
    for (const bad of ['../site.yaml', '../outside.mdx', 'kv/../../outside.mdx', '/etc/passwd', 'kv/.a.mdx', 'kv'])
      expect(resolvePaperFile(dir, bad), bad).toMatchObject({ ok: false, response: { status: 400 } });
    expect(resolvePaperFile(dir, 'kv/link.mdx')).toMatchObject({ ok: false, response: { status: 400 } });
    expect(resolvePaperFile(dir, 'kv/missing.mdx')).toMatchObject({ ok: false, response: { status: 404 } });
  });
});

describe('applyMark', () => {
  const paper = [
    '---',
    '# mine',
    'title: T',
    'date: 2025-01-02 # a comment',
    'status: to-read   # aligned',
    'custom: x',
    '---',
    '',
    'Notes {with braces} and <b>tags</b>.',
    '',
  ].join('\n');

  function write(text = paper): string {
    const dir = papersDir({ 'papers/t/p.mdx': text });
    return path.join(dir, 't', 'p.mdx');
  }

  it('changes only the keys marked; new keys go where the schema orders them', () => {
    const file = write();
    const response = applyMark(
      file,
      {
        file: 't/p.mdx',
        fingerprint: fingerprint(fs.readFileSync(file)),
        status: 'read',
        tags: ['a', ' a ', 'b c'],
        rating: 3,
      },
      'shown.mdx',
    );
    expect(response.status).toBe(200);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(
      paper.replace('status: to-read   # aligned\n', 'status: read   # aligned\ntags: [a, b c]\nrating: 3\n'),
    );
    expect(response.body).toEqual({
      ok: true,
      fingerprint: fingerprint(Buffer.from(text)),
      written: ['status', 'tags', 'rating'],
    });
  });

  it('removes the rating, and never writes a default into a file that leaves the key out', () => {
    const file = write(paper.replace('status: to-read   # aligned\n', 'rating: 2\n'));
    const before = fs.readFileSync(file, 'utf8');
    const mark = {
      file: 't/p.mdx',
      fingerprint: fingerprint(Buffer.from(before)),
      status: 'to-read' as const,
      tags: [],
      rating: null,
    };
    expect(applyMark(file, mark, 'shown.mdx').status).toBe(200);
    expect(fs.readFileSync(file, 'utf8')).toBe(before.replace('rating: 2\n', ''));
  });

  it('answers 409 and writes nothing when the file changed since the page was rendered', () => {
    const file = write();
    const old = fingerprint(fs.readFileSync(file));
    fs.appendFileSync(file, 'A new note.\n');
    const response = applyMark(file, { file: 't/p.mdx', fingerprint: old, status: 'read' }, 'content/papers/t/p.mdx');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^content\/papers\/t\/p\.mdx changed on disk/),
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${paper}A new note.\n`);
  });

  it('leaves a read-only file alone and says so', () => {
    const file = write();
    fs.chmodSync(file, 0o444);
    const response = applyMark(
      file,
      { file: 't/p.mdx', fingerprint: fingerprint(fs.readFileSync(file)), status: 'read' },
      'p.mdx',
    );
    expect(response).toMatchObject({ status: 409, body: { ok: false, error: expect.stringMatching(/read-only/) } });
    expect(fs.readFileSync(file, 'utf8')).toBe(paper);
  });

  it('names the line of frontmatter it cannot edit', () => {
    const file = write('---\ntitle: [unclosed\n---\n');
    const response = applyMark(
      file,
      { file: 't/p.mdx', fingerprint: fingerprint(fs.readFileSync(file)), status: 'read' },
      'p.mdx',
    );
    expect(response).toMatchObject({
      status: 422,
      body: { error: expect.stringMatching(/^p\.mdx:\d+: the frontmatter is not valid YAML/) },
    });
  });
});
