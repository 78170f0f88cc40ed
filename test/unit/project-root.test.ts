// The one way to find the project folder and the content root.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONTENT_ENV,
  defaultTaxonomyPath,
  PROJECT_ROOT_ENV,
  projectPath,
  projectRoot,
  resolveContentRoot,
} from '../../src/lib/project/content-root.ts';

const saved = { project: process.env[PROJECT_ROOT_ENV], content: process.env[CONTENT_ENV] };
afterEach(() => {
  for (const [key, value] of [
    [PROJECT_ROOT_ENV, saved.project],
    [CONTENT_ENV, saved.content],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the project folder', () => {
  it('is the folder holding the package, whatever the working directory', () => {
    delete process.env[PROJECT_ROOT_ENV];
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('reading-list');
    expect(defaultTaxonomyPath()).toBe(path.join(projectRoot(), 'content', 'themes.yaml'));
    expect(fs.existsSync(defaultTaxonomyPath())).toBe(true);
  });

  it('is the one the site build recorded, when it recorded one (bundled modules run from elsewhere)', () => {
    process.env[PROJECT_ROOT_ENV] = '/somewhere/else';
    expect(projectRoot()).toBe('/somewhere/else');
    expect(projectPath('src/content/x.mdx')).toBe('/somewhere/else/src/content/x.mdx');
  });
});

describe('the content root', () => {
  it('is --content, else READING_LIST_CONTENT, else ./content, from the working directory', () => {
    delete process.env[CONTENT_ENV];
    expect(resolveContentRoot(undefined, '/w')).toBe('/w/content');
    process.env[CONTENT_ENV] = 'list';
    expect(resolveContentRoot(undefined, '/w')).toBe('/w/list');
    expect(resolveContentRoot('/abs', '/w')).toBe('/abs');
  });
});
