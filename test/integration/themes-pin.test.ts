// A pinned theme wins over the default taxonomy's rules and survives re-ingest, notes intact.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { splitFrontmatter } from '../../src/lib/ingest/frontmatter.ts';
import { ingest, realContentRoot } from '../helpers/real-site.ts';
import { removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

function findPaper(root: string, prefix: string): string {
  for (const folder of fs.readdirSync(path.join(root, 'papers'))) {
    for (const file of fs.readdirSync(path.join(root, 'papers', folder))) {
      if (file.startsWith(prefix)) return path.join(root, 'papers', folder, file);
    }
  }
  throw new Error(`no paper file starting with ${prefix}`);
}

function frontmatter(file: string): Record<string, unknown> {
  const split = splitFrontmatter(fs.readFileSync(file));
  if (!split.ok) throw new Error(`${file}: ${split.message}`);
  return parseYaml(split.split.frontmatter) as Record<string, unknown>;
}

describe('pinning a theme on the default list', () => {
  it("moves the paper to the pinned theme, keeps the rules' themes as secondary, and survives re-ingest", async () => {
    const root = await realContentRoot();
    const before = findPaper(root, 'kivi-');
    expect(path.basename(path.dirname(before))).toBe('kv-cache');

    const notes = '\nMy notes on KIVI: $2$-bit keys, per-channel.\n';
    const text = fs.readFileSync(before, 'utf8').replace(/^themes: .*$/m, (line) => `${line}\npin: llm-serving`);
    fs.writeFileSync(before, text + notes);

    await ingest(root);
    const after = findPaper(root, 'kivi-');
    expect(path.basename(path.dirname(after))).toBe('llm-serving');
    const data = frontmatter(after);
    expect(data.pin).toBe('llm-serving');
    expect((data.themes as string[])[0]).toBe('llm-serving');
    expect(data.themes).toContain('kv-cache');
    expect(fs.readFileSync(after, 'utf8').endsWith(notes)).toBe(true);

    // A second import with the same inputs changes nothing.
    const bytes = fs.readFileSync(after);
    await ingest(root);
    expect(findPaper(root, 'kivi-')).toBe(after);
    expect(fs.readFileSync(after).equals(bytes)).toBe(true);
  });
});
