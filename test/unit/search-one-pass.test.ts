// One parse per built page: the relative-URL pass hands each page's tree, as Astro wrote it, to the
// file:// index, which comes out the same as an index read from the pages on their own; Pagefind's
// page check takes the count of marked pages from that pass; a page with nothing to rewrite is left as it was.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import { makeDistPortable } from '../../src/lib/portable/make-portable.ts';
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

describe('the one pass over the built pages', () => {
  it('feeds the file:// index the pages as built, and the index matches one read from the pages alone', async () => {
    const dir = await site(FILES);
    const reader = fallbackIndexReader();
    const seen: Array<{ file: string; href: unknown }> = [];
    await makeDistPortable(dir, {
      rootMarker: SEARCH_PATHS.script,
      readers: [
        reader,
        {
          page(tree: Root, file: string) {
            let href: unknown;
            visit(tree, 'element', (node) => {
              if (node.tagName === 'link' && href === undefined) href = node.properties.href;
            });
            seen.push({ file, href });
          },
        },
      ],
    });
    expect(seen.map((s) => s.file).sort()).toEqual([
      'index.html',
      'papers/a.html',
      'papers/b.html',
      'themes/kv-cache.html',
    ]);
    // Readers see URLs before the pass rewrites them.
    expect(seen.find((s) => s.file === 'papers/a.html')?.href).toBe('/_astro/site.css');
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

  it('leaves a page with no URL to rewrite exactly as it was written', async () => {
    const untouched =
      '<!doctype html><html lang="en"><head><meta charset=utf-8></head><body><p>No links here<p>At all</body></html>';
    const dir = await site({ ...FILES, 'plain.html': untouched });
    const report = await makeDistPortable(dir, { rootMarker: SEARCH_PATHS.script });
    expect(report).toMatchObject({ htmlFiles: 5, htmlChanged: 4 });
    expect(await fs.readFile(path.join(dir, 'plain.html'), 'utf8')).toBe(untouched);
    expect(await fs.readFile(path.join(dir, 'papers/a.html'), 'utf8')).toContain('href="../themes/kv-cache.html"');
  });

  it('checks Pagefind against the count of marked pages the pass found, without parsing the pages again', async () => {
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
