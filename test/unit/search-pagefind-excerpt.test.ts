// Pagefind's excerpt is shown as text parts taken from the page's plain text, so written entities stay as
// written (`&lt;img` is not shown as `<img`) and nothing in an excerpt is ever parsed as HTML.
import { describe, expect, it } from 'vitest';
import { pagefindExcerptParts } from '../../src/lib/search/client/pagefind-excerpt.ts';
import { plainText, renderAbstract } from '../../src/lib/render/render-text.ts';

/** A fragment as Pagefind's own loader shapes it (only < and > escaped; marks around matched words). */
function fragment(content: string, locations: number[], start: number, length: number) {
  const raw = content.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const words = raw.split(/[^\S\uFEFF]+/g);
  const r = Math.min(length, words.length);
  const t = Math.max(0, Math.min(start, words.length - r));
  const before = t > 0 ? '… ' : '';
  const after = t + r < words.length ? ' …' : '';
  const plain =
    before +
    words
      .slice(t, t + r)
      .join(' ')
      .trim() +
    after;
  const marked = words.map((w, i) => (locations.includes(i) ? `<mark>${w}</mark>` : w));
  return {
    content,
    raw_content: raw,
    plain_excerpt: plain,
    locations,
    excerpt:
      before +
      marked
        .slice(t, t + r)
        .join(' ')
        .trim() +
      after,
  };
}

const text = (parts: Array<{ text: string; mark: boolean }>) => parts.map((p) => p.text).join('');

describe('pagefindExcerptParts', () => {
  it('keeps written entities as written and real angle brackets as text', () => {
    const content = 'Title &lt;img src=x&gt; then a real <b>tag</b> and R&amp;D';
    const parts = pagefindExcerptParts(fragment(content, [1], 0, 28), 28);
    expect(text(parts)).toBe(content);
    expect(parts.find((p) => p.mark)?.text).toBe('&lt;img');
  });

  it('takes the window Pagefind chose, with the ellipses, in a long text', () => {
    const words = Array.from({ length: 80 }, (_, i) => `w${i}`);
    words[40] = '&amp;lt;x';
    const parts = pagefindExcerptParts(fragment(words.join(' '), [40], 30, 10), 10);
    expect(text(parts)).toBe(`… ${words.slice(30, 40).join(' ')} …`);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual([]);
    const marked = pagefindExcerptParts(fragment(words.join(' '), [35], 30, 10), 10);
    expect(marked.filter((p) => p.mark).map((p) => p.text)).toEqual(['w35']);
  });

  it('without the plain text, reads only marks and Pagefind’s two escapes from its HTML', () => {
    const parts = pagefindExcerptParts({ excerpt: 'a &lt;img onerror=x&gt; <mark>b</mark> c' }, 28);
    expect(parts).toEqual([
      { text: 'a <img onerror=x> ', mark: false },
      { text: 'b', mark: true },
      { text: ' c', mark: false },
    ]);
  });
});

describe('math in search', () => {
  it('is indexed once: the search record reads each formula as words once, not KaTeX’s three copies', () => {
    const text = plainText('Cost $O(N^2)$ here.');
    expect(text.match(/O\(N/g)).toHaveLength(1);
    expect(renderAbstract('Cost $O(N^2)$ here.').html.match(/O/g)!.length).toBeGreaterThan(1);
  });
});
