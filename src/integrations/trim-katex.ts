/**
 * Astro integration: at astro:build:done, cuts KaTeX's stylesheet down to the
 * rules the built pages can use (see src/lib/render/trim-katex-css.ts), so a
 * paper page with math stays light. Only the pages that link the stylesheet
 * are parsed (a substring test skips the others unparsed), so the pass grows
 * with the math pages, not with the list. The file keeps its name, since the
 * pages link it. Pages' hrefs are resolved whether root-absolute or
 * page-relative, and url()s are printed as read, so it may run before or
 * after the relative-URL pass; it is registered before it, which also
 * leaves the 404 page's inlined styles untouched.
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Root } from 'hast';
import { listFiles } from '../lib/portable/make-portable.ts';
import {
  collectKatexClasses,
  linkedStylesheets,
  trimKatexCss,
  type KatexTrimReport,
} from '../lib/render/trim-katex-css.ts';

export interface TrimKatexOptions {
  /** Which output files are KaTeX's stylesheet (root-relative POSIX path). Default: a .css file named katex… (see below). */
  isKatexStylesheet?: (file: string) => boolean;
}

export interface TrimKatexDistReport {
  /** Per stylesheet (root-relative path): the pages linking it and what trimming did; absent when no page links it. */
  stylesheets: Array<KatexTrimReport & { file: string; pages: number; classes: number }>;
  /** KaTeX stylesheets no page links, left as they were. */
  unlinked: string[];
}

/** katex.css, katex.min.css and the hashed names Vite gives them (katex.min.BYkPozyE.css). */
const defaultIsKatexStylesheet = (file: string) => /^katex(?:[.-][^/]*)?\.css$/.test(path.posix.basename(file));

/** Trims every KaTeX stylesheet of a built output folder in place. */
export async function trimKatexInDist(distDir: string, options: TrimKatexOptions = {}): Promise<TrimKatexDistReport> {
  const isKatex = options.isKatexStylesheet ?? defaultIsKatexStylesheet;
  const files = await listFiles(distDir);
  const stylesheets = files.filter((file) => file.endsWith('.css') && isKatex(file));
  const report: TrimKatexDistReport = { stylesheets: [], unlinked: [] };
  if (stylesheets.length === 0) return report;

  const names = stylesheets.map((file) => path.posix.basename(file));
  const usage = new Map<string, { classes: Set<string>; pages: number }>();
  const parser = unified().use(rehypeParse);
  for (const page of files.filter((file) => file.endsWith('.html'))) {
    const html = await fs.readFile(path.join(distDir, page), 'utf8');
    // Cheap skip of pages that cannot link the stylesheet; the parse below decides for the rest.
    if (!names.some((name) => html.includes(name))) continue;
    const tree = parser.parse(html) as Root;
    const linked = linkedStylesheets(tree, page).filter((file) => stylesheets.includes(file));
    if (linked.length === 0) continue;
    const classes = collectKatexClasses(tree);
    for (const file of linked) {
      const entry = usage.get(file) ?? { classes: new Set<string>(), pages: 0 };
      for (const name of classes) entry.classes.add(name);
      entry.pages++;
      usage.set(file, entry);
    }
  }

  for (const file of stylesheets) {
    const entry = usage.get(file);
    if (!entry) {
      report.unlinked.push(file);
      continue;
    }
    const full = path.join(distDir, file);
    const trimmed = trimKatexCss(await fs.readFile(full, 'utf8'), entry.classes, file);
    // Temporary file and rename: a stopped build never leaves a half-written stylesheet.
    const temporary = `${full}.${process.pid}.tmp`;
    await fs.writeFile(temporary, trimmed.code);
    await fs.rename(temporary, full);
    report.stylesheets.push({ ...trimmed, file, pages: entry.pages, classes: entry.classes.size });
  }
  return report;
}

export default function trimKatex(options: TrimKatexOptions = {}): AstroIntegration {
  return {
    name: 'reading-list:trim-katex',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const report = await trimKatexInDist(fileURLToPath(dir), options);
        for (const sheet of report.stylesheets) {
          logger.info(
            `KaTeX stylesheet ${sheet.file}: ${sheet.bytesBefore} → ${sheet.bytesAfter} bytes for ${sheet.pages} math pages ` +
              `(${sheet.keptRules} rules kept, ${sheet.droppedRules} dropped; fonts kept: ${sheet.keptFontFamilies.join(', ') || 'none'})`,
          );
        }
        for (const file of report.unlinked) logger.info(`KaTeX stylesheet ${file}: linked by no page, left as it is`);
      },
    },
  };
}
