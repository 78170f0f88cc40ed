/**
 * remark plugin for the notes (MDX bodies): records in the page's
 * remark frontmatter (`notesHaveMath`) whether the notes hold math, so a
 * paper page loads the KaTeX stylesheet only when something on it needs it.
 */
import type { Root } from 'mdast';
import { EXIT, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

interface AstroData {
  astro?: { frontmatter?: Record<string, unknown> };
}

export default function remarkFlagMath() {
  return (tree: Root, file: VFile): void => {
    let found = false;
    visit(tree, (node) => {
      if (node.type === 'math' || node.type === 'inlineMath') {
        found = true;
        return EXIT;
      }
      return undefined;
    });
    const data = file.data as AstroData;
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.notesHaveMath = found;
  };
}
