// Pagefind through its Node API on a small built folder: only paper pages (data-pagefind-body) are
// indexed, with their filters and sorts; a site whose paper pages lost the marker fails loudly instead
// of indexing navigation; an empty reading list builds without an index.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexWithPagefind } from '../../src/integrations/pagefind.ts';
import { makeTemp, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

const paper = (title: string, theme: string) => `<!doctype html><html lang="en"><body><nav>Themes All papers</nav>
  <article data-pagefind-body><h1 data-pagefind-meta="title" data-pagefind-weight="10">${title}</h1><p>About the KV cache.</p>
  <div hidden data-pagefind-ignore><span data-pagefind-filter="theme">${theme}</span>
  <span data-pagefind-sort="date" data-pagefind-meta="date">2024-01-02</span></div></article></body></html>`;

async function site(files: Record<string, string>): Promise<string> {
  const dir = await makeTemp('pagefind-');
  for (const [file, html] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), html);
  }
  return dir;
}

describe('indexWithPagefind', () => {
  it('indexes the paper pages only and ships the bundle without Pagefind’s unused UIs', async () => {
    const dir = await site({
      'index.html': '<!doctype html><html lang="en"><body><h1>Home</h1><p>KV cache papers</p></body></html>',
      'themes/kv-cache.html': '<!doctype html><html lang="en"><body><h1>KV cache</h1></body></html>',
      'papers/a.html': paper('SnapKV', 'KV cache'),
      'papers/b.html': paper('MInference', 'Sparse attention'),
    });
    const report = await indexWithPagefind(dir);
    expect(report.indexedPages).toBe(2);
    expect(report.bundleBytes).toBeGreaterThan(0);
    const entry = JSON.parse(await fs.readFile(path.join(dir, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(entry.languages.en.page_count).toBe(2);
    const files = await fs.readdir(path.join(dir, 'pagefind'));
    expect(files).toContain('pagefind.js');
    expect(files.filter((f) => f.includes('-ui.'))).toEqual([]);
  });

  it('fails when paper pages carry no data-pagefind-body, rather than indexing every page', async () => {
    const dir = await site({ 'papers/a.html': '<!doctype html><html lang="en"><body><h1>SnapKV</h1></body></html>' });
    await expect(indexWithPagefind(dir)).rejects.toThrow(/no page carries data-pagefind-body.*papers\/\*\.html/);
  });

  it('writes no index for a reading list without papers', async () => {
    const dir = await site({ 'index.html': '<!doctype html><html lang="en"><body><h1>Home</h1></body></html>' });
    expect(await indexWithPagefind(dir)).toEqual({
      indexedPages: 0,
      bundleBytes: 0,
      skipped: 'the reading list has no papers yet',
    });
  });
});
