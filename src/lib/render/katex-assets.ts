/**
 * KaTeX's stylesheet as the site ships it, and the KaTeX classes the pages
 * use, collected while they render. The stylesheet is a file of its own at a
 * fixed place (`KATEX_STYLESHEET`), its woff2 fonts in fonts/ beside it, so
 * its url()s stay relative to it wherever the site is opened; only pages
 * with math link it (src/layouts/Base.astro). It is cut down to the rules the
 * collected classes can match (src/integrations/katex-assets.ts).
 *
 * KaTeX renders in two places, both in the build's own Node process: notes
 * go through the MDX pipeline (`rehypeKatexClasses`, after rehype-katex,
 * when the note module is compiled), titles and abstracts through
 * src/lib/render/render-text.ts when a page renders. The integration reads
 * the classes at astro:build:done. Those are three module graphs (Astro's
 * config, the compiled notes, the prerendered site's bundle), each with its own
 * copy of this module, so the classes live in one Set on globalThis under
 * `Symbol.for('reading-list.katex-classes')`; the integration empties it at
 * astro:build:start.
 */
import katex from 'katex';
import type { Root } from 'hast';
import { collectKatexClasses } from './trim-katex-css.ts';

/**
 * Where KaTeX's stylesheet is written, relative to the output root. A fixed name (trimmed, its bytes are known
 * only once every page has rendered), in _astro/ with Astro's own assets, and naming KaTeX's version.
 */
export const KATEX_STYLESHEET = `_astro/katex.min.${katex.version}.css`;

const REGISTRY: unique symbol = Symbol.for('reading-list.katex-classes');
const shared = globalThis as typeof globalThis & { [REGISTRY]?: Set<string> };

/** The KaTeX classes used by what has rendered in this process since the last reset. */
export function usedKatexClasses(): Set<string> {
  shared[REGISTRY] ??= new Set<string>();
  return shared[REGISTRY];
}

/** Adds classes of rendered KaTeX markup to the site's set. */
export function recordKatexClasses(classes: Iterable<string>): void {
  const used = usedKatexClasses();
  for (const name of classes) used.add(name);
}

/** Forgets the classes seen (a new build in the same process starts from none). */
export function resetKatexClasses(): void {
  usedKatexClasses().clear();
}

/** rehype plugin, after rehype-katex: records the KaTeX classes of the tree (a note's math). */
export default function rehypeKatexClasses() {
  return (tree: Root) => {
    recordKatexClasses(collectKatexClasses(tree));
  };
}
