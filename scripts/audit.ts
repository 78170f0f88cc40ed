/**
 * `npm run audit`: Lighthouse on the built site: the home page, the largest
 * theme page, one paper page and the search page.
 *
 * The paper page is the first one (by id) that shows math, or --paper ID.
 * Reuses the built folder (READING_LIST_OUT, else ./dist) when it holds an
 * index.html, else builds it first (`npm run build`, which honours the same
 * environment). Serves the folder on 127.0.0.1, runs Lighthouse's Node API in
 * Debian's Chromium and prints the four category scores per page, then the
 * audits that cost points. Exits non-zero when a score is under its target
 * (98 for performance, 100 for the others), like the other lint-style
 * scripts. The performance score varies from run to run with the machine's
 * load, so each page is audited --runs times (3 unless told) and the run with
 * the median performance score is reported, as Lighthouse's own guidance on
 * variability recommends; no test asserts scores.
 *
 *   node scripts/audit.ts [--dist DIR] [--paper ID] [--runs N] [--rebuild] [--desktop]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import sirv from 'sirv';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/lib/chromium.ts';
import { walkFiles } from '../src/lib/fs/files.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];
const TARGETS: Record<Category, number> = {
  performance: 98,
  accessibility: 100,
  'best-practices': 100,
  seo: 100,
};

interface PageScores {
  label: string;
  url: string;
  scores: Record<Category, number>;
  /** "category: audit title (score)" for every audit that cost points. */
  losses: string[];
  /** The load metrics behind the performance score, e.g. "TBT 30 ms". */
  metrics: string;
}

/** The load metrics Lighthouse scores performance on, by audit id and short name. */
const METRICS: Array<[string, string]> = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
];

function buildSite(dist: string): void {
  console.log(`audit: building the site into ${dist} (npm run build)…`);
  const result = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, READING_LIST_OUT: dist },
  });
  if (result.status !== 0)
    throw new Error(`the build failed (exit ${result.status}); fix it, then run the audit again`);
}

function pickPaper(dist: string, wanted?: string): string {
  const folder = path.join(dist, 'papers');
  if (wanted) {
    const file = path.join(folder, `${wanted}.html`);
    if (!existsSync(file))
      throw new Error(`${file} does not exist: --paper takes a paper id (a file name in ${folder})`);
    return `papers/${wanted}.html`;
  }
  const pages = walkFiles(folder, { recursive: false, include: (f) => f.endsWith('.html') }).map((f) => f.name);
  if (pages.length === 0) throw new Error(`${folder} holds no paper page: is ${dist} a built site?`);
  // The first paper that shows math: it loads KaTeX's stylesheet and fonts, the heaviest kind of paper page.
  const withMath = pages.find((page) => readFileSync(path.join(folder, page), 'utf8').includes('class="katex"'));
  return `papers/${withMath ?? pages[0]}`;
}

/** The theme page listing the most papers: the longest page a reader opens from the home page. */
function pickTheme(dist: string): string {
  const folder = path.join(dist, 'themes');
  const pages = walkFiles(folder, { recursive: false, include: (f) => f.endsWith('.html') });
  if (pages.length === 0) throw new Error(`${folder} holds no theme page: is ${dist} a built site?`);
  const sizes = pages.map((f) => ({ name: f.name, size: statSync(f.absolute).size }));
  sizes.sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  return `themes/${sizes[0]?.name}`;
}

async function serve(dist: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const handler = sirv(dist, { dev: false, etag: true });
  const server = http.createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The first few offending items of an audit (URL, message or element), so a loss can be acted on. */
function describeItems(details: unknown): string {
  const items = (details as { items?: Array<Record<string, unknown>> } | undefined)?.items ?? [];
  const named = items.slice(0, 3).map((item) => {
    const node = item.node as { snippet?: string } | undefined;
    return String(item.description ?? item.url ?? node?.snippet ?? item.source ?? '').slice(0, 160);
  });
  const shown = named.filter((n) => n !== '');
  return shown.length > 0 ? `: ${shown.join(' | ')}${items.length > 3 ? ` (+${items.length - 3} more)` : ''}` : '';
}

async function auditPage(port: number, label: string, url: string, desktop: boolean): Promise<PageScores> {
  const result = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
    desktop ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
  const losses: string[] = [];
  /** A category's score out of 100, noting every audit that cost it points. */
  const score = (id: Category): number => {
    const category = lhr.categories[id];
    for (const ref of category?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        losses.push(`${id}: ${audit.title} (${Math.round(audit.score * 100)})${describeItems(audit.details)}`);
      }
    }
    return Math.round((category?.score ?? 0) * 100);
  };
  const scores: Record<Category, number> = {
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    seo: score('seo'),
  };
  const metrics = METRICS.map(([id, name]) => `${name} ${lhr.audits[id]?.displayValue ?? '?'}`).join(' · ');
  return { label, url, scores, losses, metrics };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string' },
      paper: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      desktop: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs takes a whole number of runs, 1 or more (got ${values.runs})`);
  const dist = path.resolve(values.dist ?? process.env.READING_LIST_OUT ?? 'dist');
  if (values.rebuild || !existsSync(path.join(dist, 'index.html'))) buildSite(dist);
  else console.log(`audit: reusing ${dist} (pass --rebuild to build it again)`);

  const pages = [
    { label: 'home', route: 'index.html' },
    { label: 'theme', route: pickTheme(dist) },
    { label: 'paper', route: pickPaper(dist, values.paper) },
    { label: 'search', route: 'search.html' },
  ];
  const server = await serve(dist);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS });
  const results: PageScores[] = [];
  try {
    for (const page of pages) {
      const attempts: PageScores[] = [];
      for (let i = 0; i < runs; i += 1) {
        attempts.push(await auditPage(chrome.port, page.label, `${server.origin}/${page.route}`, values.desktop));
      }
      attempts.sort((a, b) => a.scores.performance - b.scores.performance);
      const median = attempts[Math.floor((attempts.length - 1) / 2)] as PageScores;
      const spread = attempts.map((a) => a.scores.performance).join(', ');
      results.push({
        ...median,
        metrics: `${median.metrics}${runs > 1 ? ` (performance over ${runs} runs: ${spread})` : ''}`,
      });
    }
  } finally {
    chrome.kill();
    await server.close();
  }

  const preset = values.desktop ? 'desktop' : 'mobile (Lighthouse default, simulated throttling)';
  console.log(`\nLighthouse ${preset}`);
  let below = 0;
  for (const r of results) {
    const line = CATEGORIES.map((c) => `${c} ${r.scores[c]}`).join(' · ');
    console.log(`${r.label.padEnd(6)} ${line}  (${r.url.replace(`${server.origin}/`, '')})`);
    console.log(`         ${r.metrics}`);
    for (const c of CATEGORIES) if (r.scores[c] < TARGETS[c]) below += 1;
    for (const loss of r.losses) console.log(`         - ${loss}`);
  }
  const summary = CATEGORIES.map((c) => `${c} ≥ ${TARGETS[c]}`).join(', ');
  console.log(
    below === 0 ? `audit: all scores on target (${summary})` : `audit: ${below} score(s) under target (${summary})`,
  );
  return below === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`audit: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
