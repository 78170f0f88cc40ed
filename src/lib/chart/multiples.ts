/**
 * Papers per month, one small chart per theme ("small multiples"): every
 * theme gets its own row of bars, all on the same months and the same count
 * scale, so themes compare by shape and height without a stack of
 * look-alike colours or a grey "other themes" block. Drawn at build time as
 * inline SVG (one colour, the page's accent, through CSS), each chart with
 * an accessible name that says what it shows; no script reads it.
 *
 * Pure: data in, a hast tree (and its HTML) out. The counting is
 * timeline.ts's, with no theme grouped away.
 */
import { scaleBand } from 'd3-scale';
import type { Element, ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h, s } from 'hastscript';
import { countScale, monthLabel, timelineModel, type TimelinePaper, type TimelineTheme } from './timeline.ts';

export interface MultiplesOptions {
  /** Prefix for element ids; must be unique on the page. */
  idPrefix: string;
  /** Link of a theme's page, to title its chart with. */
  href: (themeId: string) => string;
  /** viewBox size of one chart; the SVG scales to its cell. */
  width?: number;
  height?: number;
}

export interface ThemeChart {
  themeId: string;
  title: string;
  total: number;
  /** Papers per month, aligned with the shared months. */
  counts: number[];
}

export interface MultiplesModel {
  /** Every month from the first to the last paper, gaps included, as YYYY-MM. */
  months: string[];
  /** One chart per theme with papers, most papers first (ties: taxonomy order). */
  charts: ThemeChart[];
  /** The tallest bar of any chart: the shared scale's top. */
  max: number;
}

/** Counts papers per month and theme, every theme kept, largest theme first. */
export function multiplesModel(papers: Iterable<TimelinePaper>, themes: readonly TimelineTheme[]): MultiplesModel {
  const model = timelineModel(papers, themes, Number.POSITIVE_INFINITY);
  const charts = model.series
    .map((series) => ({ themeId: series.themeId, title: series.title, total: series.total, counts: series.counts }))
    .sort((a, b) => b.total - a.total);
  const max = Math.max(0, ...charts.flatMap((chart) => chart.counts));
  return { months: model.months, charts, max };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "12 papers; busiest month Mar 2025 (5)": what one theme's chart shows, in words. */
export function chartSummary(chart: ThemeChart, months: readonly string[]): string {
  const busiest = Math.max(...chart.counts);
  const at = chart.counts.indexOf(busiest);
  const active = chart.counts.filter((count) => count > 0).length;
  return `${chart.title}: ${plural(chart.total, 'paper')} in ${plural(active, 'month')}; busiest month ${monthLabel(months[at]!)} (${busiest})`;
}

/** One theme's bars on the shared months and scale. */
function chartSvg(chart: ThemeChart, model: MultiplesModel, id: string, width: number, height: number): Element {
  const top = 2;
  const bottom = height - 1;
  const x = scaleBand(model.months, [0, width]).paddingInner(0.2);
  const y = countScale(model.max, [bottom, top]);
  const round = (v: number) => Math.round(v * 100) / 100;
  const bars = model.months.flatMap((month, i): ElementContent[] => {
    const count = chart.counts[i]!;
    if (count === 0) return [];
    return [
      s(
        'rect',
        {
          class: 'multiples-bar',
          x: round(x(month)!),
          y: round(y(count)),
          width: round(Math.max(x.bandwidth(), 1)),
          height: round(bottom - y(count)),
          'data-month': month,
          'data-count': count,
        },
        s('title', `${monthLabel(month)}: ${plural(count, 'paper')}`),
      ),
    ];
  });
  // A faint line before each January, so every chart reads the same years at a glance.
  const years = model.months.flatMap((month, i): ElementContent[] => {
    if (i === 0 || !month.endsWith('-01')) return [];
    const at = round(x(month)! - (x.step() - x.bandwidth()) / 2);
    return [s('line', { class: 'multiples-year', x1: at, x2: at, y1: 0, y2: bottom, 'data-year': month.slice(0, 4) })];
  });
  return s(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'multiples-chart',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': id,
      preserveAspectRatio: 'none',
    },
    [
      s('title', { id }, chartSummary(chart, model.months)),
      ...years,
      s('line', { class: 'multiples-baseline', x1: 0, x2: width, y1: bottom + 0.5, y2: bottom + 0.5 }),
      ...bars,
    ],
  );
}

/** The whole figure: a caption giving the shared axes, then one titled chart per theme. */
export function multiplesFigure(model: MultiplesModel, options: MultiplesOptions): Element {
  const width = options.width ?? 240;
  const height = options.height ?? 48;
  if (model.charts.length === 0) return h('p', { class: 'multiples-empty' }, 'No papers to chart yet.');
  const first = monthLabel(model.months[0]!);
  const last = monthLabel(model.months.at(-1)!);
  return h('figure', { class: 'multiples', 'data-max': model.max }, [
    h(
      'figcaption',
      `One bar per month of publication, ${first === last ? `in ${first}` : `from ${first} to ${last}`} ` +
        '(a faint line marks each new year); each paper counted once, under its main theme; ' +
        `every theme on the same scale (the tallest bar is ${plural(model.max, 'paper')}). Largest theme first.`,
    ),
    h(
      'ol',
      { class: 'multiples-grid' },
      model.charts.map((chart, index) =>
        h('li', { 'data-theme': chart.themeId }, [
          h('p', { class: 'multiples-title' }, [
            h('a', { href: options.href(chart.themeId) }, chart.title),
            ' ',
            h('span', { class: 'multiples-total' }, String(chart.total)),
          ]),
          chartSvg(chart, model, `${options.idPrefix}-${index}`, width, height),
        ]),
      ),
    ),
  ]);
}

/** HTML of the figure, ready for `set:html`. */
export function renderMultiples(
  papers: Iterable<TimelinePaper>,
  themes: readonly TimelineTheme[],
  options: MultiplesOptions,
): string {
  return toHtml(multiplesFigure(multiplesModel(papers, themes), options));
}
