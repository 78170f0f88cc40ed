/**
 * The bare baseline: the same papers as a minimal Astro + @astrojs/mdx +
 * Pagefind site (one MDX page per paper showing its title, date, abstract and
 * MDX body; a Pagefind search page; nothing else), built from the template in
 * scripts/bench/baseline/. The template is
 * copied into the work folder, next to its generated content, and resolves its
 * packages from the project's node_modules through a symlink in the work folder.
 */
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath, projectRoot } from '../../src/lib/project/content-root.ts';
import { stringify } from 'yaml';
import type { SyntheticPaper } from './generate.ts';

export const PROJECT_ROOT = projectRoot();
const TEMPLATE = projectPath('scripts', 'bench', 'baseline');
export const ASTRO_BIN = path.join(PROJECT_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');

export interface BaselineSite {
  root: string;
  content: string;
  out: string;
  cache: string;
}

/**
 * A paper's MDX file as a fresh ingest leaves it in the project: the paper's
 * data in the frontmatter (YAML, so the abstract is text, never MDX) and an
 * empty body for notes. Both sites start from the same kind of file.
 */
export function baselinePage(paper: SyntheticPaper): string {
  const frontmatter = stringify({ title: paper.title, date: paper.date, abstract: paper.abstract });
  return `---\n${frontmatter}---\n`;
}

/**
 * Makes the project's packages resolvable from everything under `workDir`.
 * Builds run from the work folder (see projectBuildCommand), so Astro writes
 * its prerender chunks under the output folder there, and those chunks import
 * packages by name.
 */
export async function linkNodeModules(workDir: string): Promise<void> {
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
}

/** Lays out the baseline site for `papers` under `workDir` (which needs linkNodeModules). */
export async function prepareBaseline(workDir: string, papers: SyntheticPaper[]): Promise<BaselineSite> {
  const site: BaselineSite = {
    root: path.join(workDir, 'baseline-site'),
    content: path.join(workDir, 'baseline-content'),
    out: path.join(workDir, 'baseline-dist'),
    cache: path.join(workDir, 'baseline-cache'),
  };
  await cp(TEMPLATE, site.root, { recursive: true });
  await mkdir(site.content, { recursive: true });
  for (const paper of papers) await writeFile(path.join(site.content, `${paper.id}.mdx`), baselinePage(paper));
  return site;
}

/** The command that builds the baseline, for runMeasured. */
export function baselineBuildCommand(site: BaselineSite): {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
} {
  return {
    command: process.execPath,
    args: [ASTRO_BIN, 'build', '--root', site.root],
    cwd: path.dirname(site.out),
    env: {
      BENCH_BASELINE_CONTENT: site.content,
      BENCH_BASELINE_OUT: site.out,
      BENCH_BASELINE_CACHE: site.cache,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  };
}
