// The file:// index read off the built pages that carry data-pagefind-body comes out the same as an index
// read from each page on its own; Pagefind's page check takes the count of marked pages from that reading.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root } from 'hast';
import { fallbackIndexReader } from '../../src/integrations/search-fallback.ts';
import { indexWithPagefind } from '../../src/integrations/pagefind.ts';
import {
  buildFallbackIndex,
  fallbackIndexScript,
  recordFromPage,
  type PageRecord,
} from '../../src/lib/search/fallback-index.ts';
import { SEARCH_FILTERS, SEARCH_PATHS, SEARCH_SORTS } from '../../src/lib/search/paths.ts';
import { makeTemp, removeTemp } from '../helpers/site.ts';

afterAll(removeTemp);

const OPTIONS = { filters: SEARCH_FILTERS, sorts: SEARCH_SORTS };

const paper = (
  title: string,
  theme: string,
  note: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
  <link rel="stylesheet" href="/_astro/site.css"></head><body><nav><a href="/index.html">Home</a></nav>
  <article data-pagefind-body><h1 data-pagefind-meta="title">${title}</h1><p>${note}</p>
  <p><a href="/themes/kv-cache.html">${theme}</a></p>
  <div hidden data-pagefind-ignore><span data-pagefind-filter="theme">${theme}</span>
  <span data-pagefind-sort="date" data-pagefind-meta="date">2024-01-02</span></div></article></body></html>`;

const FILES: Record<string, string> = {
  '_astro/site.css': 'body{color:red}',
  'search/search.js': '/* search */',
  'index.html':
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><h1>Home</h1><a href="/papers/a.html">A</a></body></html>',
  'themes/kv-cache.html':
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><h1>KV cache</h1><a href="/papers/b.html">B</a></body></html>',
  'papers/a.html': paper('SnapKV', 'KV cache', 'Selects the quokkaberry positions.'),
  'papers/b.html': paper('MInference', 'Sparse attention', 'Dynamic sparse prefill.'),
};

async function site(files: Record<string, string>): Promise<string> {
  const dir = await makeTemp('one-pass-');
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('the search indexes read off the built pages', () => {
  it('reads the file:// index off the marked pages as built, and the index matches one read from the pages alone', async () => {
    const dir = await site(FILES);
    const reader = fallbackIndexReader();
    await reader.readDist(dir);
    expect(reader.papers).toBe(2);

    await reader.write(dir);
    const written = await fs.readFile(path.join(dir, SEARCH_PATHS.fallbackIndex), 'utf8');
    const parse = (html: string) => unified().use(rehypeParse).parse(html) as Root;
    const records = ['papers/a.html', 'papers/b.html', 'index.html', 'themes/kv-cache.html']
      .map((file) => recordFromPage(parse(FILES[file]!), file, OPTIONS))
      .filter((r): r is PageRecord => r !== null);
    expect(written).toBe(fallbackIndexScript(buildFallbackIndex(records, OPTIONS)));
    expect(written).toContain('quokkaberry');

    reader.reset();
    expect(reader.papers).toBe(0);
  });

  it('checks Pagefind against the count of marked pages the file:// index read, without parsing the pages again', async () => {
    const dir = await site(FILES);
    await expect(indexWithPagefind(dir, { bodyPages: 3 })).rejects.toThrow(
      /Pagefind indexed 2 pages but 3 pages carry data-pagefind-body/,
    );
    await expect(indexWithPagefind(dir, { bodyPages: 0 })).rejects.toThrow(
      /no page carries data-pagefind-body.*papers\/\*\.html/,
    );
    expect((await indexWithPagefind(dir, { bodyPages: 2 })).indexedPages).toBe(2);
  });
});
