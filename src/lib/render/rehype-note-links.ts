/**
 * rehype plugin for the notes (the MDX pipeline): the links a reader writes
 * in a note, as Markdown (`[x](/papers/y)`) or as an <a> element, come out
 * relative to the page the note is shown on and naming a file, so they work
 * from file://, a domain root and any sub-path like every other link:
 *
 *   /papers/y           -> y.html              (from papers/x.html)
 *   /themes/z.html#top  -> ../themes/z.html#top
 *   /                   -> ../index.html
 *   other-paper         -> other-paper.html    (relative: only the file is named)
 *
 * External URLs, fragments and queries alone are left as written. Notes are
 * shown on their paper's page only (src/pages/papers/[id].astro), and every
 * paper page sits in the folder of urls.paper(), so the page the links are
 * relative to is known when the note compiles.
 */
import type { Element, Root } from 'hast';
import type { MdxJsxFlowElementHast, MdxJsxTextElementHast } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import { relativeUrl, type SitePath, type SiteUrl, splitUrl } from '../paths.ts';
import { urls } from '../urls.ts';

/** Attributes that hold a URL a reader may write in a note. */
const URL_ATTRIBUTES = new Set(['href', 'src']);

/** A path that names a folder or a page without its extension, made to name the file. */
function nameTheFile(path: string): string {
  if (path === '' || path.endsWith('/')) return `${path}index.html`;
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last === '.' || last === '..') return `${path}/index.html`;
  return last.includes('.') ? path : `${path}.html`;
}

/**
 * A URL written in a note, as it must be on the page `from`: root-absolute ones page-relative, every internal
 * one naming a file; external URLs (a scheme, or '//host'), '#fragment' and '?query' unchanged.
 */
export function noteLinkUrl(url: string, from: SitePath = urls.paper('x')): string {
  const value = url.trim();
  if (value === '' || value.startsWith('#') || value.startsWith('?') || value.startsWith('//')) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return url;
  const { path, suffix } = splitUrl(value);
  if (path === '') return url;
  // A relative link is read as a browser reads it on the page, where '..' stops at the site's root
  // ('../../index.html' from papers/x.html is the home page), then written relative to the page again.
  const resolved = path.startsWith('/') ? path : new URL(path, `https://site.invalid/${from}`).pathname;
  const target = nameTheFile(resolved.replace(/^\/+/, ''));
  return relativeUrl(from, (target + suffix) as SiteUrl);
}

export default function rehypeNoteLinks() {
  const from = urls.paper('x');
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'element') {
        const element = node as Element;
        if (typeof element.properties.href === 'string')
          element.properties.href = noteLinkUrl(element.properties.href, from);
        if (typeof element.properties.src === 'string')
          element.properties.src = noteLinkUrl(element.properties.src, from);
        return;
      }
      // <a href="/papers/y"> written as JSX in a note (an HTML element: lower case; components are left alone).
      if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        const element = node as MdxJsxFlowElementHast | MdxJsxTextElementHast;
        if (!element.name || !/^[a-z]/.test(element.name)) return;
        for (const attribute of element.attributes) {
          if (attribute.type !== 'mdxJsxAttribute' || !URL_ATTRIBUTES.has(attribute.name)) continue;
          if (typeof attribute.value === 'string') attribute.value = noteLinkUrl(attribute.value, from);
        }
      }
    });
  };
}
