// KaTeX classes are collected while KaTeX renders, not read back from built pages: a note's math through the
// Markdown pipeline (rehype-katex, then the recording plugin, as in astro.config.mjs) and a title's or abstract's math through
// render-text, every time it renders (a cached title still counts in a new build). One set per process,
// on globalThis, shared by every copy of the module.
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { beforeEach, describe, expect, it } from 'vitest';
import rehypeKatexClasses, { resetKatexClasses, usedKatexClasses } from '../../src/lib/render/katex-assets.ts';
import { renderAbstract, renderTitle } from '../../src/lib/render/render-text.ts';

beforeEach(() => resetKatexClasses());

describe('KaTeX classes recorded while rendering', () => {
  it('records the classes of a note’s math as the note compiles', async () => {
    const processor = unified()
      .use(remarkParse)
      .use(remarkMath)
      .use(remarkRehype)
      .use(rehypeKatex)
      .use(rehypeKatexClasses);
    await processor.run(processor.parse('Keys live in $\\mathbb{R}^{d}$ and $\\sqrt{x}$.'));
    const used = usedKatexClasses();
    for (const name of ['katex', 'katex-html', 'mathbb', 'sqrt', 'msupsub']) expect(used.has(name), name).toBe(true);
    expect(used.has('mathbf')).toBe(false);
  });

  it('records the classes of a title and an abstract each time they render, cached or not', () => {
    const title = 'Bounds in $\\mathcal{O}(n)$ with \\(\\mathbf{W}\\)';
    expect(renderTitle(title).hasMath).toBe(true);
    expect(usedKatexClasses().has('mathcal')).toBe(true);
    resetKatexClasses();
    // The second render is served from the cache: its classes are recorded all the same.
    expect(renderTitle(title).katexClasses).toContain('mathcal');
    expect(usedKatexClasses().has('mathcal')).toBe(true);
    expect(usedKatexClasses().has('mathbf')).toBe(true);
    renderAbstract('Plain text, no math.');
    expect(usedKatexClasses().size).toBeGreaterThan(0);
  });

  it('keeps one set for the process, under a global symbol', () => {
    const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('reading-list.katex-classes')];
    expect(shared).toBe(usedKatexClasses());
  });
});
