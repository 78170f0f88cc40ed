// Telling dumps from empty, binary and HTML files before parsing.
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../src/lib/ingest/decode.ts';

const decode = (bytes: Uint8Array | string) =>
  decodeSource({
    name: 'x.txt',
    file: 'sources/x.txt',
    bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes,
  });

describe('decodeSource', () => {
  it.each([
    ['an empty file', new Uint8Array(0), 'empty-file'],
    ['a file of blank lines', '\n\n  \r\n', 'empty-file'],
    [
      'a PNG image',
      new Uint8Array([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8,
        6, 0, 0, 0,
      ]),
      'binary-file',
    ],
    ['bytes that are not UTF-8', new Uint8Array([0x61, 0xff, 0xfe, 0xfd, 0x80, 0x62]), 'binary-file'],
    ['mostly NUL bytes', new Uint8Array(200).fill(0), 'binary-file'],
    [
      'a saved HTML page',
      '<!DOCTYPE html>\n<html><head><title>Daily Papers</title></head><body>…</body></html>',
      'html-file',
    ],
    ['an HTML fragment', '  <html lang="en">\n<body>x</body>', 'html-file'],
  ])('reports %s as not a dump', (_name, bytes, code) => {
    const result = decode(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatchObject({ file: 'sources/x.txt', code });
      expect(result.problem.action).toMatch(/^skipped/);
    }
  });

  it('decodes UTF-8 and drops the byte order mark', () => {
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('new\nÜ')]))).toEqual({
      ok: true,
      text: 'new\nÜ',
    });
  });

  it('decodes UTF-16 with a byte order mark (Windows "Unicode" text)', () => {
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...[...'new\nΩ'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ]);
    expect(decode(utf16)).toEqual({ ok: true, text: 'new\nΩ' });
  });

  it('keeps a text file with a stray NUL as text (the parser cleans the field)', () => {
    expect(decode(`Title with a NUL \u0000 in it\n\n${'Plain abstract text. '.repeat(20)}`).ok).toBe(true);
  });

  it('takes a dump whose titles hold HTML for text, not for an HTML page', () => {
    expect(decode('new\n\n<script>alert(1)</script> Attention\n').ok).toBe(true);
  });
});
