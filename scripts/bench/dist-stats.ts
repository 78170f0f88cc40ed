/**
 * Sizes of a built site: total bytes and file count, the Pagefind index, and
 * the weight of a paper page (its HTML plus the CSS it links or inlines) and
 * the scripts it carries. Pages are read with rehype-parse, so stylesheet and
 * script references are found in the HTML tree, not by pattern.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { walkFiles } from '../../src/lib/fs/files.ts';

export interface DirStats {
  bytes: number;
  files: number;
}

export interface PageWeight {
  /** Site-relative path of the page measured. */
  page: string;
  htmlBytes: number;
  /** Linked stylesheets (each once) plus inline <style>. */
  cssBytes: number;
  totalBytes: number;
  /** <script> elements, inline or not. */
  scripts: number;
  /** Bytes of JavaScript the page loads or inlines. */
  scriptBytes: number;
  /** Whether the page's text (e.g. the title) is in the HTML itself, readable without running scripts. */
  readableWithoutJs: boolean;
}

export interface PaperPages {
  count: number;
  medianHtmlBytes: number;
  maxHtmlBytes: number;
  /** The heaviest paper page, measured in full. */
  heaviest: PageWeight;
  /** The median paper page, measured in full. */
  median: PageWeight;
}

export async function dirStats(dir: string): Promise<DirStats> {
  let bytes = 0;
  let files = 0;
  for (const file of walkFiles(dir, { links: 'skip' })) {
    files++;
    bytes += (await stat(file.absolute)).size;
  }
  return { bytes, files };
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Resolves a page's reference (relative, or root-absolute) to a file in the site; undefined for other hosts. */
function localFile(site: string, pagePath: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined;
  const clean = href.split(/[?#]/)[0] ?? '';
  if (!clean) return undefined;
  return clean.startsWith('/') ? path.join(site, clean) : path.join(site, path.dirname(pagePath), clean);
}

/** Weighs one page of the built site (`pagePath` relative to `site`). */
export async function pageWeight(site: string, pagePath: string, expectText?: string): Promise<PageWeight> {
  const html = await readFile(path.join(site, pagePath), 'utf8');
  const tree = unified().use(rehypeParse).parse(html) as Root;
  const stylesheets = new Set<string>();
  let inlineCss = 0;
  let scripts = 0;
  let scriptBytes = 0;
  let title = '';
  const scriptFiles: string[] = [];
  visit(tree, 'element', (node: Element) => {
    const props = node.properties;
    if (node.tagName === 'link') {
      const rel = ([] as unknown[]).concat(props.rel ?? []).map(String);
      const href = typeof props.href === 'string' ? localFile(site, pagePath, props.href) : undefined;
      if (rel.includes('stylesheet') && href) stylesheets.add(href);
    } else if (node.tagName === 'style') {
      inlineCss += Buffer.byteLength(toString(node));
    } else if (node.tagName === 'script') {
      scripts++;
      const src = typeof props.src === 'string' ? localFile(site, pagePath, props.src) : undefined;
      if (src) scriptFiles.push(src);
      else scriptBytes += Buffer.byteLength(toString(node));
    } else if (node.tagName === 'title') {
      title = toString(node).trim();
    }
  });
  let linkedCss = 0;
  for (const file of stylesheets) linkedCss += await sizeOf(file);
  for (const file of scriptFiles) scriptBytes += await sizeOf(file);
  const htmlBytes = Buffer.byteLength(html);
  const needle = expectText ?? title;
  return {
    page: pagePath,
    htmlBytes,
    cssBytes: linkedCss + inlineCss,
    // Inline <style> blocks are bytes of the HTML already: only linked stylesheets add to it.
    totalBytes: htmlBytes + linkedCss,
    scripts,
    scriptBytes,
    readableWithoutJs: needle.length > 0 && toString(tree).includes(needle),
  };
}

/** Weighs the paper pages in `<site>/<folder>`: sizes of all, full weight of the median and the heaviest. */
export async function paperPages(site: string, folder = 'papers'): Promise<PaperPages | undefined> {
  const names = walkFiles(path.join(site, folder), { recursive: false, include: (n) => n.endsWith('.html') }).map(
    (file) => file.name,
  );
  if (names.length === 0) return undefined;
  const sized = await Promise.all(
    names.map(async (name) => ({ name, bytes: await sizeOf(path.join(site, folder, name)) })),
  );
  sized.sort((a, b) => a.bytes - b.bytes || a.name.localeCompare(b.name));
  const median = sized[Math.floor(sized.length / 2)] as { name: string; bytes: number };
  const max = sized[sized.length - 1] as { name: string; bytes: number };
  return {
    count: sized.length,
    medianHtmlBytes: median.bytes,
    maxHtmlBytes: max.bytes,
    heaviest: await pageWeight(site, `${folder}/${max.name}`),
    median: await pageWeight(site, `${folder}/${median.name}`),
  };
}
