// The build-time timeline: papers per month stacked by theme, as accessible inline SVG.
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import { toString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import {
  colorClass,
  paletteCss,
  DEFAULT_MAX_SERIES,
  REST_COLORS,
  REST_SERIES,
  LIGHT_PALETTE,
  DARK_PALETTE,
  PALETTE_SIZE,
  countScale,
  countTicks,
  renderTimeline,
  timelineModel,
  timelineSummary,
} from '../../src/lib/chart/timeline.ts';

const themes = [
  { id: 'kv-cache', title: 'KV cache' },
  { id: 'sparse-attention', title: 'Sparse attention' },
  { id: 'other', title: 'Other & misc' },
];
const papers = [
  { date: '2024-11-03', theme: 'kv-cache' },
  { date: '2024-11-20', theme: 'sparse-attention' },
  { date: '2024-11-21', theme: 'kv-cache' },
  { date: '2025-02-01', theme: 'kv-cache' },
  { date: '2025-02-14', theme: 'unlisted' },
];

describe('timelineModel', () => {
  it('counts papers per month and theme, filling empty months', () => {
    const model = timelineModel(papers, themes);
    expect(model.months).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(model.totals).toEqual([3, 0, 0, 2]);
    expect(model.total).toBe(5);
    expect(model.max).toBe(3);
    expect(model.series.map((s) => [s.themeId, s.counts])).toEqual([
      ['kv-cache', [2, 0, 0, 1]],
      ['sparse-attention', [1, 0, 0, 0]],
      ['unlisted', [0, 0, 0, 1]],
    ]);
  });

  it('gives each drawn series its own colour, in stack order', () => {
    expect(timelineModel(papers, themes).series.map((s) => s.color)).toEqual([0, 1, 2]);
    const model = timelineModel([{ date: '2025-01-01', theme: 'other' }], themes);
    expect(model.series).toEqual([{ themeId: 'other', title: 'Other & misc', color: 0, counts: [1], total: 1 }]);
  });

  it('groups the smaller themes in one grey series when there are more than can be told apart', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, title: `Theme ${i}` }));
    // Theme i has i + 1 papers, all in January 2025, but t0 (the smallest) also has one in March.
    const input = many.flatMap((theme, i) =>
      Array.from({ length: i + 1 }, () => ({ date: '2025-01-10', theme: theme.id })),
    );
    input.push({ date: '2025-03-01', theme: 't0' });
    const model = timelineModel(input, many, 5);
    expect(model.series.map((s) => [s.themeId, s.total, s.color])).toEqual([
      ['t8', 9, 0],
      ['t9', 10, 1],
      ['t10', 11, 2],
      ['t11', 12, 3],
      [REST_SERIES, 37, -1],
    ]);
    const rest = model.series.at(-1)!;
    expect(rest.title).toBe('8 other themes');
    expect(rest.members).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7']);
    expect(rest.counts).toEqual([36, 0, 1]);
    // Nothing is lost: the stacks still add up to every paper.
    expect(model.total).toBe(input.length);
    expect(model.series.reduce((sum, s) => sum + s.total, 0)).toBe(input.length);
    expect(timelineModel(input, many).series).toHaveLength(DEFAULT_MAX_SERIES);
  });

  it('is empty without papers, and rejects a malformed date', () => {
    expect(timelineModel([], themes)).toEqual({ months: [], series: [], totals: [], total: 0, max: 0 });
    expect(() => timelineModel([{ date: '2025-13-01', theme: 'other' }], themes)).toThrow(/2025-13-01/);
  });

  it('handles thousands of papers over years in one pass', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({
      date: `${2015 + (i % 10)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
      theme: themes[i % 3]!.id,
    }));
    const model = timelineModel(many, themes);
    expect(model.months).toHaveLength(10 * 12);
    expect(model.total).toBe(20_000);
    expect(model.series.reduce((sum, s) => sum + s.total, 0)).toBe(20_000);
  });

  it('summarises span, busiest month and largest theme', () => {
    expect(timelineSummary(timelineModel(papers, themes))).toBe(
      '5 papers from Nov 2024 to Feb 2025, in 3 themes. Busiest month: Nov 2024 (3 papers). Largest theme: KV cache (3 papers).',
    );
  });

  it('rounds the axis up to a round maximum, with whole-number ticks up to it', () => {
    const axis = (max: number) => {
      const scale = countScale(max, [200, 0]);
      return { top: scale.domain()[1], ticks: countTicks(scale) };
    };
    expect([1, 3, 10, 13, 23, 99].map(axis)).toEqual([
      { top: 1, ticks: [0, 1] },
      { top: 3, ticks: [0, 1, 2, 3] },
      { top: 10, ticks: [0, 5, 10] },
      { top: 15, ticks: [0, 5, 10, 15] },
      { top: 30, ticks: [0, 10, 20, 30] },
      { top: 100, ticks: [0, 50, 100] },
    ]);
    // The scale maps 0 to the baseline and the top to the top of the plot.
    expect([countScale(13, [200, 0])(0), countScale(13, [200, 0])(15)]).toEqual([200, 0]);
  });
});

/** Elements of a parsed fragment with a tag name and, optionally, a class. */
function find(tree: Root | Element, tagName: string, className?: string): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    const classes = (node.properties.className as string[] | undefined) ?? [];
    if (node.tagName === tagName && (!className || classes.includes(className))) found.push(node);
  });
  return found;
}

/** WCAG relative luminance and contrast ratio of #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b2] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b2!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

describe('palette', () => {
  // The site's page and card backgrounds (src/styles/site.css), light and dark.
  const light = ['#fbfaf7', '#ffffff'];
  const dark = ['#141619', '#1b1e22'];

  it('gives every colour at least 3:1 against the background in both modes (WCAG 1.4.11)', () => {
    for (const color of LIGHT_PALETTE)
      for (const bg of light) expect(contrast(color, bg), `${color} on ${bg}`).toBeGreaterThanOrEqual(3);
    for (const color of DARK_PALETTE)
      for (const bg of dark) expect(contrast(color, bg), `${color} on ${bg}`).toBeGreaterThanOrEqual(3);
    for (const bg of light) expect(contrast(REST_COLORS.light, bg)).toBeGreaterThanOrEqual(3);
    for (const bg of dark) expect(contrast(REST_COLORS.dark, bg)).toBeGreaterThanOrEqual(3);
  });

  it('has no two equal colours in a mode', () => {
    expect(new Set(LIGHT_PALETTE).size).toBe(PALETTE_SIZE);
    expect(new Set(DARK_PALETTE).size).toBe(PALETTE_SIZE);
  });
});

describe('renderTimeline', () => {
  const html = renderTimeline(papers, themes, { idPrefix: 'home-timeline' });
  const tree = unified().use(rehypeParse, { fragment: true }).parse(html);
  const svg = find(tree, 'svg')[0]!;

  it('is an image with an accessible name and description', () => {
    expect(svg.properties.role).toBe('img');
    expect(svg.properties.ariaLabelledBy).toEqual(['home-timeline-title', 'home-timeline-desc']);
    const [title, desc] = svg.children.filter((child): child is Element => child.type === 'element').slice(0, 2);
    expect([title!.tagName, title!.properties.id]).toEqual(['title', 'home-timeline-title']);
    expect([desc!.tagName, desc!.properties.id]).toEqual(['desc', 'home-timeline-desc']);
    expect(toString(desc!)).toContain('5 papers from Nov 2024 to Feb 2025');
  });

  it('stacks one bar segment per theme and month, each with its own title', () => {
    const bars = find(tree, 'rect', 'timeline-bar');
    expect(bars.map((b) => [b.properties.dataMonth, b.properties.dataTheme, b.properties.dataCount])).toEqual([
      ['2024-11', 'kv-cache', '2'],
      ['2024-11', 'sparse-attention', '1'],
      ['2025-02', 'kv-cache', '1'],
      ['2025-02', 'unlisted', '1'],
    ]);
    // Stacked: the second segment of a month sits right on top of the first.
    const [first, second] = bars.map((b) => ({ y: Number(b.properties.y), height: Number(b.properties.height) }));
    expect(second!.y + second!.height).toBeCloseTo(first!.y, 1);
    // Heights are proportional to counts.
    expect(first!.height).toBeCloseTo(2 * second!.height, 1);
    expect(toString(bars[0]!)).toBe('Nov 2024, KV cache: 2 papers');
  });

  it('labels whole-number ticks, and the busiest month (3 papers) reaches the top one', () => {
    const labels = find(find(svg, 'g', 'timeline-axis')[0]!, 'text');
    expect(labels.map(toString)).toEqual(['0', '1', '2', '3']);
    const top = Math.min(...find(svg, 'line', 'timeline-grid').map((line) => Number(line.properties.y1)));
    const bars = find(tree, 'rect', 'timeline-bar');
    expect(Math.min(...bars.map((bar) => Number(bar.properties.y)))).toBe(top);
    // Bars stand on the baseline.
    const baseline = Number(find(svg, 'line', 'timeline-baseline')[0]!.properties.y1);
    const bottoms = bars.map((bar) => Number(bar.properties.y) + Number(bar.properties.height));
    expect(Math.max(...bottoms)).toBeCloseTo(baseline, 1);
  });

  it('declares light-dark() colour pairs in the SVG, so they follow the page colour scheme', () => {
    const style = toString(find(svg, 'style')[0]!);
    expect(style).toBe(paletteCss());
    for (let i = 0; i < PALETTE_SIZE; i++) {
      expect(style).toContain(`--timeline-color-${i}:light-dark(${LIGHT_PALETTE[i]},${DARK_PALETTE[i]})`);
      expect(style).toContain(
        `.timeline-c${i}{fill:var(--timeline-color-${i});background-color:var(--timeline-color-${i})}`,
      );
    }
    expect(style).toContain(`--timeline-color-rest:light-dark(${REST_COLORS.light},${REST_COLORS.dark})`);
    expect(html).not.toMatch(/ style="/);
  });

  it('colours bars and swatches by class, with the light colour as the fill attribute fallback', () => {
    const [bar] = find(tree, 'rect', 'timeline-bar');
    expect(bar!.properties.className).toEqual(['timeline-bar', 'timeline-c0']);
    expect(bar!.properties.fill).toBe(LIGHT_PALETTE[0]);
    const swatches = find(tree, 'span', 'timeline-swatch').map((span) => (span.properties.className as string[])[1]);
    expect(swatches).toEqual(['timeline-c0', 'timeline-c1', 'timeline-c2']);
    expect(colorClass(-1)).toBe('timeline-c-rest');
    expect(LIGHT_PALETTE).toHaveLength(PALETTE_SIZE);
    expect(DARK_PALETTE).toHaveLength(PALETTE_SIZE);
  });

  it('has a legend with counts and a data table for screen readers', () => {
    const legend = find(find(tree, 'ul', 'timeline-legend')[0]!, 'li');
    expect(legend.map((li) => [li.properties.dataTheme, toString(li).trim()])).toEqual([
      ['kv-cache', 'KV cache (3)'],
      ['sparse-attention', 'Sparse attention (1)'],
      ['unlisted', 'unlisted (1)'],
    ]);
    const table = find(tree, 'table', 'visually-hidden')[0]!;
    expect(find(table, 'th').map(toString)).toEqual([
      'Month',
      'KV cache',
      'Sparse attention',
      'unlisted',
      'Total',
      'Nov 2024',
      'Dec 2024',
      'Jan 2025',
      'Feb 2025',
    ]);
    const rows = find(find(table, 'tbody')[0]!, 'tr');
    expect(rows.map((row) => find(row, 'td').map(toString))).toEqual([
      ['2', '1', '0', '3'],
      ['0', '0', '0', '0'],
      ['0', '0', '0', '0'],
      ['1', '0', '1', '2'],
    ]);
  });

  it('escapes theme titles and contains no script', () => {
    const small = renderTimeline([{ date: '2025-01-01', theme: 'other' }], themes, { idPrefix: 't' });
    expect(small).toContain('Other &#x26; misc');
    expect(small).not.toContain('<script');
  });

  it('says so in words when there is nothing to draw', () => {
    expect(renderTimeline([], themes, { idPrefix: 't' })).toBe('<p class="timeline-empty">No papers to chart yet.</p>');
  });
});
