/**
 * First look at a file from sources/: is it text at all? Empty files, binary
 * files and HTML pages saved by mistake become one problem each, so the rest
 * of the run carries on. Text is decoded (UTF-8, or UTF-16 with a byte order
 * mark) without its byte order mark.
 */
import type { Problem } from '../project/errors.ts';
import type { SourceFile } from './types.ts';

export type Decoded = { ok: true; text: string } | { ok: false; problem: Problem };

/** Share of control characters above which a file is taken for binary (a stray NUL in text is not). */
const MAX_CONTROL_SHARE = 0.05;

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    // TextDecoder drops a UTF-8 byte order mark by default.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function controlShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return 0;
  const controls = sample.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls / sample.length;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml|<!--)/i.test(text.slice(0, 2048));
}

/** Decodes a source file, or says why it is not a dump. */
export function decodeSource(source: SourceFile): Decoded {
  const skip = (code: string, message: string, action: string): Decoded => ({
    ok: false,
    problem: { file: source.file, code, message, action },
  });
  if (source.bytes.length === 0)
    return skip('empty-file', 'the file is empty', 'skipped; paste a Daily Papers listing into it or remove it');
  const text = decodeText(source.bytes);
  if (text === undefined || controlShare(text) > MAX_CONTROL_SHARE) {
    return skip(
      'binary-file',
      'the file is not text (binary or an unknown encoding)',
      'skipped; save the listing as UTF-8 text or remove the file',
    );
  }
  if (text.trim() === '')
    return skip(
      'empty-file',
      'the file holds only blank lines',
      'skipped; paste a Daily Papers listing into it or remove it',
    );
  if (looksLikeHtml(text)) {
    return skip(
      'html-file',
      'this is an HTML page, not a text dump',
      'skipped; open the page in a browser, select all, copy, and paste the text into a .txt file',
    );
  }
  return { ok: true, text };
}
