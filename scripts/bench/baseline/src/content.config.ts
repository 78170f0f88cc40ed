// One collection: the generated MDX pages, one per paper, in BENCH_BASELINE_CONTENT.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const papers = defineCollection({
  loader: glob({ pattern: '*.mdx', base: process.env.BENCH_BASELINE_CONTENT ?? './papers' }),
  schema: z.object({ title: z.string(), date: z.coerce.date(), abstract: z.string() }),
});

export const collections = { papers };
