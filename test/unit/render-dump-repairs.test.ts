// What the dumps lost, mended at render time: the issue's own examples, every abstract of the default list and of
// the real general-ML list rendered (the repairs counted, no real word touched, nothing left unrepaired), and the
// web addresses in abstracts as links without the sentence's punctuation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { dumpRepairCounts } from '../../src/lib/render/dump-repairs.ts';
import { plainText, renderAbstract } from '../../src/lib/render/render-text.ts';
import { trimUrl } from '../../src/lib/render/remark-latex-text.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every abstract of the default list, from the frontmatter of its paper files. */
function defaultAbstracts(): string[] {
  const papers = path.join(ROOT, 'content/papers');
  const files = readdirSync(papers, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx'));
  return files.map((file) => {
    const text = readFileSync(path.join(papers, file), 'utf8');
    const data = parseYaml(text.split(/^---$/m)[1]!) as { abstract?: string };
    return data.abstract ?? '';
  });
}

/** Every abstract of the shared real list (Hugging Face's own records). */
function realAbstracts(): string[] {
  const truth = path.join(ROOT, 'test/fixtures/real-lists/general-ml/truth.json');
  return (JSON.parse(readFileSync(truth, 'utf8')) as { abstract?: string }[]).map((r) => r.abstract ?? '');
}

const LISTS = { default: defaultAbstracts(), 'general-ml': realAbstracts() };

function links(html: string): string[] {
  const found: string[] = [];
  visit(unified().use(rehypeParse, { fragment: true }).parse(html), 'element', (node: Element) => {
    if (node.tagName === 'a') found.push(String(node.properties.href));
  });
  return found;
}

describe('what the page text lost', () => {
  const cases: [string, string][] = [
    ['using 2.6times less peak memory', 'using 2.6× less peak memory'],
    ['bringing 2.35times sim 3.47times throughput', 'bringing 2.35× ~ 3.47× throughput'],
    ['the token count (e.g., 5-10times)', 'the token count (e.g., 5-10×)'],
    ['achieving a sim14,000times compression ratio', 'achieving a ~14,000× compression ratio'],
    ['pruned LLMs even at geq 50% sparsity', 'pruned LLMs even at ≥ 50% sparsity'],
    ['(5.7\\% rightarrow 25.4\\% on MATH)', '(5.7% → 25.4% on MATH)'],
    ['0.108s/tokenx2014only half as slow', '0.108s/token—only half as slow'],
    [
      'we propose $ρ-texttt{EOS}, a training-free method. Unlike others, ρ-texttt{EOS} is fast, and ρ-texttt{EOS}$ wins.',
      'we propose ρ-EOS, a training-free method. Unlike others, ρ-EOS is fast, and ρ-EOS wins.',
    ],
    [
      'artifacts, \\eg, nonphysical deformation, \\ie the rest',
      'artifacts, e.g., nonphysical deformation, i.e. the rest',
    ],
    ['tilted by 30\\deg and long\\allowbreak-context', 'tilted by 30° and long-context'],
  ];
  it.each(cases)('renders %j as %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it('keeps EOS monospaced, as \\texttt says, and makes no math of the dollars', () => {
    const { html, hasMath } = renderAbstract('we propose $ρ-texttt{EOS}, a training-free method; ρ-texttt{EOS}$ wins.');
    expect(html).toBe('<p>we propose ρ-<code>EOS</code>, a training-free method; ρ-<code>EOS</code> wins.</p>');
    expect(hasMath).toBe(false);
  });

  it('leaves real words, real math and real money alone', () => {
    const kept = [
      'sometimes lifetimes overtimes 2 times faster, 100 times its size, three times',
      'sim-to-real transfer, sim-to-sim, a sim-real system, sim2real, simulation at 3 sims',
      'saving $15K USD and 500 hours',
      'the node degree $\\deg(v) \\leq 3$',
      'a texttt file and an emph word',
      'x2014 alone, 0x2014 in hex',
    ];
    for (const text of kept) expect(dumpRepairCounts(text)).toEqual(new Map());
    expect(plainText('the node degree $\\deg(v) \\leq 3$')).toBe('the node degree deg(v) ≤3');
  });
});

describe('every abstract of the default list and the real general-ML list', () => {
  /** Words that hold what a repair looks for; each must read the same before and after rendering. */
  const REAL_WORDS =
    /\b(?:\w*times\w*|sim[\w-]*|\w*sim|geq\w*|\w*texttt\w*|sometimes|lifetimes|emphasi\w*|rightarrow\w*)\b/gi;

  it.each(Object.entries(LISTS))('%s: counts the repairs, each as the issue names them', (name, abstracts) => {
    const totals = new Map<string, number>();
    let repaired = 0;
    for (const abstract of abstracts) {
      const counts = dumpRepairCounts(abstract);
      if (counts.size > 0) repaired += 1;
      for (const [rule, n] of counts) totals.set(rule, (totals.get(rule) ?? 0) + n);
    }
    const expected =
      name === 'default'
        ? {
            repaired: 18,
            totals: {
              'dollar before a bare command': 1,
              'dollar after a bare command': 1,
              'bare command': 3,
              times: 29,
              sim: 3,
              geq: 1,
              'em dash entity': 2,
            },
          }
        : { repaired: 13, totals: { times: 13, sim: 1, rightarrow: 5 } };
    expect({ repaired, totals: Object.fromEntries(totals) }).toEqual(expected);
  });

  it.each(Object.entries(LISTS))('%s: no real word is changed and nothing lost is left unrepaired', (_, abstracts) => {
    for (const abstract of abstracts) {
      const plain = plainText(abstract);
      // What the repairs take (2.6times, sim 3, geq 50, texttt{, rightarrow73) is not a word.
      const words = (text: string) =>
        [...text.matchAll(REAL_WORDS)]
          .map((m) => m[0])
          .filter((w) => !/^(?:\d+times|sim\d*|geq|texttt|rightarrow\d*)$/i.test(w))
          .sort();
      // Every real word (sim-to-real, sometimes, simulation…) is still there, as many times.
      expect(words(plain)).toEqual(words(abstract.replace(/\\[A-Za-z]+/g, ' ')));
      expect(plain).not.toMatch(/\dtimes\b|texttt|x2014|\bsim \d|\bgeq \d|rightarrow|\\(?:eg|ie|deg|allowbreak)\b/);
    }
  });

  it.each(Object.entries(LISTS))(
    '%s: every web address is a link, without the punctuation after it',
    (name, abstracts) => {
      let withAddress = 0;
      let linked = 0;
      for (const abstract of abstracts) {
        if (!/https?:\/\//.test(abstract)) continue;
        withAddress += 1;
        const hrefs = links(renderAbstract(abstract).html);
        if (hrefs.length > 0) linked += 1;
        for (const href of hrefs) {
          expect(href).toMatch(/^https?:\/\/[^\s]+[\w/]$/);
          expect(abstract).toContain(href);
        }
      }
      expect(linked).toBe(withAddress);
      if (name === 'default') expect(withAddress).toBe(63);
    },
  );
});

describe('trimUrl', () => {
  it.each([
    ['https://github.com/jy-yuan/KIVI.', 'https://github.com/jy-yuan/KIVI'],
    ['https://tree-planner.github.io/', 'https://tree-planner.github.io/'],
    ['https://aka.ms/SCBench.', 'https://aka.ms/SCBench'],
    ['https://github.com/a/b),', 'https://github.com/a/b'],
    ['https://en.wikipedia.org/wiki/Mamba_(snake).', 'https://en.wikipedia.org/wiki/Mamba_(snake)'],
    ['https://github.com/a/b".', 'https://github.com/a/b'],
  ])('%s links to %s', (candidate, url) => {
    expect(trimUrl(candidate)).toBe(url);
  });

  it('links a code address in a sentence, and a \\url one, with the rest as text', () => {
    const html = renderAbstract('Code is at https://github.com/a/b-c_d. Data: \\url{https://example.org/x}.').html;
    expect(html).toBe(
      '<p>Code is at <a href="https://github.com/a/b-c_d" class="url" rel="noopener noreferrer">https://github.com/a/b-c_d</a>. Data: <a href="https://example.org/x" class="url" rel="noopener noreferrer">https://example.org/x</a>.</p>',
    );
  });
});
