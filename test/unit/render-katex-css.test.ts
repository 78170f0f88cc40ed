// KaTeX's stylesheet as the site ships it: woff2 fonts only, every rule kept.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { keepWoff2 } from '../../src/lib/render/vite-katex-woff2.ts';

const katexCss = readFileSync(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'), 'utf8');

describe('KaTeX stylesheet with woff2 fonts only', () => {
  const trimmed = keepWoff2(katexCss);

  it('keeps one woff2 source per @font-face and drops woff and ttf', () => {
    const faces = trimmed.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces.length).toBe((katexCss.match(/@font-face/g) ?? []).length);
    for (const face of faces)
      expect(face).toMatch(/src:url\(fonts\/KaTeX_[A-Za-z0-9_-]+\.woff2\) ?format\("woff2"\)\}$/);
    expect(trimmed).not.toMatch(/\.woff\)|\.ttf\)/);
  });

  it('keeps the layout rules', () => {
    for (const rule of ['.katex .mathnormal', '.katex .katex-mathml', '.katex-display'])
      expect(trimmed).toContain(rule);
    expect(trimmed.length).toBeLessThan(katexCss.length);
  });

  it('leaves a font with no woff2 source as it was', () => {
    const css = '@font-face{font-family:X;src:url(x.woff) format("woff"),url(x.ttf) format("truetype")}';
    expect(keepWoff2(css)).toContain('x.ttf');
  });
});
