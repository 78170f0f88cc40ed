/**
 * The default dumps that ship with the project in content/sources/, recognised by name and content: the
 * SHA-256 of each file's text (CRLF read as LF, so a checkout that converts line endings still matches). Their
 * known problems (entries cut short in the page text they were saved from) are the same in every copy of the
 * project, so the human report counts them in one line and lists them under --verbose; a dump the reader added,
 * or a shipped one they changed, matches no entry here and has every problem shown in full.
 *
 * Replacing a shipped dump means updating its hash here (test/unit/ingest-shipped.test.ts names the new one).
 */
import { createHash } from 'node:crypto';

/** File name in sources/ → SHA-256 (hex) of its text with CRLF read as LF. */
export const SHIPPED_DUMPS: Readonly<Record<string, string>> = {
  '000_0331881b8cc86f1c.txt': '0f1989e72209eb7ce1f20bc300154c8d36ddf0aee85b5f8a3cae5056232d3e4c',
  '001_b8d7ce8aaaa69b2c.txt': '7299d071bff15440a96825b362de7433723f348a887da852fc049c655f54546a',
  '002_aea1191a128dc6dc.txt': '8da233c076d2064c263e5c109010db33f8dfaf7aca1cbe9fa5ca73fa837db325',
  '003_d7dad95a8af9272b.txt': '5d0103049f125b1aa4c2020743a6a98bcee879e06971b818eec21beef47e5d2f',
  '004_cd041472dc158a1d.txt': '40dbc86897c3319564fd1d4ce4a7787259a6dac5ff22cd0cf8a922e0ce79dfd0',
};

const CR = 0x0d;
const LF = 0x0a;

/** SHA-256 (hex) of a file's bytes with every CRLF read as LF. */
export function dumpHash(bytes: Uint8Array): string {
  const hash = createHash('sha256');
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] !== CR || bytes[i + 1] !== LF) continue;
    hash.update(bytes.subarray(start, i));
    start = i + 1;
  }
  hash.update(bytes.subarray(start));
  return hash.digest('hex');
}

/** True when a file of sources/ is one of the shipped default dumps, by its name and unchanged. */
export function isShippedDump(name: string, bytes: Uint8Array): boolean {
  const expected = Object.hasOwn(SHIPPED_DUMPS, name) ? SHIPPED_DUMPS[name] : undefined;
  return expected !== undefined && dumpHash(bytes) === expected;
}
