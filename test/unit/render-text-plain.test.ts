// Titles and abstracts with nothing for the text pipeline to read (no LaTeX, no `$`, no typography, no web
// address, one line) skip it: the HTML, the KaTeX classes and the plain text must be exactly what the whole
// pipeline gives. Checked on every title and abstract of the default list, of the real general-ML list, of the
// hostile dumps and of a synthetic benchmark list, on the characters at the edge of the rule, and on random
// strings made of the characters the rule is about.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createRandom, generateList } from '../../scripts/bench/generate.ts';
import { loadVocabulary } from '../../scripts/bench/vocabulary.ts';
import { repairDumpText } from '../../src/lib/render/dump-repairs.ts';
import {
  isPlainText,
  plainText,
  renderAbstract,
  renderThroughPipeline,
  renderTitle,
} from '../../src/lib/render/render-text.ts';
import { ALL_CASES } from '../fixtures/hostile/cases.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Text {
  title: string;
  abstract: string;
}

function defaultList(): Text[] {
  const papers = path.join(ROOT, 'content/papers');
  return readdirSync(papers, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mdx'))
    .map((file) => {
      const data = parseYaml(readFileSync(path.join(papers, file), 'utf8').split(/^---$/m)[1]!) as Text;
      return { title: data.title, abstract: data.abstract ?? '' };
    });
}

function generalMl(): Text[] {
  const truth = path.join(ROOT, 'test/fixtures/real-lists/general-ml/truth.json');
  return (JSON.parse(readFileSync(truth, 'utf8')) as Partial<Text>[]).map((r) => ({
    title: r.title ?? '',
    abstract: r.abstract ?? '',
  }));
}

async function synthetic(): Promise<Text[]> {
  const vocabulary = await loadVocabulary(path.join(ROOT, 'content/sources'));
  return generateList(vocabulary, { papers: 400, seed: 3 }).papers;
}

/** Each way a text can be shown, checked against the whole pipeline (renderTitle and co. are memoized: fresh texts only). */
function expectSameAsPipeline(text: string): void {
  const inline = renderThroughPipeline(text, true);
  const block = renderThroughPipeline(text, false);
  const title = renderTitle(text);
  const abstract = renderAbstract(text);
  expect({ html: title.html, katexClasses: title.katexClasses }, `title ${JSON.stringify(text)}`).toEqual({
    html: inline.html,
    katexClasses: inline.katexClasses,
  });
  expect({ html: abstract.html, katexClasses: abstract.katexClasses }, `abstract ${JSON.stringify(text)}`).toEqual({
    html: block.html,
    katexClasses: block.katexClasses,
  });
  expect(title.hasMath).toBe(inline.html.includes('class="katex'));
  expect(plainText(text), `plain text ${JSON.stringify(text)}`).toBe(inline.plain);
  expect(block.plain).toBe(inline.plain);
}

describe('plain text skips the pipeline with the same result', () => {
  it('on every title and abstract of the default list, the real general-ML list and the hostile dumps', () => {
    const texts = [...defaultList(), ...generalMl(), ...ALL_CASES].flatMap(({ title, abstract }) => [title, abstract]);
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of new Set(texts)) expectSameAsPipeline(text);
    // Most real titles take the short way, and a good share of abstracts.
    const titles = [...defaultList(), ...generalMl()].map((paper) => paper.title);
    const plainTitles = titles.filter((title) => isPlainText(repairDumpText(title))).length;
    expect(plainTitles / titles.length).toBeGreaterThan(0.9);
  }, 60_000);

  it('on a synthetic benchmark list', async () => {
    const papers = await synthetic();
    for (const text of new Set(papers.flatMap(({ title, abstract }) => [title, abstract]))) expectSameAsPipeline(text);
  }, 60_000);

  it('at the edges of the rule', () => {
    const cases = [
      'Plain title: with a colon, (parentheses), [brackets] and 95% of it',
      'Q&A & <b>not bold</b> > "quoted" and &amp; as typed',
      'class="katex" as words',
      '* not a list',
      '# not a heading',
      '1. not a list either',
      '> not a quote',
      'under_scores and *stars* and **more**',
      'Tabs\tinside',
      ' leading space',
      'trailing space ',
      '\u00a0no-break spaces at the ends\u00a0',
      'two  spaces   inside',
      'line\nbreak',
      'carriage\rreturn',
      '\ufeffbyte order mark',
      'nul\u0000inside',
      'emoji 😀 pair',
      'lone \ud83d surrogate',
      'a - b, a -- b, a --- b',
      "it's fine, it''s not",
      'a `code` span',
      'tie~here and ~20%',
      'dollars $5 and $x$',
      'braces {x}',
      'back\\slash',
      'see http://example.org and HTTPS://EXAMPLE.ORG/x.',
      'http without slashes: http:x',
      '2.6times faster, sim 3, geq 50%, tokenx2014only',
      'texttt{EOS} lost its backslash',
      '',
      ' ',
      'line separator\u2028here',
    ];
    for (const text of cases) expectSameAsPipeline(text);
    expect(isPlainText('Q&A & <b>not bold</b>')).toBe(true);
    expect(isPlainText('a -- b')).toBe(false);
    expect(isPlainText(repairDumpText('2.6times'))).toBe(false);
  });

  it('whichever of the plain text and the HTML is asked first', () => {
    // Fresh texts (the results are memoized), one plain and two that need the pipeline, one with math.
    const texts = [
      'Asked first: plain words 7',
      'Asked first: 95\\% of $x^2$ and \\textbf{bold}',
      'Asked first: a -- b',
    ];
    for (const text of texts) {
      const plain = plainText(text);
      expect(renderAbstract(text).html).toBe(renderThroughPipeline(text, false).html);
      expect(renderAbstract(text).katexClasses).toEqual(renderThroughPipeline(text, false).katexClasses);
      expect(renderTitle(text).html).toBe(renderThroughPipeline(text, true).html);
      expect(plain).toBe(renderThroughPipeline(text, true).plain);
    }
    expect(renderAbstract(texts[1]!).hasMath).toBe(true);
  });

  it('on random strings of the characters the rule is about', () => {
    const alphabet = [
      ...'abcXYZ019 .,:;!?()[]<>&"\'-_*#%/=+|@^~`$\\{}\t\n\r',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u0000',
      '😀',
      '\ud83d',
      'http://a.b',
      'https://x.y/z',
      '--',
      "''",
      '``',
      '&amp;',
      'times',
      '2.6',
    ];
    const random = createRandom(11);
    for (let n = 0; n < 1500; n++) {
      const length = 1 + Math.floor(random() * 12);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expectSameAsPipeline(`${n} ${text}`);
      expectSameAsPipeline(`${text} ${n}`);
    }
  }, 60_000);
});
