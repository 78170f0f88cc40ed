/**
 * The reading list as a picture: papers per month, stacked by theme, drawn at
 * build time as an accessible inline SVG (role="img", <title>/<desc>, a legend,
 * and a visually hidden data table for screen readers). Pure: data in, a hast
 * tree (and its HTML) out; no client script is needed to read it.
 *
 * Colours are CSS custom properties (--timeline-color-N), light-dark(light,
 * dark) pairs declared by a <style> inside the SVG, so they follow the page's
 * colour scheme (the system's or the reader's choice) with no script and no
 * inline style attribute; each bar also carries its light colour as a fill
 * attribute, the fallback where the CSS does not apply.
 *
 * Geometry comes from d3, run here at build time only: a band scale for the
 * months, a linear scale made nice with whole-number ticks for the counts,
 * and d3-shape's stack for the segments. Linear in the number of papers:
 * papers are bucketed once; drawing is proportional to months x themes present.
 */
import { type ScaleLinear, scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h, s } from 'hastscript';

/** Number of distinct colours; series beyond it reuse colours in order. */
export const PALETTE_SIZE = 14;

/** Light-mode colours, most distinct first (slate last: it is close to the grey of the grouped rest). */
export const LIGHT_PALETTE = [
  '#0b6fb8',
  '#c4540c',
  '#1d8a4e',
  '#b8326b',
  '#6a4fbf',
  '#8a6d00',
  '#007c86',
  '#a33a2a',
  '#7a5c3a',
  '#2f5fa0',
  '#8c4a9e',
  '#3f7d20',
  '#99520f',
  '#51606f',
] as const;

/** Dark-mode colours (lighter, for a dark background). */
export const DARK_PALETTE = [
  '#6cb6ff',
  '#ffa263',
  '#6fd39a',
  '#ff86b7',
  '#b3a1ff',
  '#e3c453',
  '#4fd1db',
  '#ff8f7a',
  '#d2b48c',
  '#8fb8ff',
  '#da9bf0',
  '#a6d96a',
  '#f0b070',
  '#aab6c3',
] as const;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TimelinePaper {
  /** YYYY-MM-DD. */
  date: string;
  /** Primary theme id. */
  theme: string;
}

export interface TimelineTheme {
  id: string;
  title: string;
}

/** themeId of the series that groups the smaller themes when there are too many to tell apart. */
export const REST_SERIES = '*';

/** Default most series drawn: more colours than this cannot be told apart in a stacked bar. */
export const DEFAULT_MAX_SERIES = 10;

export interface TimelineSeries {
  /** A theme id, or REST_SERIES for the smaller themes grouped together. */
  themeId: string;
  title: string;
  /** Index into the palette (the series' position, so colours are distinct), or -1 for the grouped rest (grey). */
  color: number;
  /** For the grouped rest: the theme ids in it. */
  members?: string[];
  /** Papers per month, aligned with `months`. */
  counts: number[];
  total: number;
}

export interface TimelineModel {
  /** Every month from the first to the last paper, gaps included, as YYYY-MM. */
  months: string[];
  /**
   * One series per theme that has papers, in taxonomy order (stack order, bottom first); beyond
   * `maxSeries`, the largest themes keep a series and the rest are grouped in a last, grey one.
   */
  series: TimelineSeries[];
  /** Papers per month, all themes. */
  totals: number[];
  total: number;
  max: number;
}

/** Month index since year 0, for arithmetic on YYYY-MM. */
function monthIndex(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new Error(`timeline: "${date}" is not a date written as YYYY-MM-DD`);
  }
  return year * 12 + (month - 1);
}

function monthKey(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "2025-04" -> "Apr 2025". */
export function monthLabel(key: string): string {
  return `${MONTH_NAMES[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
}

/**
 * Counts papers per month and theme. Themes are ordered as given (taxonomy
 * order); a paper whose theme is not in the list gets a series of its own,
 * titled by its id, after the known ones. With more themes than `maxSeries`,
 * the maxSeries - 1 largest keep their own series and the others are grouped
 * (Infinity: none is).
 */
export function timelineModel(
  papers: Iterable<TimelinePaper>,
  themes: readonly TimelineTheme[],
  maxSeries: number = DEFAULT_MAX_SERIES,
): TimelineModel {
  const buckets = new Map<string, Map<number, number>>();
  let first = Infinity;
  let last = -Infinity;
  for (const paper of papers) {
    const index = monthIndex(paper.date);
    if (index < first) first = index;
    if (index > last) last = index;
    let perMonth = buckets.get(paper.theme);
    if (!perMonth) buckets.set(paper.theme, (perMonth = new Map()));
    perMonth.set(index, (perMonth.get(index) ?? 0) + 1);
  }
  if (buckets.size === 0) return { months: [], series: [], totals: [], total: 0, max: 0 };

  const months: string[] = [];
  for (let i = first; i <= last; i++) months.push(monthKey(i));
  const totals = months.map(() => 0);

  const known = new Set(themes.map((theme) => theme.id));
  const ordered: TimelineTheme[] = [...themes];
  for (const id of [...buckets.keys()].sort()) if (!known.has(id)) ordered.push({ id, title: id });

  let series: TimelineSeries[] = [];
  for (const { id, title } of ordered) {
    const perMonth = buckets.get(id);
    if (!perMonth) continue;
    const counts = months.map(() => 0);
    let total = 0;
    for (const [index, count] of perMonth) {
      counts[index - first] = count;
      totals[index - first]! += count;
      total += count;
    }
    series.push({ themeId: id, title, color: 0, counts, total });
  }

  // Infinity keeps every theme (small multiples draw each apart, so none needs a colour of its own).
  const limit = maxSeries === Number.POSITIVE_INFINITY ? maxSeries : Math.max(2, Math.min(maxSeries, PALETTE_SIZE + 1));
  if (series.length > limit) {
    // Largest first (ties: taxonomy order); keep limit - 1 of them, in taxonomy order.
    const kept = new Set([...series].sort((a, b) => b.total - a.total).slice(0, limit - 1));
    const rest = series.filter((s) => !kept.has(s));
    const counts = months.map((_, i) => rest.reduce((sum, s) => sum + s.counts[i]!, 0));
    series = [
      ...series.filter((s) => kept.has(s)),
      {
        themeId: REST_SERIES,
        title: `${rest.length} other themes`,
        color: -1,
        members: rest.map((s) => s.themeId),
        counts,
        total: rest.reduce((sum, s) => sum + s.total, 0),
      },
    ];
  }
  series.forEach((s, i) => {
    if (s.themeId !== REST_SERIES) s.color = i % PALETTE_SIZE;
  });
  const total = totals.reduce((a, b) => a + b, 0);
  return { months, series, totals, total, max: Math.max(...totals) };
}

export interface TimelineOptions {
  /** Prefix for element ids; must be unique on the page. */
  idPrefix: string;
  /** Most series drawn; smaller themes beyond it are grouped. Default: DEFAULT_MAX_SERIES. */
  maxSeries?: number;
  /** Accessible name of the chart. */
  title?: string;
  /** viewBox size; the SVG scales to its container. */
  width?: number;
  height?: number;
}

/**
 * The value axis: from 0 to a round number at or above `max` (d3's nice()),
 * with about three whole-number ticks: 3 -> 0, 1, 2, 3; 13 -> 0, 5, 10, 15; 23 -> 0, 10, 20, 30.
 */
export function countScale(max: number, range: [bottom: number, top: number]): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([0, Math.max(max, 1)])
    .nice(3)
    .range(range);
}

/** Whole-number ticks of a count axis (a paper count is never 2.5). */
export function countTicks(scale: ScaleLinear<number, number>): number[] {
  return scale.ticks(3).filter(Number.isInteger);
}

/** Grey of the grouped smaller themes, light and dark. */
export const REST_COLORS = { light: '#6b6f76', dark: '#9aa0a8' } as const;

/** Class of a series colour: timeline-c3, or timeline-c-rest for the grouped smaller themes. */
export function colorClass(color: number): string {
  return color < 0 ? 'timeline-c-rest' : `timeline-c${color}`;
}

function lightColor(color: number): string {
  return color < 0 ? REST_COLORS.light : LIGHT_PALETTE[color]!;
}

/**
 * The palette as CSS: custom properties as light-dark() pairs on .timeline,
 * and one class per colour setting fill (bars) and background (legend swatches).
 */
export function paletteCss(): string {
  const entries: [string, string, string][] = [
    ...LIGHT_PALETTE.map((light, i): [string, string, string] => [String(i), light, DARK_PALETTE[i]!]),
    ['rest', REST_COLORS.light, REST_COLORS.dark],
  ];
  const properties = entries
    .map(([name, light, dark]) => `--timeline-color-${name}:light-dark(${light},${dark})`)
    .join(';');
  const classes = entries
    .map(
      ([name]) =>
        `.timeline-c${name === 'rest' ? '-rest' : name}{fill:var(--timeline-color-${name});background-color:var(--timeline-color-${name})}`,
    )
    .join('');
  return `.timeline{${properties}}${classes}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One-sentence summary: span, total, busiest month, largest theme. */
export function timelineSummary(model: TimelineModel): string {
  if (model.total === 0) return 'No papers yet.';
  const first = model.months[0]!;
  const last = model.months[model.months.length - 1]!;
  const busiest = model.totals.indexOf(model.max);
  const largest = [...model.series].sort((a, b) => b.total - a.total)[0]!;
  const span = first === last ? `in ${monthLabel(first)}` : `from ${monthLabel(first)} to ${monthLabel(last)}`;
  return (
    `${plural(model.total, 'paper')} ${span}, in ${plural(model.series.length, 'theme')}. ` +
    `Busiest month: ${monthLabel(model.months[busiest]!)} (${plural(model.max, 'paper')}). ` +
    `Largest theme: ${largest.title} (${plural(largest.total, 'paper')}).`
  );
}

/** The SVG chart itself. */
export function timelineSvg(model: TimelineModel, options: TimelineOptions): Element {
  const { idPrefix, title = 'Papers per month, by theme' } = options;
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const margin = { top: 12, right: 8, bottom: 34, left: 36 };
  const bottom = height - margin.bottom;
  // One band per month; a bar fills 78% of it, centred.
  const x = scaleBand(model.months, [margin.left, width - margin.right])
    .paddingInner(0.22)
    .paddingOuter(0.11);
  const y = countScale(model.max, [bottom, margin.top]);
  const round = (v: number) => Math.round(v * 100) / 100;

  const grid = countTicks(y).flatMap((tick): ElementContent[] => {
    const at = round(y(tick));
    return [
      s('line', { class: 'timeline-grid', x1: margin.left, x2: width - margin.right, y1: at, y2: at }),
      s('text', { class: 'timeline-label', x: margin.left - 6, y: at + 4, 'text-anchor': 'end' }, String(tick)),
    ];
  });

  // Series stacked bottom first, in model order: stacked[k][i] is [base, top] of series k in month i.
  const stacked = stack<number, number>()
    .keys(model.series.map((_, k) => k))
    .value((month, k) => model.series[k]!.counts[month]!)(model.months.map((_, i) => i));
  const bars = model.months.flatMap((month, i): ElementContent[] => {
    if (model.totals[i] === 0) return [];
    const segments = model.series.flatMap((series, k): ElementContent[] => {
      const count = series.counts[i]!;
      if (count === 0) return [];
      const [base, top] = stacked[k]![i]!;
      return [
        s(
          'rect',
          {
            class: ['timeline-bar', colorClass(series.color)],
            x: round(x(month)!),
            y: round(y(top)),
            width: round(x.bandwidth()),
            height: round(y(base) - y(top)),
            fill: lightColor(series.color),
            'data-theme': series.themeId,
            'data-month': month,
            'data-count': count,
          },
          s('title', `${monthLabel(month)}, ${series.title}: ${plural(count, 'paper')}`),
        ),
      ];
    });
    return [s('g', { class: 'timeline-month' }, segments)];
  });

  // About eight month labels at most, so they never overlap; the first month is always labelled.
  const every = Math.max(1, Math.ceil(model.months.length / 8));
  const labels = model.months
    .filter((_, i) => i % every === 0)
    .map((month) => {
      const centre = round(x(month)! + x.bandwidth() / 2);
      const [name, year] = monthLabel(month).split(' ');
      return s('text', { class: 'timeline-label', x: centre, y: bottom + 14, 'text-anchor': 'middle' }, [
        s('tspan', { x: centre }, name!),
        s('tspan', { x: centre, dy: 12 }, year!),
      ]);
    });

  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  return s(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'timeline-chart',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      preserveAspectRatio: 'xMidYMid meet',
    },
    [
      s('title', { id: titleId }, title),
      s('desc', { id: descId }, timelineSummary(model)),
      s('style', paletteCss()),
      s('g', { class: 'timeline-axis' }, grid),
      s('line', { class: 'timeline-baseline', x1: margin.left, x2: width - margin.right, y1: bottom, y2: bottom }),
      s('g', { class: 'timeline-bars' }, bars),
      s('g', { class: 'timeline-months' }, labels),
    ],
  );
}

/** The legend: a list of themes with their colour and count. */
export function timelineLegend(model: TimelineModel): Element {
  return h(
    'ul',
    { class: 'timeline-legend' },
    model.series.map((series) =>
      h('li', { 'data-theme': series.themeId }, [
        h('span', { class: ['timeline-swatch', colorClass(series.color)], 'aria-hidden': 'true' }),
        ` ${series.title} (${series.total})`,
      ]),
    ),
  );
}

/** The data behind the chart, as a table for screen readers (months x themes). */
export function timelineTable(model: TimelineModel, caption: string): Element {
  return h('table', { class: 'visually-hidden timeline-table' }, [
    h('caption', caption),
    h(
      'thead',
      h('tr', [
        h('th', { scope: 'col' }, 'Month'),
        ...model.series.map((s) => h('th', { scope: 'col' }, s.title)),
        h('th', { scope: 'col' }, 'Total'),
      ]),
    ),
    h(
      'tbody',
      model.months.map((month, i) =>
        h('tr', [
          h('th', { scope: 'row' }, monthLabel(month)),
          ...model.series.map((s) => h('td', String(s.counts[i]))),
          h('td', String(model.totals[i])),
        ]),
      ),
    ),
  ]);
}

/** The whole figure: chart, legend, hidden table. A short paragraph when there is nothing to draw. */
export function timelineFigure(model: TimelineModel, options: TimelineOptions): Element {
  const title = options.title ?? 'Papers per month, by theme';
  if (model.total === 0) return h('p', { class: 'timeline-empty' }, 'No papers to chart yet.');
  return h('figure', { class: 'timeline' }, [
    timelineSvg(model, { ...options, title }),
    timelineLegend(model),
    timelineTable(model, title),
  ]);
}

/** HTML of the figure, ready for `set:html`. */
export function renderTimeline(
  papers: Iterable<TimelinePaper>,
  themes: readonly TimelineTheme[],
  options: TimelineOptions,
): string {
  return toHtml(timelineFigure(timelineModel(papers, themes, options.maxSeries), options));
}
