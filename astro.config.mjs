// Astro configuration: MDX notes through the unified pipeline (remark-math + KaTeX),
// content root and output folder taken from the environment so tests can build
// a content root of their own into a folder of their own.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeKatexClasses from './src/lib/render/katex-assets.ts';
import rehypeNoteLinks from './src/lib/render/rehype-note-links.ts';
import checkNotes from './src/integrations/check-notes.ts';
import devWorkbench from './src/integrations/dev-workbench.ts';
import search from './src/integrations/search.ts';
import katexAssets from './src/integrations/katex-assets.ts';
import output from './src/integrations/output.ts';
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

// The list's identity (site.yaml of the content root): its URL is the site's unless READING_LIST_SITE says otherwise.
const contentRoot = resolveContentRoot();
const { identity, notice } = loadSiteIdentity(contentRoot, displayPath(`${contentRoot}/site.yaml`));
if (notice) console.log(`note: ${formatProblem(notice)}`);

// The public URL (e.g. https://example.org/reading-list/): feeds and the sitemap need absolute
// URLs, so they are written only when it is set. Pages never use it: every URL a page writes is
// relative to it (src/lib/paths.ts), so one dist/ works from file://, a domain root or any sub-path.
// READING_LIST_SITE set but empty means no site URL, whatever site.yaml says.
const site = process.env.READING_LIST_SITE !== undefined ? process.env.READING_LIST_SITE || undefined : identity.url;

export default defineConfig({
  site,
  outDir: process.env.READING_LIST_OUT ?? './dist',
  cacheDir: process.env.READING_LIST_CACHE ?? './node_modules/.astro',
  // Every page is a file (papers/x.html), and the site's own CSS is inlined into each page: no
  // /_astro/*.css URL to make relative, and the 404 page is styled at any URL.
  build: { format: 'file', inlineStylesheets: 'always' },
  trailingSlash: 'ignore',
  // `astro dev` is where a reader writes notes: Astro's toolbar for site developers would sit over the page and
  // load its own scripts again on every reload after a save.
  devToolbar: { enabled: false },
  vite: {
    build: {
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
      // After KaTeX: its classes are recorded for the trimmed stylesheet (src/integrations/katex-assets.ts),
      // and the links a reader wrote come out relative to the paper page and naming a file.
      rehypePlugins: [[rehypeKatex, { strict: 'ignore' }], rehypeKatexClasses, rehypeNoteLinks],
    }),
  },
  // What runs after the pages render is one integration, output(), with named stages in a fixed
  // order (src/integrations/output.ts); the others only serve `astro dev` (search script, KaTeX's
  // files), check the notes first, or are Astro's own. check-notes first: its astro:config:setup
  // lists every note that is not valid MDX (file, line, fix) before the content layer syncs or the
  // MDX compiler stops at the first with a stack trace.
  integrations: [
    checkNotes(),
    // `astro dev` only: a broken paper file breaks only its own page; paper pages mark status, tags, rating.
    devWorkbench(),
    mdx(),
    search(),
    katexAssets(),
    ...(site ? [siteMap()] : []),
    output(),
  ],
});
