/**
 * Where the reading list lives. Every command and the site build read the
 * content root from `--content DIR`, else READING_LIST_CONTENT, else ./content.
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
 * The Astro project root, recorded by astro.config.mjs. Astro gives content
 * entries' `filePath` relative to it, which is not the working directory when
 * a build runs with `--root` from elsewhere (the benchmark does).
 */
export const PROJECT_ROOT_ENV = 'READING_LIST_PROJECT';

/** A path inside the project (during a site build), e.g. a content entry's `filePath`, made absolute. */
export function projectPath(...parts: string[]): string {
  return path.resolve(process.env[PROJECT_ROOT_ENV] ?? process.cwd(), ...parts);
}
