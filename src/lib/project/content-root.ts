/**
 * The one place that says where things are: the project's own folder (its
 * code, its default list) and the reading list's content root. Every command
 * and the site build read the content root from `--content DIR`, else
 * READING_LIST_CONTENT, else ./content; the project folder comes from
 * projectRoot(), never from the working directory or a module's own URL.
 */
import path from 'node:path';

export const CONTENT_ENV = 'READING_LIST_CONTENT';

export interface ContentPaths {
  root: string;
  sources: string;
  papers: string;
  themes: string;
}

export function resolveContentRoot(explicit?: string, cwd = process.cwd()): string {
  return path.resolve(cwd, explicit ?? process.env[CONTENT_ENV] ?? 'content');
}

export function contentPaths(root: string): ContentPaths {
  return {
    root,
    sources: path.join(root, 'sources'),
    papers: path.join(root, 'papers'),
    themes: path.join(root, 'themes.yaml'),
  };
}

/** A file as the reader would open it: relative to `cwd` when inside it (with "/"), else the absolute path. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative.split(path.sep).join('/');
}

/**
 * The project folder, recorded by astro.config.mjs for the site build: there
 * modules run bundled from another folder, so their own location says nothing.
 */
export const PROJECT_ROOT_ENV = 'READING_LIST_PROJECT';

/** This module's project folder, from its own path (outside a site build, modules run where they are). */
const HERE_PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The project folder (the one holding package.json): the one the site build
 * recorded, else the one this module sits in. Astro gives content entries'
 * `filePath` relative to it, which is not the working directory when a build
 * runs with `--root` from elsewhere (the benchmark does).
 */
export function projectRoot(): string {
  return process.env[PROJECT_ROOT_ENV] ?? HERE_PROJECT_ROOT;
}

/** A path inside the project, e.g. a content entry's `filePath`, made absolute. */
export function projectPath(...parts: string[]): string {
  return path.resolve(projectRoot(), ...parts);
}

/** The default list's taxonomy: the site's last resort for a content root that has no themes.yaml yet. */
export function defaultTaxonomyPath(): string {
  return projectPath('content', 'themes.yaml');
}
