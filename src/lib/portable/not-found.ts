/**
 * The 404 page is the one page a host serves at URLs it does not know
 * (/reading-list/papers/typo.html, /reading-list/a/b/c), so URLs relative to
 * 404.html's own place break there, and the build cannot know the deploy
 * sub-path. The page is written for that when it renders
 * (src/pages/404.astro, through Base's `notFound`):
 *
 * 1. its styles are inline (as every page's), so it is styled at any URL, even without JS;
 * 2. the script below, first in <head>, looks for the site root by asking
 *    the host for a file only this site has (`marker`, a HEAD request per
 *    ancestor folder, nearest first) and sets <base href> to it, which makes
 *    every relative link, form and image resolve from the site root;
 * 3. its scripts are written with data-portable-src instead of src and are
 *    started by that script once the base is known.
 *
 * At the domain root without JS, the relative links are already right.
 */

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
