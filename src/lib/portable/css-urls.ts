/**
 * Rewrites the URLs inside CSS (stylesheets, <style> blocks, style attributes)
 * through Lightning CSS's AST visitor: url(), image-set() candidates and
 * @import. Lightning CSS is the parser Vite already minifies Astro's CSS with,
 * so re-printing the bundled stylesheets changes nothing but the URLs.
 */
import {
  transform,
  transformStyleAttribute,
  type Visitor,
  type CustomAtRules,
  type ReturnedRule,
  type ImportRule,
} from 'lightningcss';

export type UrlRewriter = (url: string) => string;

export interface CssRewrite {
  /** The CSS after rewriting; the input itself when no URL changed (bytes kept as they were). */
  code: string;
  /** Every URL seen, before rewriting. */
  urls: string[];
  changed: boolean;
}

function urlVisitor(rewrite: UrlRewriter, seen: string[]): Visitor<CustomAtRules> {
  const map = (url: string) => {
    seen.push(url);
    return rewrite(url);
  };
  return {
    Url(url) {
      return { ...url, url: map(url.url) };
    },
    Image(image) {
      // image-set() candidates are images, not Url nodes: the Url visitor never sees them.
      if (image.type !== 'image-set') return undefined;
      return {
        ...image,
        value: {
          ...image.value,
          options: image.value.options.map((option) =>
            option.image.type === 'url'
              ? {
                  ...option,
                  image: { ...option.image, value: { ...option.image.value, url: map(option.image.value.url) } },
                }
              : option,
          ),
        },
      };
    },
    Rule: {
      import(rule) {
        const url = map(rule.value.url);
        if (url === rule.value.url) return undefined;
        const value: ImportRule = { ...rule.value, url };
        // Lightning CSS hands out `null` for an absent layer/supports but cannot read `null` back.
        if (value.layer === null) delete value.layer;
        if (value.supports === null) delete value.supports;
        return { type: 'import', value } as ReturnedRule;
      },
    },
  };
}

function describe(error: unknown, filename: string): Error {
  const e = error as { message?: string; loc?: { line: number; column: number } };
  const where = e.loc ? `${filename}:${e.loc.line}:${e.loc.column}` : filename;
  return new Error(
    `${where}: cannot parse this CSS to rewrite its URLs (${e.message ?? String(error)}). Fix the CSS at that place.`,
  );
}

/** What a stylesheet and a style attribute are parsed with: Lightning CSS's transform or transformStyleAttribute. */
type CssPass = (options: { filename: string; code: Uint8Array; minify: boolean; visitor: Visitor<CustomAtRules> }) => {
  code: Uint8Array;
};

/** One Lightning CSS pass with the URL visitor; the input itself when no URL changed. */
function rewriteWith(pass: CssPass, css: string, rewrite: UrlRewriter, filename: string): CssRewrite {
  const urls: string[] = [];
  let changed = false;
  const tracking: UrlRewriter = (url) => {
    const next = rewrite(url);
    if (next !== url) changed = true;
    return next;
  };
  let output: string;
  try {
    output = pass({
      filename,
      code: Buffer.from(css),
      minify: true,
      visitor: urlVisitor(tracking, urls),
    }).code.toString();
  } catch (error) {
    throw describe(error, filename);
  }
  return { code: changed ? output : css, urls, changed };
}

/** Rewrites the URLs of a whole stylesheet. `filename` is only used in messages. */
export function rewriteCssUrls(css: string, rewrite: UrlRewriter, filename = 'style.css'): CssRewrite {
  return rewriteWith((options) => transform(options), css, rewrite, filename);
}

/** Rewrites the URLs of a style="" attribute value. */
export function rewriteStyleAttributeUrls(
  style: string,
  rewrite: UrlRewriter,
  filename = 'style attribute',
): CssRewrite {
  return rewriteWith((options) => transformStyleAttribute(options), style, rewrite, filename);
}

/** The URLs a stylesheet references, without changing it (for the dist check). */
export function listCssUrls(css: string, filename?: string): string[] {
  return rewriteCssUrls(css, (url) => url, filename).urls;
}
