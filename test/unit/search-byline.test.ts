// The byline in search results: read from the page's data-pagefind-meta="byline" into the file:// index, as
// Pagefind reads it; the authors' names are searchable words, the abstract (not the names) starts the excerpt.
import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { recordFromPage } from '../../src/lib/search/fallback-index.ts';
import { SEARCH_FILTERS, SEARCH_SORTS } from '../../src/lib/search/paths.ts';

const OPTIONS = { filters: SEARCH_FILTERS, sorts: SEARCH_SORTS };
const parse = (html: string) => unified().use(rehypeParse).parse(html) as Root;

const page = (byline: string) => `<!doctype html><html lang="en"><body>
  <article data-pagefind-body>
    <h1 data-pagefind-meta="title">Absolute Zero</h1>
    <dl class="facts"><dt data-pagefind-ignore>Authors</dt><dd><details><summary>Andrew Zhao, Yiran Wu, Yang Yue et al.</summary>
      <div class="author-names">Andrew Zhao, Yiran Wu, Yang Yue, Gao Huang</div></details></dd></dl>
    <section><h2 data-pagefind-ignore>Abstract</h2><p>Reinforcement learning with verifiable rewards.</p></section>
    <div hidden data-pagefind-ignore>
      <span data-pagefind-sort="date" data-pagefind-meta="date">2025-05-06</span>
      ${byline}
    </div>
  </article></body></html>`;

describe('the byline of a search result', () => {
  it('is read from the meta the page declares', () => {
    const record = recordFromPage(
      parse(page('<span data-pagefind-meta="byline">Andrew Zhao, Yiran Wu et al.</span>')),
      'papers/az.html',
      OPTIONS,
    )!;
    expect(record.b).toBe('Andrew Zhao, Yiran Wu et al.');
    expect(record.s.date).toBe('2025-05-06');
  });

  it('is left out when the page has none', () => {
    expect(recordFromPage(parse(page('')), 'papers/az.html', OPTIONS)).not.toHaveProperty('b');
  });

  it('leaves the names searchable and the abstract first in the excerpt', () => {
    const record = recordFromPage(parse(page('')), 'papers/az.html', OPTIONS)!;
    expect(record.words).toEqual(expect.arrayContaining(['gao', 'huang']));
    expect(record.x.startsWith('Reinforcement learning')).toBe(true);
  });
});
