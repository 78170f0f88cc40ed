// Small multiples: one chart per theme, every theme kept (none grouped into "other themes"), largest first, all on
// one scale, each an image named by a sentence.
import { describe, expect, it } from 'vitest';
import { chartSummary, multiplesModel, renderMultiples } from '../../src/lib/chart/multiples.ts';
import { PALETTE_SIZE } from '../../src/lib/chart/timeline.ts';

const themes = Array.from({ length: PALETTE_SIZE + 6 }, (_, i) => ({ id: `t${i}`, title: `Theme ${i}` }));
/** Theme i holds i + 1 papers, in months from Dec 2024 on; theme 3 has two papers in Jan 2025. */
const papers = themes.flatMap((theme, i) =>
  Array.from({ length: i + 1 }, (_, k) => ({
    date: `2025-${String((k % 12) + 1).padStart(2, '0')}-10`,
    theme: theme.id,
  })),
);
papers.push({ date: '2024-12-31', theme: 't0' });

describe('multiplesModel', () => {
  it('keeps every theme, more than the stacked chart has colours, largest first', () => {
    const model = multiplesModel(papers, themes);
    expect(model.charts).toHaveLength(themes.length);
    expect(model.charts.map((c) => c.total)).toEqual([...model.charts.map((c) => c.total)].sort((a, b) => b - a));
    expect(model.charts[0]).toMatchObject({ themeId: 't19', total: 20 });
    // A tie keeps taxonomy order: t0 (with its extra December paper) and t1 both hold 2.
    expect(model.charts.slice(-2).map((c) => [c.themeId, c.total])).toEqual([
      ['t0', 2],
      ['t1', 2],
    ]);
    expect(model.months[0]).toBe('2024-12');
    expect(model.months.at(-1)).toBe('2025-12');
    // The shared scale's top: theme 19 has 20 papers in 12 months, two in each of Jan to Aug.
    expect(model.max).toBe(2);
  });

  it('is empty for no papers', () => {
    expect(multiplesModel([], themes)).toEqual({ months: [], charts: [], max: 0 });
    expect(renderMultiples([], themes, { idPrefix: 'm', href: (id) => id })).toBe(
      '<p class="multiples-empty">No papers to chart yet.</p>',
    );
  });
});

describe('renderMultiples', () => {
  const html = renderMultiples(papers, themes, { idPrefix: 'home-m', href: (id) => `themes/${id}.html` });

  it('draws one named image per theme, linked to the theme page', () => {
    expect(html.match(/<svg /g)).toHaveLength(themes.length);
    expect(html.match(/role="img"/g)).toHaveLength(themes.length);
    expect(html).toContain('aria-labelledby="home-m-0"');
    expect(html).toContain('<title id="home-m-0">Theme 19: 20 papers in 12 months; busiest month Jan 2025 (2)</title>');
    expect(html).toContain('<a href="themes/t19.html">Theme 19</a>');
    expect(html).not.toMatch(/other themes/i);
  });

  it('draws a bar per month with papers, and a line at each new year', () => {
    const from = html.indexOf('data-theme="t0"');
    const t0 = html.slice(from, html.indexOf('</li>', from));
    expect(t0.match(/class="multiples-bar"/g)).toHaveLength(2);
    expect(t0).toContain('data-year="2025"');
    expect(html).toContain('the tallest bar is 2 papers');
  });

  it('says in words what a chart shows', () => {
    const chart = { themeId: 'a', title: 'A', total: 1, counts: [0, 1] };
    expect(chartSummary(chart, ['2025-01', '2025-02'])).toBe('A: 1 paper in 1 month; busiest month Feb 2025 (1)');
  });
});
