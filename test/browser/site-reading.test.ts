// What a reader does on the built site, in a real headless Chromium: home ->
// theme -> paper by clicking, their notes on the page, math and LaTeX in an
// abstract rendered, sorting, dark mode remembered, keyboard and no-JS use,
// and no request to any other host. The content is the project's reading list
// (the seed dumps, ingested) plus a few hand-added papers
// (test/fixtures/site/content), one of which gets a note.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Browser, Page } from 'playwright-core';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROJECT_CONTENT,
  appendNote,
  buildSite,
  ingest,
  launchBrowser,
  makeContentRoot,
  paperFile,
  serve,
  type Server,
} from '../helpers/site.ts';
import { closeAll, openPage } from '../helpers/browser.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/site/content');
const NOTE_WORD = 'Zanzibarquokka';
const MATH_PAPER = 'quantized-kv-cache-at-scale';
const THEME = { id: 'kv-cache', title: 'KV cache compression and reuse' };
/** A paper given an arXiv id and a note with its own `##` heading, for print. */
const PRINT_PAPER = 'draft-and-verify';
const ARXIV = '2402.02750';

let server: Server;
let browser: Browser;
let dist: string;
let output: string;
let root: string;
let ingestReport: string;
const foreign: string[] = [];

async function open(path: string, options: { javaScript?: boolean; dark?: boolean } = {}): Promise<Page> {
  const { page, response } = await openPage(browser, new URL(path, server.url).href, { ...options, foreign });
  expect(response?.status()).toBe(200);
  return page;
}

beforeAll(async () => {
  root = await makeContentRoot({ from: PROJECT_CONTENT, skipSources: false });
  ingestReport = await ingest(root);
  await fs.cp(path.join(FIXTURES, 'papers'), path.join(root, 'papers'), { recursive: true });
  await appendNote(await paperFile(root, MATH_PAPER), `A note with a rare word: ${NOTE_WORD}, and math $a^2 + b^2$.`);
  const printPaper = await paperFile(root, PRINT_PAPER);
  await fs.writeFile(
    printPaper,
    (await fs.readFile(printPaper, 'utf8')).replace(/^date: (.*)$/m, `date: $1\narxiv: "${ARXIV}"`),
  );
  await appendNote(
    printPaper,
    'A first thought on drafting.\n\n## Open questions\n\nDoes the draft need the same tokenizer? Tried batch {1, 2, 4}.',
  );
  ({ dist, output } = await buildSite({ contentRoot: root }));
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

describe('reading the site', () => {
  it('goes from home to a theme to a paper by clicking, and shows the note written in its MDX body', async () => {
    const page = await open('index.html');
    await expect(page.locator('h1').textContent()).resolves.toBe('Reading list');
    await page.locator('#themes').getByRole('link', { name: THEME.title, exact: true }).click();
    await page.waitForURL(`**/themes/${THEME.id}.html`);
    await expect(page.locator('h1').textContent()).resolves.toBe(THEME.title);

    await page
      .locator('#theme-papers')
      .getByRole('link', { name: /Quantized KV Cache at Scale/ })
      .click();
    await page.waitForURL(`**/papers/${MATH_PAPER}.html`);
    await expect(page.locator('.notes').textContent()).resolves.toContain(NOTE_WORD);
    // The notes' components work without an import.
    await expect(page.locator('.notes aside.callout .callout-title').textContent()).resolves.toBe('Why it matters');
    const paperLink = page.locator('.notes a.paper-link');
    await expect(paperLink.textContent()).resolves.toBe('Streaming Attention with Sinks');
    await expect(paperLink.getAttribute('href')).resolves.toBe('streaming-attention-sinks.html');
    await page.context().close();
  });

  it('renders math and LaTeX in an abstract: KaTeX markup, bold, 95%, ×, a link, no raw commands', async () => {
    const page = await open(`papers/${MATH_PAPER}.html`);
    const abstract = page.locator('.abstract');
    expect(await abstract.locator('.katex').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.notes .katex').count()).toBe(2);
    const text = (await abstract.textContent()) ?? '';
    expect(text).not.toMatch(/\\textbf|\\times|\\%|\\url/);
    expect(text).toContain('95%');
    expect(text).toContain('2.4×');
    await expect(abstract.locator('strong').first().textContent()).resolves.toBe('2 bits');
    await expect(abstract.locator('a').getAttribute('href')).resolves.toBe('https://github.com/example/qkv');
    // KaTeX's stylesheet and fonts come from the site: the math is laid out with KaTeX fonts.
    const family = await abstract
      .locator('.katex .mathnormal')
      .first()
      .evaluate((node) => getComputedStyle(node).fontFamily);
    expect(family).toContain('KaTeX_Math');
    await page.evaluate(() => document.fonts.ready);
    const loaded = await page.evaluate(() =>
      [...document.fonts].filter((font) => font.status === 'loaded').map((font) => font.family),
    );
    expect(loaded.some((name) => name.includes('KaTeX'))).toBe(true);
    await page.context().close();
  });

  it('renders a title with LaTeX ($ρ$-$\\texttt{EOS}$) as math in the heading and plain text in <title>', async () => {
    const page = await open('papers/rho-eos.html');
    expect(await page.locator('h1 .katex').count()).toBe(2);
    await expect(page.title()).resolves.toBe(
      'ρ-EOS: Training-free Bidirectional Variable-Length Control for Masked Diffusion LLMs · Reading list',
    );
    await page.context().close();
  });

  it('shows hostile text from a dump as text, running nothing', async () => {
    const page = await open('papers/hostile-title.html');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe(
      "import fs from 'node:fs' {alert(1)} <script>alert(1)</script>",
    );
    await expect(page.locator('.abstract p').textContent()).resolves.toContain(
      '<script>alert(1)</script> and {alert(1)}',
    );
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('sorts a theme page by upvotes and by title, and back by date', async () => {
    const page = await open(`themes/${THEME.id}.html`);
    const items = page.locator('#theme-papers > li');
    const read = (attribute: string) =>
      items.evaluateAll((nodes, name) => nodes.map((node) => node.getAttribute(name) ?? ''), attribute);
    const dates = await read('data-date');
    expect(dates).toEqual([...dates].sort().reverse());
    const select = page.getByLabel('Sort by');
    await select.selectOption('upvotes');
    const upvotes = (await read('data-upvotes')).map(Number);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    await select.selectOption('title');
    const ranks = (await read('data-title')).map(Number);
    expect(ranks).toEqual(ranks.map((_, index) => index));
    await select.selectOption('date');
    expect(await read('data-date')).toEqual(dates);
    await page.context().close();
  });

  it('lists every paper of the theme without JavaScript, with no dead sort control', async () => {
    const page = await open(`themes/${THEME.id}.html`, { javaScript: false });
    const count = await page.locator('#theme-papers > li').count();
    expect(count).toBeGreaterThanOrEqual(3);
    await expect(page.locator('.sort-control').isVisible()).resolves.toBe(false);
    await expect(page.locator('.theme-toggle').isVisible()).resolves.toBe(false);
    await page.context().close();
  });

  it('follows the system colour scheme, and remembers the toggle across pages', async () => {
    const page = await open('index.html', { dark: true });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const darkBackground = await background();
    expect(darkBackground).toBe('rgb(20, 22, 25)');
    const toggle = page.getByRole('button', { name: 'Dark mode' });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    expect(await background()).toBe('rgb(251, 250, 247)');
    await page.goto(new URL(`papers/${MATH_PAPER}.html`, server.url).href);
    // Chosen before first paint: the attribute is there as soon as the document is parsed.
    await expect(page.evaluate(() => document.documentElement.getAttribute('data-theme'))).resolves.toBe('light');
    expect(await background()).toBe('rgb(251, 250, 247)');
    await page.context().close();
  });

  it('has a skip link as the first stop of the keyboard, and a visible focus ring', async () => {
    const page = await open(`papers/${MATH_PAPER}.html`);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    await expect(focused.textContent()).resolves.toBe('Skip to content');
    const box = await focused.boundingBox();
    expect(box && box.y >= 0).toBe(true);
    const outline = await focused.evaluate((node) => getComputedStyle(node).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => location.hash)).resolves.toBe('#main');
    await page.context().close();
  });

  it('moves to the previous and next paper of the same theme', async () => {
    const page = await open(`themes/${THEME.id}.html`);
    const ids = await page
      .locator('#theme-papers > li .title a')
      .evaluateAll((links) => links.map((link) => (link.getAttribute('href') ?? '').replace(/^.*\//, '')));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await page.goto(new URL(`papers/${ids[0]}`, server.url).href);
    const next = page.locator('nav.prev-next a[rel="next"]');
    expect(await next.count()).toBe(1);
    await next.click();
    await page.waitForURL(/\/papers\/.+\.html$/);
    expect(page.url()).not.toContain(ids[0]!);
    expect(await page.locator('nav.prev-next a[rel="prev"]').count()).toBe(1);
    await page.context().close();
  });

  it('answers an unknown address with the 404 page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(new URL('papers/no-such-paper.html', server.url).href);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Page not found');
    await context.close();
  });

  for (const dark of [false, true]) {
    it(`passes axe's WCAG 2 A and AA checks on home, theme and paper pages (${dark ? 'dark' : 'light'})`, async () => {
      const axeSource = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
      const found: Array<{ url: string; id: string; targets: string[] }> = [];
      for (const url of ['index.html', `themes/${THEME.id}.html`, `papers/${MATH_PAPER}.html`, 'all.html']) {
        const page = await open(url, { dark });
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  context: Document,
                  options: object,
                ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }>;
              };
            }
          ).axe;
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
          return result.violations.map((violation) => ({
            id: violation.id,
            targets: violation.nodes.map((node) => JSON.stringify(node.target)).slice(0, 5),
          }));
        });
        found.push(...violations.map((violation) => ({ url, ...violation })));
        await page.context().close();
      }
      expect(found).toEqual([]);
    });
  }

  it('made no request to any other host on any page visited', () => {
    expect(foreign).toEqual([]);
  });
});

describe('the built output', () => {
  it('has one page per paper (the 264 of the seed dumps and the hand-added ones) and one per theme, and says so', async () => {
    expect(ingestReport).toMatch(/\b264 papers\b/);
    const papers = (await fs.readdir(path.join(dist, 'papers'))).filter((file) => file.endsWith('.html'));
    const themes = (await fs.readdir(path.join(dist, 'themes'))).filter((file) => file.endsWith('.html'));
    const sourceFiles = (await fs.readdir(path.join(root, 'papers'), { recursive: true })).filter((file) =>
      String(file).endsWith('.mdx'),
    );
    expect(sourceFiles.length).toBeGreaterThanOrEqual(264 + 6);
    expect(papers.length).toBe(sourceFiles.length);
    const taxonomy = await fs.readFile(path.join(root, 'themes.yaml'), 'utf8');
    const themeIds = [...taxonomy.matchAll(/^ {2}- id: ([a-z0-9-]+)$/gm)].map((match) => match[1]);
    expect(themeIds.length).toBeGreaterThan(1);
    expect(themes.sort()).toEqual(themeIds.map((id) => `${id}.html`).sort());
    expect(output).toContain(`built ${papers.length} paper pages, ${themes.length} theme pages`);
  });

  it('renders every abstract with no raw LaTeX command left in its text', async () => {
    const leftovers: string[] = [];
    for (const file of (await fs.readdir(path.join(dist, 'papers'))).filter((name) => name.endsWith('.html'))) {
      const tree = unified()
        .use(rehypeParse)
        .parse(await fs.readFile(path.join(dist, 'papers', file), 'utf8'));
      let text = '';
      visit(tree, 'element', (node: Element) => {
        const classes = node.properties.className;
        if (node.tagName !== 'section' || !Array.isArray(classes) || !classes.includes('abstract')) return undefined;
        // The TeX source KaTeX keeps for screen readers is not shown text.
        visit(node, 'element', (inner: Element, index, parent) => {
          if (inner.tagName === 'annotation' && parent && index !== undefined) parent.children.splice(index, 1);
        });
        text = toString(node);
        return SKIP;
      });
      expect(text.length, file).toBeGreaterThan(0);
      if (/\\(?:textbf|textit|emph|texttt|url|times|%|&)/.test(text)) leftovers.push(file);
    }
    expect(leftovers).toEqual([]);
  });

  it('loads the KaTeX stylesheet on every page that shows math, and only there', async () => {
    const katexLink = /<link rel="stylesheet" href="[^"]*katex[^"]*\.css">/;
    let withMath = 0;
    let withoutMath = 0;
    for (const folder of ['', 'papers', 'themes']) {
      for (const file of (await fs.readdir(path.join(dist, folder))).filter((name) => name.endsWith('.html'))) {
        const html = await fs.readFile(path.join(dist, folder, file), 'utf8');
        const showsMath = html.includes('class="katex"');
        expect({ file: `${folder}/${file}`, link: katexLink.test(html) }).toEqual({
          file: `${folder}/${file}`,
          link: showsMath,
        });
        if (showsMath) withMath += 1;
        else withoutMath += 1;
      }
    }
    expect(withMath).toBeGreaterThan(0);
    expect(withoutMath).toBeGreaterThan(0);
  });
});

describe('a bare JavaScript expression in a note', () => {
  it('is named by the build with its file, line and column, and the fix', () => {
    expect(output).toMatch(/draft-and-verify\.mdx:\d+:\d+: \{1, 2, 4\}/);
    expect(output).toContain('To fix: to show braces as written, escape the opening one');
  });
});

describe('printing a paper', () => {
  /** The paper page as print shows it: what is displayed, the links' printed text, the headings' sizes. */
  async function printed(id: string) {
    const page = await open(`papers/${id}.html`);
    await page.emulateMedia({ media: 'print' });
    const view = await page.evaluate(() => {
      const shown = (selector: string) =>
        [...document.querySelectorAll(selector)].some((node) => (node as HTMLElement).offsetParent !== null);
      const size = (selector: string) => {
        const node = document.querySelector(selector);
        return node ? Number.parseFloat(getComputedStyle(node).fontSize) : 0;
      };
      const pageRules = [...document.styleSheets].flatMap((sheet) =>
        [...sheet.cssRules].filter((rule): rule is CSSPageRule => rule instanceof CSSPageRule),
      );
      return {
        findLinks: shown('.find-links'),
        // What each link prints: its label, then the address its ::after writes out.
        links: [...document.querySelectorAll<HTMLAnchorElement>('.find-links a')].map((a) => ({
          text: a.textContent,
          after: getComputedStyle(a, '::after').content,
          href: a.href,
        })),
        facts: document.querySelector('.paper dl')?.textContent ?? '',
        cite: shown('.cite'),
        bibtexToggle: shown('details.bibtex'),
        notes: shown('.notes'),
        noNotesHint: shown('.notes-empty'),
        notesHeading: size('#notes-heading'),
        noteHeading: size('.notes > h2:not(#notes-heading)'),
        noteHeadingBorder: document.querySelector('.notes > h2:not(#notes-heading)')
          ? getComputedStyle(document.querySelector('.notes > h2:not(#notes-heading)')!).borderBottomStyle
          : '',
        notesHeadingBorder: getComputedStyle(document.querySelector('#notes-heading')!).borderBottomStyle,
        pageMargins: pageRules.map((rule) => rule.style.margin),
      };
    });
    const pdf = await page.pdf({ format: 'A4' });
    await page.context().close();
    return { view, pdf };
  }

  it('prints the arXiv id and every address as text, with @page margins, and no BibTeX toggle', async () => {
    const { view, pdf } = await printed(PRINT_PAPER);
    expect(view.pageMargins).toEqual(['18mm 16mm']);
    expect(view.facts).toContain(ARXIV);
    expect(view.findLinks).toBe(true);
    expect(view.links.map((link) => [link.text, link.href, link.after])).toEqual(
      [
        [`arXiv:${ARXIV}`, `https://arxiv.org/abs/${ARXIV}`],
        ['PDF', `https://arxiv.org/pdf/${ARXIV}`],
        ['Hugging Face', `https://huggingface.co/papers/${ARXIV}`],
      ].map(([text, href]) => [text, href, `"  ${href}"`]),
    );
    expect(view.cite).toBe(false);
    expect(view.bibtexToggle).toBe(false);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("sets a note's own ## heading apart from the page's Notes heading", async () => {
    const { view } = await printed(PRINT_PAPER);
    expect(view.notes).toBe(true);
    expect(view.noteHeading).toBeGreaterThan(0);
    expect(view.noteHeading).toBeLessThan(view.notesHeading);
    expect([view.notesHeadingBorder, view.noteHeadingBorder]).toEqual(['solid', 'none']);
  });

  it('leaves out the notes section and its "No notes yet" hint when there are no notes', async () => {
    const { view } = await printed('eviction-by-heavy-hitters');
    expect(view.noNotesHint).toBe(false);
    expect(view.notes).toBe(false);
  });
});
