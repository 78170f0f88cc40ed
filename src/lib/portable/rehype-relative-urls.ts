/**
 * rehype plugin: makes one built page portable. Every internal URL (href, src,
 * srcset, action, poster, data, cite, xlink:href, meta refresh, url() in
 * style attributes and <style> blocks) becomes relative to the page and names
 * a file; module scripts become classic scripts (browsers refuse module
 * scripts on file://) and module preloads are dropped.
 *
 * For other engineers: scripts in components must be `<script is:inline>` or a
 * classic file from public/ (`<script is:inline defer src="/x.js">`); a plain
 * `<script>` is bundled by Astro as a module and only survives here when it
 * has no import/export.
 */
import type { Element, Root, Nodes, Properties } from 'hast';
import { visit } from 'unist-util-visit';
import { mapSrcset, toPageRelativeUrl, resolveLocalFile } from './relative-url.ts';
import { rewriteCssUrls, rewriteStyleAttributeUrls } from './css-urls.ts';
import { moduleToClassicScript } from './classic-script.ts';

export interface RelativeUrlsOptions {
  /** The page's path relative to the output root, e.g. 'papers/kv-cache.html'. */
  file: string;
  /**
   * Called with the output-root-relative path of each external module script
   * (`<script type="module" src>`); must make that file a classic script or throw.
   * Without it, external module scripts are an error.
   */
  classicFile?: (file: string, where: string) => void;
}

/** hast property names whose value is a single URL. */
export const URL_PROPERTIES = [
  'href',
  'src',
  'action',
  'formAction',
  'poster',
  'data',
  'cite',
  'xLinkHref',
  'background',
  'longDesc',
  'manifest',
] as const;
/** hast property names holding a srcset. */
export const SRCSET_PROPERTIES = ['srcSet', 'imageSrcSet'] as const;

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
}

function setText(node: Element, value: string): void {
  node.children = [{ type: 'text', value }];
}

function isModuleScript(node: Element): boolean {
  const type = node.properties.type;
  return typeof type === 'string' && type.trim().toLowerCase() === 'module';
}

function relList(properties: Properties): string[] {
  const rel: unknown = properties.rel;
  if (Array.isArray(rel)) return rel.map((r) => String(r).toLowerCase());
  return typeof rel === 'string' ? rel.toLowerCase().split(/\s+/) : [];
}

/** Rewrites the `url=` part of a meta refresh ('0; url=/x.html'). */
function rewriteRefresh(content: string, rewrite: (url: string) => string): string {
  const at = content.search(/url\s*=/i);
  if (at === -1) return content;
  const eq = content.indexOf('=', at);
  let url = content.slice(eq + 1).trim();
  const quote = url[0] === '"' || url[0] === "'" ? url[0] : '';
  if (quote) url = url.slice(1, url.endsWith(quote) ? -1 : undefined);
  return `${content.slice(0, eq + 1)}${quote}${rewrite(url)}${quote}`;
}

/** Rewrites `tree` in place; returns whether anything changed (so an untouched page need not be written again). */
export function rewritePageUrls(tree: Root, options: RelativeUrlsOptions): boolean {
  const { file } = options;
  const rewrite = (url: string) => toPageRelativeUrl(url, file);
  let changed = false;
  const set = (props: Properties, name: string, value: string) => {
    if (props[name] !== value) {
      props[name] = value;
      changed = true;
    }
  };

  const walk = (root: Root | Nodes) => {
    visit(root, 'element', (node: Element, index, parent) => {
      const props = node.properties;

      if (node.tagName === 'template' && 'content' in node && node.content) {
        walk(node.content as Root);
      }

      for (const name of URL_PROPERTIES) {
        const value = props[name];
        if (typeof value === 'string') set(props, name, rewrite(value));
      }
      for (const name of SRCSET_PROPERTIES) {
        const value = props[name];
        if (typeof value === 'string') set(props, name, mapSrcset(value, rewrite));
      }
      if (typeof props.style === 'string' && props.style.includes('url(')) {
        set(
          props,
          'style',
          rewriteStyleAttributeUrls(props.style, rewrite, `${file} (style attribute of <${node.tagName}>)`).code,
        );
      }

      if (node.tagName === 'meta' && typeof props.httpEquiv !== 'undefined' && typeof props.content === 'string') {
        const equiv = Array.isArray(props.httpEquiv) ? props.httpEquiv.join(' ') : String(props.httpEquiv);
        if (equiv.toLowerCase() === 'refresh') set(props, 'content', rewriteRefresh(props.content, rewrite));
      }

      if (node.tagName === 'style') {
        const css = textOf(node);
        if (css.includes('url(') || css.includes('@import')) {
          const code = rewriteCssUrls(css, rewrite, `${file} (<style> block)`).code;
          if (code !== css) {
            setText(node, code);
            changed = true;
          }
        }
      }

      if (node.tagName === 'link' && relList(props).includes('modulepreload') && parent && typeof index === 'number') {
        // Preloads a module graph that no longer exists once scripts are classic.
        parent.children.splice(index, 1);
        changed = true;
        return index;
      }

      if (node.tagName === 'script' && isModuleScript(node)) {
        const where = `${file}: <script type="module"${typeof props.src === 'string' ? ` src="${props.src}"` : ''}>`;
        delete props.type;
        changed = true;
        if (typeof props.src === 'string') {
          if (!options.classicFile) throw new Error(`${where}: external module scripts are not allowed in the output.`);
          options.classicFile(resolveLocalFile(props.src, file), where);
          props.defer = true;
        } else {
          setText(node, moduleToClassicScript(textOf(node), where));
        }
      }
      return undefined;
    });
  };
  walk(tree);
  return changed;
}
