/**
 * The URLs inside CSS (stylesheets, <style> blocks, style attributes), read
 * through Lightning CSS's AST visitor: url(), image-set() candidates and
 * @import. For the dist check and KaTeX's fonts; nothing is rewritten.
 */
import { transform, transformStyleAttribute, type CustomAtRules, type Visitor } from 'lightningcss';

function urlVisitor(seen: string[]): Visitor<CustomAtRules> {
  return {
    Url(url) {
      seen.push(url.url);
    },
    Image(image) {
      // image-set() candidates are images, not Url nodes: the Url visitor never sees them.
      if (image.type !== 'image-set') return;
      for (const option of image.value.options) if (option.image.type === 'url') seen.push(option.image.value.url);
    },
    Rule: {
      import(rule) {
        seen.push(rule.value.url);
      },
    },
  };
}

function describe(error: unknown, filename: string): Error {
  const e = error as { message?: string; loc?: { line: number; column: number } };
  const where = e.loc ? `${filename}:${e.loc.line}:${e.loc.column}` : filename;
  return new Error(
    `${where}: cannot parse this CSS to read its URLs (${e.message ?? String(error)}). Fix the CSS at that place.`,
  );
}

/** The URLs a stylesheet references. `filename` is only used in messages. */
export function listCssUrls(css: string, filename = 'style.css'): string[] {
  const urls: string[] = [];
  try {
    transform({ filename, code: Buffer.from(css), minify: false, visitor: urlVisitor(urls) });
  } catch (error) {
    throw describe(error, filename);
  }
  return urls;
}

/** The URLs a style="" attribute value references. */
export function listStyleAttributeUrls(style: string, filename = 'style attribute'): string[] {
  const urls: string[] = [];
  try {
    transformStyleAttribute({ filename, code: Buffer.from(style), minify: false, visitor: urlVisitor(urls) });
  } catch (error) {
    throw describe(error, filename);
  }
  return urls;
}
