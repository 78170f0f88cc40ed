// Content collections: one MDX file per paper under <content root>/papers/<theme>/<id>.mdx.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { PaperSchema } from './schemas/paper.ts';
import { contentPaths, resolveContentRoot } from './lib/project/content-root.ts';

const papers = defineCollection({
  loader: glob({
    pattern: '**/*.mdx',
    base: contentPaths(resolveContentRoot()).papers,
    // The file name is the paper's id, whatever folder (theme) it sits in.
    generateId: ({ entry }) => entry.replace(/^.*\//, '').replace(/\.mdx$/, ''),
  }),
  schema: PaperSchema,
});

export const collections = { papers };
