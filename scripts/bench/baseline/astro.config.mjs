// The benchmark's bare baseline: Astro + @astrojs/mdx + Pagefind and nothing else,
// one MDX page per paper. The benchmark copies this folder next to a generated
// content folder and builds it; folders come from the environment.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as pagefind from 'pagefind';

/** Pagefind through its Node API, over the built pages, as the project does. */
function pagefindIndex() {
  return {
    name: 'bench-baseline-pagefind',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex();
        if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: site });
        if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
        await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
        await pagefind.close();
      },
    },
  };
}

export default defineConfig({
  outDir: process.env.BENCH_BASELINE_OUT ?? './dist',
  cacheDir: process.env.BENCH_BASELINE_CACHE ?? './node_modules/.astro',
  build: { format: 'file' },
  integrations: [mdx(), pagefindIndex()],
});
