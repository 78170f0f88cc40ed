// The default dumps that ship with the project are recognised by name and content (CRLF read as LF): the
// recorded hashes are those of content/sources/, and any change or another name makes a dump the reader's.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_DUMPS, dumpHash, isShippedDump } from '../../src/lib/ingest/shipped.ts';
import { PROJECT } from '../fixtures/ingest/helpers.ts';

const SOURCES = path.join(PROJECT, 'content', 'sources');
const shipped = fs.readdirSync(SOURCES).sort();

describe('the shipped default dumps', () => {
  it('are every file of content/sources/, each with its hash recorded (update shipped.ts when one changes)', () => {
    expect(Object.keys(SHIPPED_DUMPS).sort()).toEqual(shipped);
    for (const name of shipped)
      expect(dumpHash(fs.readFileSync(path.join(SOURCES, name))), `the hash of ${name} in shipped.ts`).toBe(
        SHIPPED_DUMPS[name],
      );
  });

  it('are recognised by name and content, with CRLF line ends too', () => {
    for (const name of shipped) {
      const bytes = fs.readFileSync(path.join(SOURCES, name));
      expect(isShippedDump(name, bytes)).toBe(true);
      const crlf = Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n'));
      expect(isShippedDump(name, crlf)).toBe(true);
    }
  });

  it('are not recognised once changed, under another name, or by a name alone', () => {
    const name = shipped[0]!;
    const bytes = fs.readFileSync(path.join(SOURCES, name));
    expect(isShippedDump(name, Buffer.concat([bytes, Buffer.from('\n')]))).toBe(false);
    const edited = Buffer.from(bytes);
    edited[edited.length - 2] = edited[edited.length - 2]! ^ 1;
    expect(isShippedDump(name, edited)).toBe(false);
    expect(isShippedDump(`copy-${name}`, bytes)).toBe(false);
    expect(isShippedDump('constructor', bytes)).toBe(false);
    // A lone CR is not a line end: it stays part of the hash.
    expect(dumpHash(Buffer.from('a\rb'))).not.toBe(dumpHash(Buffer.from('a\nb')));
    expect(dumpHash(Buffer.from('a\r\nb\r\n'))).toBe(dumpHash(Buffer.from('a\nb\n')));
  });
});
