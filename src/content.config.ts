// Content collections: one MDX file per paper under <content root>/papers/<theme>/<id>.mdx.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { PaperSchema } from './schemas/paper.ts';
import { isDevServer } from './lib/dev/mode.ts';
import { withoutInvalidKeys } from './lib/dev/frontmatter-problems.ts';
import { tolerantLoader } from './lib/dev/tolerant-loader.ts';
import { withoutEmptyNoteModules } from './lib/render/empty-notes.ts';
import { keepingNotesApart } from './lib/dev/saved-notes.ts';
import { contentPaths, resolveContentRoot } from './lib/project/content-root.ts';

const loader = glob({
  pattern: '**/*.mdx',
  base: contentPaths(resolveContentRoot()).papers,
  // The file name is the paper's id, whatever folder (theme) it sits in.
  generateId: ({ entry }) => entry.replace(/^.*\//, '').replace(/\.mdx$/, ''),
});

const papers = defineCollection({
  // Under `astro dev`, a paper whose frontmatter is not YAML is read without keys, and a paper's invalid keys are
  // left out (its page lists the problems with file, line and fix), so one bad file does not stop the server; a
  // build stops at it with the content layer's error. A save of notes alone skips the data store, and the pages
  // import the MDX files themselves (src/lib/dev/saved-notes.ts). A build compiles no MDX module for a paper
  // without notes.
  loader: isDevServer() ? tolerantLoader(keepingNotesApart(loader)) : withoutEmptyNoteModules(loader),
  schema: isDevServer() ? z.preprocess(withoutInvalidKeys, PaperSchema) : PaperSchema,
});

export const collections = { papers };
