// Content collections: one MDX file per paper under <content root>/papers/<theme>/<id>.mdx.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { PaperSchema } from './schemas/paper.ts';
import { isDevServer } from './lib/dev/mode.ts';
import { withoutInvalidKeys } from './lib/dev/frontmatter-problems.ts';
import { contentPaths, resolveContentRoot } from './lib/content-root.ts';

const papers = defineCollection({
  loader: glob({
    pattern: '**/*.mdx',
    base: contentPaths(resolveContentRoot()).papers,
    // The file name is the paper's id, whatever folder (theme) it sits in.
    generateId: ({ entry }) => entry.replace(/^.*\//, '').replace(/\.mdx$/, ''),
  }),
  // Under `astro dev`, a paper's invalid keys are left out (its page lists them with file, line and fix) so one
  // bad value does not stop the server; a build stops at it with the schema's error.
  schema: isDevServer() ? z.preprocess(withoutInvalidKeys, PaperSchema) : PaperSchema,
});

export const collections = { papers };
