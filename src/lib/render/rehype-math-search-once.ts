/**
 * rehype plugin, after rehype-katex: KaTeX writes each formula three times (the glyphs a reader sees, MathML
 * for screen readers, and the TeX source inside the MathML's annotation). Search must index it once, as it
 * is shown, so the MathML half is marked `data-pagefind-ignore="all"`; screen readers still read it, and the
 * file:// index already leaves it out the same way.
 *
 *   <span class="katex"><span class="katex-mathml" data-pagefind-ignore="all"><math>…</math></span>
 *   <span class="katex-html" aria-hidden="true">…</span></span>
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

function hasClass(node: Element, name: string): boolean {
  const value: unknown = node.properties.className;
  if (Array.isArray(value)) return value.includes(name);
  return typeof value === 'string' && value.split(/\s+/).includes(name);
}

export default function rehypeMathSearchOnce() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (hasClass(node, 'katex-mathml')) node.properties.dataPagefindIgnore = 'all';
    });
  };
}
