/**
 * One line at the end of `astro build` saying what was built: papers, themes,
 * pages in all, the output's size and the time taken (the last stage of
 * src/integrations/output.ts, so it counts what every other stage wrote).
 */
import type { OutputStage } from './output.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { feedsNotice } from '../lib/export/links.ts';
import { contentPaths, displayPath, resolveContentRoot } from '../lib/project/content-root.ts';
import type { Problem } from '../lib/project/errors.ts';
import { walkFiles } from '../lib/fs/files.ts';
import { astroErrorFrom } from '../lib/site/build-error.ts';

export interface BuildCounts {
  /** Every .html file of the output (search index files excluded). */
  pages: number;
  /** papers/*.html */
  papers: number;
  /** themes/*.html */
  themes: number;
  /** Bytes of every file of the output. */
  bytes: number;
}

/** Counts the pages of a built site folder. */
export async function countBuild(distDir: string): Promise<BuildCounts> {
  const files = walkFiles(distDir).map((file) => file.relPath);
  const html = files.filter((file) => file.endsWith('.html') && !file.startsWith('pagefind/'));
  let bytes = 0;
  for (const file of files) bytes += (await fs.stat(path.join(distDir, file))).size;
  return {
    pages: html.length,
    papers: html.filter((file) => /^papers\/[^/]+\.html$/.test(file)).length,
    themes: html.filter((file) => /^themes\/[^/]+\.html$/.test(file)).length,
    bytes,
  };
}

/** How many paper files (.mdx) the content root holds, in any theme folder. */
export async function countPaperFiles(papersDir: string): Promise<number> {
  try {
    return walkFiles(papersDir, { include: (name) => name.endsWith('.mdx') }).length;
  } catch {
    return 0;
  }
}

/**
 * A build that renders no paper page from a content root that holds papers is broken (an unsupported Node, a
 * loader that found nothing): it must fail, not deploy an empty site.
 */
export function emptyBuildProblem(paperFiles: number, counts: BuildCounts, papersDir: string): Problem | undefined {
  if (paperFiles === 0 || counts.papers > 0) return undefined;
  return {
    file: displayPath(papersDir),
    code: 'empty-build',
    message: `the content root holds ${paperFiles} paper files but the build rendered no paper page`,
    action: 'run `npm run build` with Node >= 22.12 and check the messages above',
  };
}

export function formatSummary(counts: BuildCounts, seconds: number, dir: string): string {
  const size =
    counts.bytes >= 1024 * 1024
      ? `${(counts.bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.round(counts.bytes / 1024)} KB`;
  return `built ${counts.papers} paper pages, ${counts.themes} theme pages, ${counts.pages} pages in all (${size}) into ${dir} in ${seconds.toFixed(1)} s`;
}

/** dist/ when inside the project, else the absolute path. */
function displayDir(distDir: string): string {
  const relative = path.relative(process.cwd(), distDir);
  return relative === '' ? '.' : relative.startsWith('..') ? distDir : relative;
}

/** The last stage of the build's output (src/integrations/output.ts): counts what every other stage wrote. */
export const summaryStage: OutputStage = {
  name: 'summary',
  async run({ distDir, logger, site, startedAt }) {
    const counts = await countBuild(distDir);
    const papersDir = contentPaths(resolveContentRoot()).papers;
    const problem = emptyBuildProblem(await countPaperFiles(papersDir), counts, papersDir);
    if (problem) throw astroErrorFrom(problem);
    // Feeds and the sitemap need the public URL: say which one they use, or why they are missing.
    if (!site) logger.warn(feedsNotice(site));
    return `${formatSummary(counts, (Date.now() - startedAt) / 1000, displayDir(distDir))}${site ? `; ${feedsNotice(site)}` : ''}`;
  },
};
