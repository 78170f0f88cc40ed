// Astro configuration: MDX notes through the unified pipeline (remark-math + KaTeX),
// content root and output folder taken from the environment so tests can build
// a content root of their own into a folder of their own.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeMathSearchOnce from './src/lib/render/rehype-math-search-once.ts';
import checkNotes from './src/integrations/check-notes.ts';
import buildSummary from './src/integrations/build-summary.ts';
import katexWoff2 from './src/lib/render/vite-katex-woff2.ts';
import searchAssets, { fallbackIndexReader } from './src/integrations/search-fallback.ts';
import trimKatex from './src/integrations/trim-katex.ts';
import relativeUrls from './src/integrations/relative-urls.ts';
import pagefind from './src/integrations/pagefind.ts';
import siteMap from './src/integrations/sitemap.ts';
import { unsupportedNode } from './src/lib/project/node-version.ts';

// On an unsupported Node the content layer finds nothing and the site would come out empty: stop with one line.
const nodeProblem = unsupportedNode(process.versions.node);
if (nodeProblem) {
  console.error(`reading-list: ${nodeProblem}`);
  process.exit(1);
}
import { resolveContentRoot, displayPath } from './src/lib/project/content-root.ts';
import { formatProblem } from './src/lib/project/errors.ts';
import { loadSiteIdentity } from './src/lib/site/site-file.ts';

// Content entries' file paths are relative to this folder, whatever the working directory (see projectPath).
process.env.READING_LIST_PROJECT = fileURLToPath(new URL('.', import.meta.url));

const fallbackIndex = fallbackIndexReader();

// The list's identity (site.yaml of the content root): its URL is the site's unless READING_LIST_SITE says otherwise.
const contentRoot = resolveContentRoot();
const { identity, notice } = loadSiteIdentity(contentRoot, displayPath(`${contentRoot}/site.yaml`));
if (notice) console.log(`note: ${formatProblem(notice)}`);

// The public URL (e.g. https://example.org/reading-list/): feeds and the sitemap need absolute
// URLs, so they are written only when it is set. Pages never use it: they stay relative.
// READING_LIST_SITE set but empty means no site URL, whatever site.yaml says.
const site = process.env.READING_LIST_SITE !== undefined ? process.env.READING_LIST_SITE || undefined : identity.url;

export default defineConfig({
  site,
  outDir: process.env.READING_LIST_OUT ?? './dist',
  cacheDir: process.env.READING_LIST_CACHE ?? './node_modules/.astro',
  build: { format: 'file' },
  trailingSlash: 'ignore',
  vite: {
    // KaTeX's stylesheet with its woff2 fonts only (see the plugin for why).
    plugins: [katexWoff2()],
    build: {
      // Fonts stay files: inlined as base64, KaTeX_Size3 (3.6 KB) would add ~5 KB to the stylesheet of
      // every math page; as a file it is fetched only by a page whose math needs it.
      assetsInlineLimit: (file) => (/\.woff2?$/.test(file) ? false : undefined),
      rollupOptions: {
        // @astrojs/mdx marks every note module with this directive; the bundler warns once per
        // paper (hundreds of lines) that it may drop it, which is harmless for static output.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && String(warning.message).includes('astro:head-inject'))
            return;
          warn(warning);
        },
      },
    },
  },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      // Notes are the reader's own: KaTeX errors show in red with their source, never fail the build.
      rehypePlugins: [[rehypeKatex, { strict: 'ignore' }], rehypeMathSearchOnce],
    }),
  },
  // Post-build, in this order (astro:build:done hooks run in sequence): the search script and
  // file:// index, then KaTeX's stylesheet cut to the rules the math pages use, then the pass
  // that makes every URL page-relative (dist/ works from file://,
  // a domain root or a sub-path), then the Pagefind index of the paper pages.
  // The sitemap (only with a site URL) reads the list of built pages, not the pages.
  // build-summary last: it counts what the other steps wrote.
  // Pages are parsed once, in the relative-URL pass: it reads the file:// index's records off each
  // page's tree (and writes that index), and tells Pagefind how many pages carry data-pagefind-body.
  // check-notes first: its astro:config:setup lists every note that is not valid MDX (file, line, fix)
  // before the content layer syncs or the MDX compiler stops at the first with a stack trace.
  integrations: [
    checkNotes(),
    mdx(),
    searchAssets(),
    trimKatex(),
    relativeUrls({ fallbackIndex }),
    pagefind({ bodyPages: () => fallbackIndex.papers }),
    ...(site ? [siteMap()] : []),
    buildSummary(),
  ],
});
