/**
 * The 404 page is the one page a host serves at URLs it does not know
 * (/reading-list/papers/typo.html, /reading-list/a/b/c), so URLs relative to
 * 404.html's own place break there, and the build cannot know the deploy
 * sub-path. The fix, applied to 404.html only:
 *
 * 1. its stylesheets are inlined, so it is styled at any URL, even without JS;
 * 2. a small inline script, first in <head>, looks for the site root by asking
 *    the host for a file only this site has (`marker`, a HEAD request per
 *    ancestor folder, nearest first) and sets <base href> to it, which makes
 *    every relative link, form and image resolve from the site root;
 * 3. its classic scripts are started by that script once the base is known.
 *
 * At the domain root without JS, the relative links are already right.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { resolveLocalFile, toPageRelativeUrl } from './relative-url.ts';
import { rewriteCssUrls } from './css-urls.ts';

export interface NotFoundOptions {
  /** The 404 page's path relative to the output root (it sits at the root: '404.html'). */
  file: string;
  /** A file only this site has, relative to its root, probed to find the root. */
  marker: string;
  /** Reads a stylesheet of the output by its root-relative path; undefined when missing. */
  readStylesheet: (file: string) => string | undefined;
}

/**
 * Folders probed nearest the page and nearest the domain root: a URL thousands of folders deep costs at most
 * 2 × PROBE_DEPTH + 1 requests, not one per folder.
 */
const PROBE_DEPTH = 8;

/**
 * The probe script; kept small and dependency-free because it runs before anything else.
 *
 * Every candidate root is an absolute URL built from `location.origin` and the
 * path's non-empty segments, and checked to have the page's own origin before
 * it is probed or used as <base>: a path such as `//evil.example/a/b` or
 * `/\\evil.example/a` must never turn a candidate into a protocol-relative URL
 * that sends the probe, the base and the scripts it starts to another host.
 * A probe never follows a redirect (a same-origin URL may redirect elsewhere).
 */
export function notFoundProbeScript(marker: string): string {
  return `(function(){var d=document,o=location.origin;
function own(u){try{return new URL(u,location.href).origin===o;}catch(e){return false;}}
function start(){var s=d.querySelectorAll('script[data-portable-src]');for(var i=0;i<s.length;i++){var u;try{u=new URL(s[i].getAttribute('data-portable-src'),d.baseURI);}catch(x){continue;}if(location.protocol!=='file:'&&u.origin!==o)continue;var e=d.createElement('script');e.src=u.href;e.async=false;d.head.appendChild(e);}}
function go(){if(d.readyState==='loading'){d.addEventListener('DOMContentLoaded',start);}else{start();}}
if(location.protocol==='file:'||!window.fetch||!window.URL||!o||o==='null'){go();return;}
var p=location.pathname.split('/');p.pop();var g=[];for(var k=0;k<p.length;k++){if(p[k]!==''&&p[k].indexOf('\\\\')<0)g.push(p[k]);}
var c=[];while(true){var u=o+'/'+g.join('/')+(g.length?'/':'');if(own(u))c.push(u);if(!g.length)break;g.pop();}
if(c.length>${2 * PROBE_DEPTH + 1})c=c.slice(0,${PROBE_DEPTH}).concat(c.slice(c.length-${PROBE_DEPTH + 1}));
function next(i){if(i>=c.length){go();return;}fetch(c[i]+${JSON.stringify(marker)},{method:'HEAD',cache:'no-store',credentials:'same-origin',redirect:'error'}).then(function(r){if(r.ok&&own(r.url||c[i])){var b=d.createElement('base');b.href=c[i];d.head.insertBefore(b,d.head.firstChild);go();}else{next(i+1);}},function(){next(i+1);});}
next(0);})();`;
}

function relList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((r) => String(r).toLowerCase());
  return typeof value === 'string' ? value.toLowerCase().split(/\s+/) : [];
}

function isStylesheetLink(node: Element): boolean {
  return (
    node.tagName === 'link' &&
    relList(node.properties.rel).includes('stylesheet') &&
    typeof node.properties.href === 'string'
  );
}

/** Applies the three steps above to the parsed 404 page (its URLs already page-relative). */
export function makeNotFoundPortable(tree: Root, options: NotFoundOptions): void {
  const { file } = options;
  let head: Element | undefined;

  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'head' && !head) head = node;

    if (isStylesheetLink(node) && parent && typeof index === 'number') {
      const href = String(node.properties.href);
      const cssFile = resolveLocalFile(href, file);
      const css = cssFile ? options.readStylesheet(cssFile) : undefined;
      if (css === undefined) {
        throw new Error(`${file}: the stylesheet ${href} does not exist in the output; the 404 page cannot be styled.`);
      }
      // URLs inside the stylesheet were relative to the CSS file; inlined, they must be relative to the page.
      const inlined = rewriteCssUrls(
        css,
        (url) => {
          const target = resolveLocalFile(url, cssFile);
          return target ? toPageRelativeUrl(`/${target}`, file) : url;
        },
        cssFile,
      ).code;
      const style = h(
        'style',
        typeof node.properties.media === 'string' ? { media: node.properties.media } : {},
        inlined,
      );
      parent.children.splice(index, 1, style);
      return index + 1;
    }

    if (node.tagName === 'script' && typeof node.properties.src === 'string') {
      node.properties.dataPortableSrc = node.properties.src;
      delete node.properties.src;
      delete node.properties.defer;
      delete node.properties.async;
      node.children = [];
    }
    return undefined;
  });

  if (!head) throw new Error(`${file}: the 404 page has no <head>.`);
  // After <meta charset>, which must stay within the first 1024 bytes.
  const charset = head.children.findIndex(
    (child) => child.type === 'element' && child.tagName === 'meta' && 'charSet' in child.properties,
  );
  head.children.splice(charset + 1, 0, h('script', notFoundProbeScript(options.marker)));
}
