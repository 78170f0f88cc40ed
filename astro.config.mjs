// Astro configuration: MDX notes through the unified pipeline (remark-math + KaTeX),
// content root and output folder taken from the environment so tests can build
// a content root of their own into a folder of their own.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

export default defineConfig({
  outDir: process.env.READING_LIST_OUT ?? './dist',
  cacheDir: process.env.READING_LIST_CACHE ?? './node_modules/.astro',
  build: { format: 'file' },
  trailingSlash: 'ignore',
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [rehypeKatex],
    }),
  },
  integrations: [mdx()],
});
