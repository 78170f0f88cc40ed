/**
 * KaTeX's stylesheet offers every font as woff2, woff and ttf. Every browser
 * the site supports reads woff2, so the other two only add bytes to the
 * stylesheet each math page loads and ~900 KB of font files to dist/. This
 * keeps the woff2 source of each @font-face (through lightningcss's AST, not
 * text surgery); the other font files are then never copied
 * (src/integrations/katex-assets.ts).
 */
import { transform, type FontFaceProperty } from 'lightningcss';

/** The @font-face sources of a stylesheet reduced to woff2 where a woff2 source exists. */
export function keepWoff2(css: string, filename = 'katex.css'): string {
  const { code } = transform({
    filename,
    code: Buffer.from(css),
    minify: true,
    visitor: {
      Rule: {
        'font-face'(rule) {
          const properties: FontFaceProperty[] = rule.value.properties.map((property) => {
            if (property.type !== 'source') return property;
            const woff2 = property.value.filter(
              (source) => source.type === 'url' && source.value.format?.type === 'woff2',
            );
            return woff2.length > 0 ? { ...property, value: woff2 } : property;
          });
          return { ...rule, value: { ...rule.value, properties } };
        },
      },
    },
  });
  return code.toString();
}
