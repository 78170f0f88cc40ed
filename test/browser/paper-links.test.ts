// From a list entry to the paper, in a real headless Chromium, on a list built from two saved Hugging Face
// answers, one text dump and a paper added by hand with the reader's own arxiv: the paper page links to the
// arXiv abstract, the PDF, Hugging Face, the code and the project (clicked; the other hosts are answered
// here, never fetched), shows the authors with the rest a click away, and search finds a paper by an author;
// papers.bib cites every paper with an id (authors, eprint), papers.json carries the same links.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HF_API_DIR } from '../fixtures/hf-api/expected.ts';
import { dump } from '../fixtures/ingest/helpers.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';
import { runAxe, validateHtml } from '../helpers/checkers.ts';
import { searchFor, shownResults, waitForSearch } from '../helpers/search-page.ts';
import { buildSite, ingest, launchBrowser, makeContentRoot, serve, type Server } from '../helpers/site.ts';

const ANSWERS = ['daily_papers-2025-01-20.json', 'daily_papers-2025-05-07.json'];
// Absolute Zero: an id, eleven authors, code and a project page.
const ABSOLUTE_ZERO = { id: 'absolute-zero-reinforced-self-play-reasoning-with-zero-data', arxiv: '2505.03335' };
const BY_HAND = `---
title: "KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache"
date: 2024-02-05
arxiv: "2402.02750"   # added by hand
status: reading
---

My notes.
`;
const TEXT_ONLY = dump('Mar 1, 2025', [
  {
    title: 'A Paper Known Only by Its Title',
    abstract: 'Copied as page text, so nobody knows its arXiv id yet; it keeps the searches by title.',
    byline: '  • 4 authors',
    date: 'Feb 20, 2025 3',
  },
]);

let server: Server;
let browser: Browser;
let dist: string;
const elsewhere: string[] = [];

/** Opens a built page; requests to any other host (arxiv.org, huggingface.co, github.com…) are answered here and recorded. */
async function open(target: string): Promise<Page> {
  const { page } = await openPage(browser, new URL(target, server.url).href);
  await page.context().route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      elsewhere.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>elsewhere</title>' });
    },
  );
  return page;
}

beforeAll(async () => {
  const files: Record<string, string> = {
    'themes.yaml': await fs.readFile(path.resolve(import.meta.dirname, '../fixtures/ingest/themes.yaml'), 'utf8'),
    'papers/kv-cache/kivi.mdx': BY_HAND,
    'sources/900_text.txt': TEXT_ONLY,
  };
  for (const name of ANSWERS) files[`sources/${name}`] = await fs.readFile(path.join(HF_API_DIR, name), 'utf8');
  const root = await makeContentRoot({ files });
  await ingest(root);
  ({ dist } = await buildSite({ contentRoot: root }));
  server = await serve(dist, { basePath: '/list/' });
  browser = await launchBrowser();
}, 600_000);

afterAll(() => closeAll(browser, server));

describe('a paper page with an arXiv id', () => {
  it('links to the abstract, the PDF, Hugging Face, the code and the project, and each click goes there', async () => {
    const page = await open(`papers/${ABSOLUTE_ZERO.id}.html`);
    const links = await page
      .locator('.find-links a')
      .evaluateAll((as) => as.map((a) => [a.getAttribute('data-link'), a.getAttribute('href')]));
    expect(links).toEqual([
      ['arxiv', `https://arxiv.org/abs/${ABSOLUTE_ZERO.arxiv}`],
      ['pdf', `https://arxiv.org/pdf/${ABSOLUTE_ZERO.arxiv}`],
      ['hugging-face', `https://huggingface.co/papers/${ABSOLUTE_ZERO.arxiv}`],
      ['code', expect.stringMatching(/^https:\/\/github\.com\//)],
      ['project', expect.stringMatching(/^https:\/\//)],
    ]);
    // The page itself asked nothing of another host.
    expect(elsewhere).toEqual([]);
    for (const [kind, href] of links) {
      elsewhere.length = 0;
      await page.locator(`.find-links a[data-link="${kind}"]`).click();
      await page.waitForURL(href!);
      expect(elsewhere, kind!).toEqual([href]);
      await page.goBack();
    }
    await page.context().close();
  });

  it('shows the first authors, and the rest a click away', async () => {
    const page = await open(`papers/${ABSOLUTE_ZERO.id}.html`);
    const list = page.locator('.facts .author-list');
    const summary = (await list.locator('summary').innerText()).trim();
    expect(summary).toMatch(/^Andrew Zhao, [^,]+, [^,]+ et al\. \(all 11\)$/);
    const all = list.locator('.author-names');
    expect(await all.isVisible()).toBe(false);
    await list.locator('summary').click();
    expect(await all.isVisible()).toBe(true);
    expect((await all.innerText()).split(', ')).toHaveLength(11);
    // On paper, every name is printed (a closed <details> would hide them), and the arXiv id with them.
    await page.locator('.facts .author-list summary').click();
    await page.emulateMedia({ media: 'print' });
    expect(await list.isVisible()).toBe(false);
    expect((await page.locator('.facts .author-list-print').innerText()).split(', ')).toHaveLength(11);
    expect(await page.locator('.facts').innerText()).toContain(`arXiv\n${ABSOLUTE_ZERO.arxiv}`);
    await page.context().close();
  });

  it("uses the reader's own arxiv on a paper added by hand", async () => {
    const page = await open('papers/kivi.html');
    const hrefs = await page.locator('.find-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([
      'https://arxiv.org/abs/2402.02750',
      'https://arxiv.org/pdf/2402.02750',
      'https://huggingface.co/papers/2402.02750',
    ]);
    expect(await page.locator('[data-bibtex]').textContent()).toContain('eprint = {2402.02750}');
    await page.context().close();
  });
});

describe('the new markup', () => {
  it.each(['light', 'dark'] as const)('passes axe in %s mode, the author list open and closed', async (scheme) => {
    const { page } = await openPage(browser, new URL(`papers/${ABSOLUTE_ZERO.id}.html`, server.url).href, {
      dark: scheme === 'dark',
    });
    expect((await runAxe(page)).violations).toEqual([]);
    await page.locator('.facts .author-list summary').click();
    expect((await runAxe(page)).violations).toEqual([]);
    await page.context().close();
  });

  it('passes html-validate on every page', async () => {
    const report = await validateHtml(dist);
    expect(report.pages).toBeGreaterThan(20);
    expect(report.errors).toEqual([]);
  });
});

describe('a paper without an id', () => {
  it('keeps the searches by title, and only them', async () => {
    const page = await open('papers/a-paper-known-only-by-its-title.html');
    const kinds = await page.locator('.find-links a').evaluateAll((as) => as.map((a) => a.getAttribute('data-link')));
    expect(kinds).toEqual(['hugging-face-search', 'arxiv-search']);
    expect(await page.locator('.facts').innerText()).toContain('4 authors');
    await page.context().close();
  });
});

describe('authors elsewhere', () => {
  it('are shown in theme lists, two names and "et al."', async () => {
    const page = await open('themes/other.html');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/Andrew Zhao, [^\n,]+ et al\./);
    await page.context().close();
  });

  it('are found by search (a name from the end of a long list)', async () => {
    const page = await open('search.html');
    await searchFor(page, 'Gao Huang');
    const results = await shownResults(page);
    const found = results.find((r) => path.basename(r.href, '.html') === ABSOLUTE_ZERO.id);
    expect(found).toBeDefined();
    // The result names the first authors, as lists do.
    expect(found!.meta).toMatch(/Andrew Zhao, Yiran Wu et al\./);
    await page.context().close();
  });
});

describe('from disk (file://)', () => {
  it('the fallback search finds a paper by an author too', async () => {
    const { page } = await openPage(browser, fileUrl(dist, 'search.html?q=Gao+Huang'));
    await waitForSearch(page, 'q=Gao+Huang');
    const results = await shownResults(page);
    const found = results.find((r) => path.basename(r.href, '.html') === ABSOLUTE_ZERO.id);
    expect(found!.meta).toMatch(/Andrew Zhao, Yiran Wu et al\./);
    // The excerpt starts with the abstract, not with the list of names.
    const excerpt = await page
      .locator(`[data-search-results] > li:has(a[href$="${ABSOLUTE_ZERO.id}.html"]) .search-result-excerpt`)
      .innerText();
    expect(excerpt.startsWith('Reinforcement learning with verifiable rewards')).toBe(true);
    await page.context().close();
  });
});

describe('exports', () => {
  it('papers.bib cites every paper with an id: authors and an eprint, parsed by a BibTeX library', async () => {
    const json = JSON.parse(await fs.readFile(path.join(dist, 'papers.json'), 'utf8'));
    const library = parseBibtex(await fs.readFile(path.join(dist, 'papers.bib'), 'utf8'));
    expect(library.errors).toEqual([]);
    const byKey = new Map(library.entries.map((entry) => [entry.key, entry]));
    const withId = json.papers.filter((p: { arxiv: string | null }) => p.arxiv);
    expect(withId).toHaveLength(22);
    for (const paper of withId) {
      const entry = byKey.get(paper.bibtexKey)!;
      expect(entry.fields.eprint, paper.id).toBe(paper.arxiv);
      expect(entry.fields.archiveprefix).toBe('arXiv');
      expect(entry.fields.url).toBe(`https://arxiv.org/abs/${paper.arxiv}`);
      if (paper.authorNames) expect(entry.fields.author).toHaveLength(paper.authorNames.length);
      expect(entry.fields.note).toBeUndefined();
    }
    expect(json.papers.find((p: { id: string }) => p.id === ABSOLUTE_ZERO.id).bibtexKey).toBe('zhao2025absolute');
  });

  it('papers.json carries the links of the page', async () => {
    const json = JSON.parse(await fs.readFile(path.join(dist, 'papers.json'), 'utf8'));
    const paper = json.papers.find((p: { id: string }) => p.id === ABSOLUTE_ZERO.id);
    expect(paper.huggingFaceUrl).toBe(`https://huggingface.co/papers/${ABSOLUTE_ZERO.arxiv}`);
    expect(paper.outLinks.map((l: { kind: string }) => l.kind)).toEqual([
      'arxiv',
      'pdf',
      'hugging-face',
      'code',
      'project',
    ]);
    expect(paper.authorNames).toHaveLength(11);
  });
});
