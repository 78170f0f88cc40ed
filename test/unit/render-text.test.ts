// The LaTeX-in-text renderer for titles and abstracts: fixture folders
// (input.txt -> expected.html) for the text commands and hostile input, and
// table-driven cases for math, titles and plain text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { mathToPlain, plainText, renderAbstract, renderTitle } from '../../src/lib/render/render-text.ts';
import { typography } from '../../src/lib/render/remark-latex-text.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/render');

function parse(html: string): Root {
  return unified().use(rehypeParse, { fragment: true }).parse(html);
}

function elements(html: string): Element[] {
  const found: Element[] = [];
  visit(parse(html), 'element', (node: Element) => {
    found.push(node);
  });
  return found;
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}

describe('abstract fixtures', () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(`renders ${name} as expected`, () => {
      const input = readFileSync(path.join(fixtures, name, 'input.txt'), 'utf8');
      const expected = readFileSync(path.join(fixtures, name, 'expected.html'), 'utf8').trimEnd();
      expect(renderAbstract(input).html).toBe(expected);
    });
  }
});

describe('hostile text stays text', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '{alert(1)}',
    "import fs from 'node:fs'",
    'export default function X() {}',
    '<img src=x onerror="alert(1)">',
    '<Callout type="x">boom</Callout>',
    '[click](javascript:alert(1))',
  ];
  for (const text of hostile) {
    it(`keeps ${JSON.stringify(text)} as its own words, with no element`, () => {
      for (const render of [renderAbstract, renderTitle]) {
        const html = render(text).html;
        const tags = elements(html).map((node) => node.tagName);
        expect(tags.filter((tag) => tag !== 'p')).toEqual([]);
        expect(toString(parse(html))).toBe(text);
      }
    });
  }
});

describe('math', () => {
  it('renders $…$ with KaTeX, keeping the TeX source for assistive technology', () => {
    const result = renderAbstract('The cost is $O(N^2)$ in the length.');
    expect(result.hasMath).toBe(true);
    const katex = elements(result.html).filter((node) => hasClass(node, 'katex'));
    expect(katex).toHaveLength(1);
    expect(result.html).toContain('<annotation encoding="application/x-tex">O(N^2)</annotation>');
    expect(result.html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
  });

  it('renders \\(…\\) inline and \\[…\\] as display math', () => {
    const inline = renderAbstract('values \\(V(s)\\) by aggregating');
    expect(inline.html).toContain('<annotation encoding="application/x-tex">V(s)</annotation>');
    expect(inline.html).not.toContain('\\(');
    const display = renderAbstract('the loss \\[L = \\sum_i x_i\\] is minimized');
    expect(elements(display.html).some((node) => hasClass(node, 'katex-display'))).toBe(true);
  });

  it('mixes math with \\textbf and \\emph without raw commands left', () => {
    const result = renderAbstract('\\textbf{Fast} attention in $O(N)$ time, \\emph{exact} at 95\\% recall.');
    expect(result.html).not.toMatch(/\\textbf|\\emph|\\%/);
    expect(result.html).toContain('<strong>Fast</strong>');
    expect(result.html).toContain('<em>exact</em>');
    expect(result.html).toContain('95%');
  });

  it('keeps a formula KaTeX cannot parse readable, with its source', () => {
    const result = renderAbstract('broken $\\frac{a$ here');
    expect(toString(parse(result.html))).toContain('\\frac{a');
  });

  it('reports no math for plain text', () => {
    expect(renderAbstract('No formulas here, 95\\% sure.').hasMath).toBe(false);
  });
});

describe('titles', () => {
  it('renders a title with LaTeX inline, without a paragraph', () => {
    const result = renderTitle('$ρ$-$\\texttt{EOS}$: Training-free Bidirectional Variable-Length Control');
    expect(result.hasMath).toBe(true);
    expect(result.html.startsWith('<span class="katex">')).toBe(true);
    expect(elements(result.html).some((node) => node.tagName === 'p')).toBe(false);
    expect(result.html).toContain(': Training-free Bidirectional Variable-Length Control');
  });

  it('renders a plain title as escaped text', () => {
    expect(renderTitle('Fast & Small: <KV> Cache').html).toBe('Fast &#x26; Small: &#x3C;KV> Cache');
  });

  it('memoizes: the same text gives the same result object', () => {
    expect(renderTitle('FaSTA$^*$: Fast-Slow Toolpath Agent')).toBe(renderTitle('FaSTA$^*$: Fast-Slow Toolpath Agent'));
  });
});

describe('plain text', () => {
  const cases: Array<[string, string]> = [
    ['$ρ$-$\\texttt{EOS}$: Training-free Control', 'ρ-EOS: Training-free Control'],
    ['FaSTA$^*$: Fast-Slow Toolpath Agent', 'FaSTA*: Fast-Slow Toolpath Agent'],
    ['FLM-101B: How to Train It with $100K Budget', 'FLM-101B: How to Train It with $100K Budget'],
    ['\\textbf{Mamba} at 2.4\\times and 95\\%', 'Mamba at 2.4× and 95%'],
    ['Cost $O(N^2)$ for \\(\\alpha\\)', 'Cost O(N^2) for α'],
    ['Keys with $O(\\log N)$ Overhead', 'Keys with O(log N) Overhead'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      expect(plainText(input)).toBe(expected);
    });
  }

  it('turns TeX symbols into characters', () => {
    expect(mathToPlain('\\alpha \\times \\beta')).toBe('α×β');
  });
});

describe('typography', () => {
  const cases: Array<[string, string]> = [
    ['Models~(LLMs)', 'Models\u00a0(LLMs)'],
    ['LoCoBench~qiu2025', 'LoCoBench\u00a0qiu2025'],
    ['up to ~9% better', 'up to ~9% better'],
    ['1.8~2.01x', '1.8~2.01x'],
    ['scores (~ 0.4)', 'scores (~ 0.4)'],
    ['a--b and a---b', 'a–b and a—b'],
    ["``sink''", '“sink”'],
  ];
  for (const [input, expected] of cases) {
    it(`writes ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      expect(typography(input)).toBe(expected);
    });
  }
});
