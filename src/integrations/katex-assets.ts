/**
 * Astro integration: KaTeX's stylesheet and fonts as files of the site.
 * - astro:build:start empties the set of KaTeX classes; the pages fill it as
 *   they render (src/lib/render/katex-assets.ts);
 * - its output stage (after the pages rendered) writes KaTeX's stylesheet (woff2 sources only) cut down to
 *   the rules those classes can match (the output's context carries them, into the output stages' own process
 *   under `npm run build`), at KATEX_STYLESHEET, and beside it in
 *   fonts/ the woff2 files its kept @font-face rules name, so its url()s
 *   ('fonts/KaTeX_Main-Regular.woff2') stay relative to it. No built page is read.
 * - in `astro dev` the same URLs are served, the stylesheet untrimmed.
 */
import type { AstroIntegration } from 'astro';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OutputStage } from './output.ts';
import { listCssUrls } from '../lib/portable/css-urls.ts';
import { KATEX_STYLESHEET, resetKatexClasses } from '../lib/render/katex-assets.ts';
import { type KatexTrimReport, trimKatexCss } from '../lib/render/trim-katex-css.ts';
import { keepWoff2 } from '../lib/render/vite-katex-woff2.ts';

const KATEX_DIST = path.dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
const FONTS = `${path.posix.dirname(KATEX_STYLESHEET)}/fonts/`;

/** KaTeX's whole stylesheet with woff2 sources only. */
async function fullStylesheet(): Promise<string> {
  return keepWoff2(await fs.readFile(path.join(KATEX_DIST, 'katex.min.css'), 'utf8'), 'katex.min.css');
}

export interface KatexAssetsReport extends KatexTrimReport {
  /** Classes the rendered pages used. */
  classes: number;
  /** Font files written beside the stylesheet. */
  fonts: string[];
}

/** Writes the stylesheet trimmed to `classes` and the fonts it names into a built output folder. */
export async function writeKatexAssets(distDir: string, classes: ReadonlySet<string>): Promise<KatexAssetsReport> {
  const trimmed = trimKatexCss(await fullStylesheet(), classes, KATEX_STYLESHEET);
  const target = path.join(distDir, KATEX_STYLESHEET);
  await fs.mkdir(path.join(distDir, FONTS), { recursive: true });
  const fonts: string[] = [];
  for (const url of listCssUrls(trimmed.code, KATEX_STYLESHEET)) {
    const name = path.posix.basename(url);
    if (!url.startsWith('fonts/') || name !== url.slice('fonts/'.length)) {
      throw new Error(`${KATEX_STYLESHEET}: url(${url}) is not a font of KaTeX's fonts/ folder.`);
    }
    await fs.copyFile(path.join(KATEX_DIST, 'fonts', name), path.join(distDir, FONTS, name));
    fonts.push(name);
  }
  await fs.writeFile(target, trimmed.code);
  return { ...trimmed, classes: classes.size, fonts };
}

/** The stage of the build's output (src/integrations/output.ts) that writes KaTeX's stylesheet and fonts. */
export const katexStage: OutputStage = {
  name: 'KaTeX stylesheet',
  // Reads nothing of the output: it may run while the search index still writes pagefind/.
  alongside: true,
  async run({ distDir, katexClasses }) {
    // Written even when no page showed math (a few bytes then): a page that asks for it always finds it.
    const report = await writeKatexAssets(distDir, katexClasses);
    return (
      `${KATEX_STYLESHEET}: ${report.bytesBefore} → ${report.bytesAfter} bytes for ${report.classes} classes used ` +
      `(${report.keptRules} rules kept, ${report.droppedRules} dropped; fonts: ${report.keptFontFamilies.join(', ') || 'none'}, ${report.fonts.length} files)`
    );
  },
};

export default function katexAssets(): AstroIntegration {
  return {
    name: 'reading-list:katex-assets',
    hooks: {
      'astro:build:start': () => {
        resetKatexClasses();
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          const pathname = req.url ? new URL(req.url, 'http://dev').pathname : '';
          try {
            if (pathname === `/${KATEX_STYLESHEET}`) {
              res.setHeader('Content-Type', 'text/css; charset=utf-8');
              res.end(await fullStylesheet());
              return;
            }
            const font = pathname.startsWith(`/${FONTS}`) ? pathname.slice(FONTS.length + 1) : '';
            if (/^KaTeX_[\w-]+\.woff2$/.test(font)) {
              res.setHeader('Content-Type', 'font/woff2');
              res.end(await fs.readFile(path.join(KATEX_DIST, 'fonts', font)));
              return;
            }
          } catch (error) {
            next(error);
            return;
          }
          next();
        });
      },
    },
  };
}
