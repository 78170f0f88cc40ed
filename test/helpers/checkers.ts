/**
 * Checkers nobody on the project wrote, run on a built site: html-validate
 * (with the committed .htmlvalidate.json), linkinator (every internal link and
 * asset, CSS url()s and #fragments included) and axe-core in Chromium. Each
 * returns plain lists of problems, one line each, so a failing test prints
 * exactly what to fix.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import { LinkChecker, LinkState } from 'linkinator';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from './site.ts';

/** Every .html file under dir, as paths relative to it, sorted. */
export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export interface HtmlReport {
  pages: number;
  /** `papers/x.html:12:5 rule-id: message` for every error. */
  errors: string[];
}

/**
 * html-validate on every page of dir, with the project's .htmlvalidate.json. The
 * config is passed in (not looked up next to each file) because builds live in
 * temporary folders outside the project.
 *
 * The config extends html-validate:recommended and html-validate:document and
 * changes four rules (JSON holds no comments, so the reasons are here):
 * - doctype-style off: Astro writes `<!doctype html>`; HTML treats the case of
 *   the doctype as insignificant, the rule is about taste only.
 * - long-title off: a paper page's <title> is the paper's title, which can be
 *   long; cutting it would hide what the page is about (a search-engine hint,
 *   not a validity or accessibility rule).
 * - no-inline-style off: KaTeX positions every glyph with inline heights and
 *   offsets, and the build-time chart colours its themes with inline custom
 *   properties; neither can be a class. No content from a dump reaches a style
 *   attribute (the hostile tests check the DOM).
 * - require-sri only for cross-origin resources: every asset is the site's own
 *   file, so a hash would add nothing; a resource from another host would still
 *   be flagged (and the site loads none).
 */
export async function validateHtml(dir: string): Promise<HtmlReport> {
  const config = JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, '.htmlvalidate.json'), 'utf8')) as ConfigData;
  const validator = new HtmlValidate(new StaticConfigLoader(config));
  const pages = await htmlFiles(dir);
  const errors: string[] = [];
  for (const page of pages) {
    const report = await validator.validateFile(path.join(dir, page));
    for (const result of report.results) {
      for (const m of result.messages) {
        if (m.severity === 2) errors.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
  }
  return { pages: pages.length, errors };
}

export interface LinkReport {
  /** Internal links and assets checked (each distinct URL once). */
  checked: number;
  /** Pages linkinator crawled, relative to the site root. */
  pages: string[];
  /** `url (status) on parent` for every broken one. */
  broken: string[];
}

/**
 * linkinator from the site root (its index.html), recursively, on a server of the built
 * folder: every internal link, image, stylesheet, script, CSS url() and
 * #fragment. Links to other hosts (arXiv, Hugging Face search) are skipped: the
 * tests make no request off this machine.
 */
export async function checkLinks(siteUrl: string): Promise<LinkReport> {
  const checker = new LinkChecker();
  const pages = new Set<string>();
  // linkinator hands a URL object here, whatever its typings say.
  checker.on('pagestart', (url: string | URL) => pages.add(String(url).slice(siteUrl.length)));
  const result = await checker.check({
    // The site root, not index.html: linkinator only recurses into URLs that start with the path it was given.
    path: siteUrl,
    recurse: true,
    checkCss: true,
    checkFragments: true,
    concurrency: 20,
    timeout: 20_000,
    retry: false,
    linksToSkip: async (link) => !link.startsWith(siteUrl),
  });
  const internal = result.links.filter((l) => l.state !== LinkState.SKIPPED);
  // One line per broken URL (the home page is crawled as / and as index.html, so a link can be found twice).
  const broken = new Map<string, string>();
  for (const l of internal) {
    if (l.state !== LinkState.BROKEN || broken.has(l.url)) continue;
    broken.set(
      l.url,
      `${l.url.slice(siteUrl.length) || l.url} (${l.status ?? 'no response'}) on ${l.parent?.slice(siteUrl.length) || 'index.html'}`,
    );
  }
  return { checked: new Set(internal.map((l) => l.url)).size, pages: [...pages].sort(), broken: [...broken.values()] };
}

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core');

export interface AxeReport {
  /** Rules axe ran that applied to the page (passes + violations). */
  rules: number;
  /** `rule (impact): help — selector` for every node of every violation. */
  violations: string[];
}

/** Injects axe-core into the page and runs it (WCAG 2.x A/AA and best practices). */
export async function runAxe(page: Page): Promise<AxeReport> {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      passes: unknown[];
      violations: Array<{
        id: string;
        impact: string;
        help: string;
        nodes: Array<{ target: unknown[]; failureSummary?: string }>;
      }>;
    }
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return {
      rules: r.passes.length + r.violations.length,
      violations: r.violations.flatMap((v) =>
        v.nodes.map(
          (n) =>
            `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
        ),
      ),
    };
  });
  return results;
}
