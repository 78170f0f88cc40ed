// The file:// fallback search: words, the index read from built pages' data-pagefind-* markup, and
// matching, ranking, filtering and sorting over it, the same semantics as the Pagefind mode.
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root } from 'hast';
import { foldPlural, tokenize, uniqueTokens } from '../../src/lib/search/tokenize.ts';
import { buildFallbackIndex, fallbackIndexScript, recordFromPage } from '../../src/lib/search/fallback-index.ts';
import {
  markExcerpt,
  prepareIndex,
  searchFallback,
  type FallbackIndex,
  type FallbackRecord,
} from '../../src/lib/search/fallback-engine.ts';
import type { PageRecord } from '../../src/lib/search/fallback-index.ts';
import { SEARCH_FILTERS, SEARCH_SORTS } from '../../src/lib/search/paths.ts';

const OPTIONS = { filters: SEARCH_FILTERS, sorts: SEARCH_SORTS };
const parse = (html: string) => unified().use(rehypeParse).parse(html) as Root;

describe('tokenize', () => {
  it('lower-cases, folds accents, splits on anything but letters and digits', () => {
    expect(tokenize('KV-Cache für LLaMA-3, Über 95%')).toEqual(['kv', 'cache', 'fur', 'llama', '3', 'uber', '95']);
  });

  it('folds plurals lightly on both sides', () => {
    expect(foldPlural('caches')).toBe('cache');
    expect(foldPlural('llms')).toBe('llm');
    expect(foldPlural('class')).toBe('class');
    expect(foldPlural('analysis')).toBe('analysis');
    expect(foldPlural('has')).toBe('has');
    expect(uniqueTokens('Cache caches CACHE')).toEqual(['cache']);
  });
});

const PAPER_PAGE = `<!doctype html><html lang="en"><body>
  <nav>Navigation: KV cache papers, All papers</nav>
  <article data-pagefind-body>
    <p data-pagefind-ignore><a href="../themes/kv-cache.html">KV cache</a></p>
    <h1 data-pagefind-meta="title" data-pagefind-weight="10">H2O: Heavy-Hitter Oracle</h1>
    <section><h2>Abstract</h2><p>A KV cache eviction policy.</p><p>Keeps heavy hitters.</p>
      <span class="katex"><span class="katex-mathml"><math><mi>O</mi></math></span><span class="katex-html">O(k)</span></span></section>
    <section><h2>Notes</h2><p>The quokkaberry ablation.</p></section>
    <div hidden data-pagefind-ignore>
      <span data-pagefind-filter="theme">KV cache</span><span data-pagefind-filter="theme">Sparse attention</span>
      <span data-pagefind-filter="year">2023</span><span data-pagefind-filter="status">reading</span>
      <span data-pagefind-filter="tag">eviction</span>
      <span data-pagefind-sort="date" data-pagefind-meta="date">2023-06-24</span>
      <span data-pagefind-sort="upvotes" data-pagefind-meta="upvotes">30</span>
    </div>
    <div data-pagefind-ignore="all"><span data-pagefind-filter="tag">not-this-one</span>Related: other words</div>
    <span data-pagefind-filter="organization:Rice University"></span>
    <time data-pagefind-filter="year[datetime]" datetime="2023"></time>
  </article></body></html>`;

describe('recordFromPage', () => {
  const record = recordFromPage(parse(PAPER_PAGE), 'papers/h2o.html', OPTIONS)!;

  it('reads title, filters and sorts the way Pagefind does', () => {
    expect(record.u).toBe('papers/h2o.html');
    expect(record.t).toBe('H2O: Heavy-Hitter Oracle');
    expect(record.f).toEqual({
      theme: ['KV cache', 'Sparse attention'],
      year: ['2023'],
      status: ['reading'],
      tag: ['eviction'],
      organization: ['Rice University'],
    });
    expect(record.s).toEqual({ date: '2023-06-24', upvotes: '30' });
  });

  it('indexes the body text (notes included) but not ignored, hidden or navigation text', () => {
    const { words } = record;
    expect(words).toEqual(
      expect.arrayContaining(['kv', 'cache', 'eviction', 'heavy', 'hitter', 'quokkaberry', 'note']),
    );
    expect(words).not.toContain('the'); // stopwords stay out of the index
    expect(words).not.toContain('navigation');
    expect(words).not.toContain('related');
    expect(words).not.toContain('oracle'); // the title is stored on its own
    expect(record.x).toBe('A KV cache eviction policy. Keeps heavy hitters. The quokkaberry ablation.');
  });

  it('skips pages without data-pagefind-body', () => {
    expect(
      recordFromPage(parse('<html><body><h1>Home</h1><p>KV cache</p></body></html>'), 'index.html', OPTIONS),
    ).toBeNull();
  });

  it('caps the words of a huge note and cuts the excerpt at a word', () => {
    const many = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const r = recordFromPage(parse(`<article data-pagefind-body><h1>T</h1><p>${many}</p></article>`), 'p.html', {
      ...OPTIONS,
      maxWords: 10,
      excerptLength: 30,
    })!;
    expect(r.words).toHaveLength(10);
    expect(r.x).toBe('word0 word1 word2 word3 word4…');
  });

  it('writes each page’s words as codes into one vocabulary, the most shared words first', () => {
    const index = buildFallbackIndex(
      [
        { ...record, u: 'papers/b.html', words: ['cache', 'eviction'] },
        { ...record, u: 'papers/a.html', words: ['kv', 'cache'] },
      ],
      OPTIONS,
    );
    expect(index.words).toEqual(['cache', 'eviction', 'kv']);
    expect(index.records.map((r) => [r.u, r.w])).toEqual([
      ['papers/a.html', '2 0'],
      ['papers/b.html', '0 1'],
    ]);
    expect(
      searchFallback(prepareIndex(index), { text: 'eviction', filters: {}, sort: '' }).hits.map((h) => h.record.u),
    ).toEqual(['papers/b.html']);
  });

  it('writes a classic script that defines the index', () => {
    const script = fallbackIndexScript(buildFallbackIndex([record], OPTIONS));
    const sandbox: { window: Record<string, unknown> } = { window: {} };
    new Function('window', script)(sandbox.window);
    expect((sandbox.window.__searchIndex as FallbackIndex).records[0]!.t).toBe('H2O: Heavy-Hitter Oracle');
  });
});

function rec(u: string, t: string, body: string, f: FallbackRecord['f'], s: FallbackRecord['s']): PageRecord {
  return { u, t, x: body, words: uniqueTokens(body), f, s };
}

const INDEX = prepareIndex(
  buildFallbackIndex(
    [
      rec(
        'papers/snapkv.html',
        'SnapKV: compressing the KV cache',
        'Select positions per head.',
        { theme: ['KV cache'], status: ['read'], year: ['2024'] },
        { date: '2024-04-22', upvotes: '12' },
      ),
      rec(
        'papers/h2o.html',
        'H2O: Heavy-Hitter Oracle',
        'A KV cache eviction policy with heavy hitters.',
        { theme: ['KV cache'], status: ['reading'], year: ['2023'] },
        { date: '2023-06-24', upvotes: '30' },
      ),
      rec(
        'papers/streaming.html',
        'Attention sinks',
        'Keeps the KV cache of sink tokens with sparse attention.',
        { theme: ['Sparse attention', 'KV cache'], status: ['read'], year: ['2023'] },
        { date: '2023-09-29', upvotes: '20' },
      ),
      rec(
        'papers/minference.html',
        'MInference',
        'Dynamic sparse attention for prefill.',
        { theme: ['Sparse attention'], status: ['to-read'], year: ['2024'] },
        { date: '2024-07-02', upvotes: '15' },
      ),
      rec(
        'papers/blt.html',
        'Byte Latent Transformer',
        'Patches instead of tokens; caching is not discussed.',
        { theme: ['Other'], status: ['to-read'], year: ['2024'] },
        { date: '2024-12-13', upvotes: '40' },
      ),
    ],
    OPTIONS,
  ),
);

const urls = (q: string, filters: Record<string, string[]> = {}, sort = '') =>
  searchFallback(INDEX, { text: q, filters, sort }).hits.map((h) => h.record.u.replace(/^papers\/|\.html$/g, ''));

describe('searchFallback', () => {
  it('needs every word (AND) and ranks a title match first', () => {
    expect(urls('kv cache')).toEqual(['snapkv', 'h2o', 'streaming']);
  });

  it('matches word prefixes and plurals', () => {
    expect(urls('evict')).toEqual(['h2o']);
    expect(urls('caches')).toEqual(['snapkv', 'h2o', 'streaming']);
    expect(urls('cach').sort()).toEqual(['blt', 'h2o', 'snapkv', 'streaming']);
  });

  it('ignores stopwords in the query, which the index leaves out', () => {
    expect(urls('the kv cache of')).toEqual(urls('kv cache'));
  });

  it('finds nothing when one word is missing', () => {
    expect(urls('kv zebra')).toEqual([]);
  });

  it('filters with OR inside a group and AND across groups', () => {
    expect(urls('kv cache', { theme: ['Sparse attention'] })).toEqual(['streaming']);
    expect(urls('', { theme: ['Sparse attention', 'Other'] }).sort()).toEqual(['blt', 'minference', 'streaming']);
    expect(urls('', { theme: ['KV cache'], status: ['read'] }).sort()).toEqual(['snapkv', 'streaming']);
  });

  it('counts filter values as facets: each group under the other groups only', () => {
    const result = searchFallback(INDEX, { text: 'kv cache', filters: { theme: ['Sparse attention'] }, sort: '' });
    expect(result.unfilteredCount).toBe(3);
    expect(result.filterCounts.theme).toEqual({ 'KV cache': 3, 'Sparse attention': 1 });
    expect(result.filterCounts.status).toEqual({ read: 1 });
  });

  it('sorts by date or upvotes, newest and highest first', () => {
    expect(urls('', { theme: ['KV cache'] }, 'date')).toEqual(['snapkv', 'streaming', 'h2o']);
    expect(urls('', { theme: ['KV cache'] }, 'upvotes')).toEqual(['h2o', 'streaming', 'snapkv']);
  });
});

describe('markExcerpt', () => {
  it('marks the words that match the query, by prefix', () => {
    expect(markExcerpt('A KV cache eviction policy.', 'kv evict')).toEqual([
      { text: 'A ', mark: false },
      { text: 'KV', mark: true },
      { text: ' cache ', mark: false },
      { text: 'eviction', mark: true },
      { text: ' policy.', mark: false },
    ]);
  });
});
