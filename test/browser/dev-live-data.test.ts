// Under `astro dev`, the data a paper page shows about other papers (backlinks, related papers) is kept between
// saves and recomputed only for what changed (src/content.ts, src/lib/site/related-index.ts). These tests save
// paper files as an editor does (a temporary file, then a rename) while the pages that show their effect on other
// papers are open in Chromium, after those pages have been rendered once, and wait for the reloaded pages to show:
// a new link's backlink, an edited title in a neighbour's related papers, a note that makes two papers related.
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, openPage } from '../helpers/browser.ts';
import { launchBrowser, makeContentRoot, paperFile, startDev, type DevServer } from '../helpers/site.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/workflow');

/** Two papers on a topic no other paper of the fixture shares: each is the other's first related paper. */
const ALPHA = `---
id: alpha-topic
title: Photonic lattice solvers for phonon heat transport
abstract: "We solve phonon heat transport on photonic lattices with a sparse lattice solver and measure thermal conductivity."
date: 2024-06-01
upvotes: 3
themes: [other]
---
`;
const BETA = `---
id: beta-topic
title: Phonon heat transport in photonic lattice crystals
abstract: "Thermal conductivity of photonic lattice crystals from phonon heat transport, with a lattice solver."
date: 2024-06-02
upvotes: 2
themes: [other]
---
`;

let dev: DevServer;
let browser: Browser;
let root: string;

beforeAll(async () => {
  root = await makeContentRoot({
    from: FIXTURE,
    files: { 'papers/other/alpha-topic.mdx': ALPHA, 'papers/other/beta-topic.mdx': BETA },
  });
  dev = await startDev(root);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, dev));

/** Saves as editors do: the new text to a temporary file beside the paper's, then a rename over it. */
async function save(id: string, edit: (text: string) => string): Promise<void> {
  const file = await paperFile(root, id);
  const temp = path.join(path.dirname(file), `.${id}.mdx.tmp`);
  await fs.writeFile(temp, edit(await fs.readFile(file, 'utf8')));
  await fs.rename(temp, file);
}

/**
 * A paper page of the dev server, open in Chromium once Vite's client is connected (it reloads the page when
 * content changes; a save before it connects would go unseen).
 */
async function openPaper(id: string): Promise<Page> {
  const { page } = await openPage(browser, 'about:blank');
  const connected = page.waitForEvent('console', {
    predicate: (message) => message.text().includes('[vite] connected'),
    timeout: 120_000,
  });
  await page.goto(new URL(`papers/${id}.html`, dev.url).href);
  await connected;
  return page;
}

/** Runs `read` on the page, again after a reload of the page interrupted it (the dev server reloads pages). */
async function settled<T>(page: Page, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForLoadState('load');
      return await read();
    } catch (error) {
      if (attempt >= 5 || !/context was destroyed|navigat/i.test(String(error))) throw error;
    }
  }
}

/** The ids listed in a paper page's section (data-backlink or data-related items), in order. */
function listed(page: Page, attribute: 'data-backlink' | 'data-related'): Promise<string[]> {
  return settled(page, () =>
    page.$$eval(`[${attribute}]`, (items, name) => items.map((item) => item.getAttribute(name) ?? ''), attribute),
  );
}

/**
 * Waits until the open page shows `selector` (with `text` in it, if given). The dev server reloads the page after
 * a save; a save that lands while Vite's client is reconnecting (Vite reloads a page on its own when it first
 * optimizes the client's dependencies) is not announced, so the page is also reloaded here every few seconds:
 * what is checked is that the server's answer is fresh, never stale.
 */
async function waitForShown(page: Page, selector: string, text?: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let reloadAt = Date.now() + 5000;
  while (Date.now() < deadline) {
    const shown = await page
      .evaluate(
        ([s, t]) => {
          const element = document.querySelector(s as string);
          return element !== null && (t === null || (element.textContent ?? '').includes(t as string));
        },
        [selector, text ?? null],
      )
      .catch(() => false);
    if (shown) return;
    if (Date.now() > reloadAt) {
      await page.reload().catch(() => undefined);
      reloadAt = Date.now() + 5000;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the page did not show ${selector}${text ? ` with "${text}"` : ''} within 120 s of the save`);
}

describe('notes saved under astro dev', () => {
  it("show on the open page, and go again when the file is put back, without rewriting the content layer's store", async () => {
    const page = await openPaper('alpha-topic');
    await waitForShown(page, '.notes .notes-empty');
    const store = path.join(dev.project, '.astro', 'data-store.json');
    const storeBefore = readFileSync(store);
    const file = await paperFile(root, 'alpha-topic');
    const original = await fs.readFile(file, 'utf8');

    // A paper that had no notes: its MDX is compiled when they are written.
    await save('alpha-topic', (text) => `${text.replace(/\s*$/, '')}\n\nLattice notes, first draft: quasiphonon.\n`);
    await waitForShown(page, '.notes p', 'quasiphonon');
    await save('alpha-topic', (text) => text.replace('first draft', 'second draft'));
    await waitForShown(page, '.notes p', 'second draft');
    // Past the content layer's half-second pause before it writes its store: a change of notes alone is not one.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(readFileSync(store).equals(storeBefore)).toBe(true);

    // The file as it was before the first save (the content layer's record of it is where it started).
    await save('alpha-topic', () => original);
    await waitForShown(page, '.notes .notes-empty');
    await page.close();
  });
});

describe('data about other papers after a save under astro dev', () => {
  it("shows a new link in the linked paper's backlinks", async () => {
    const page = await openPaper('kivi');
    expect(await listed(page, 'data-backlink')).not.toContain('minference');
    // The linking paper's page is rendered first too, so both pages' data is cached before the save.
    await (await openPaper('minference')).close();

    await save('minference', (text) => `${text.replace(/\s*$/, '')}\n\nSee also <PaperLink id="kivi" />.\n`);
    await waitForShown(page, '[data-backlink="minference"]');
    expect(await listed(page, 'data-backlink')).toContain('minference');
    await page.close();
  });

  it("shows an edited title in a neighbour's related papers", async () => {
    const page = await openPaper('alpha-topic');
    expect((await listed(page, 'data-related'))[0]).toBe('beta-topic');
    await (await openPaper('beta-topic')).close();

    const title = 'Phonon heat transport in photonic lattice crystals, measured again';
    await save('beta-topic', (text) =>
      text.replace('title: Phonon heat transport in photonic lattice crystals', `title: ${title}`),
    );
    await waitForShown(page, '[data-related="beta-topic"]', title);
    expect(await settled(page, () => page.locator('[data-related="beta-topic"]').innerText())).toBe(title);
    await page.close();
  });

  it('lists a paper among the related papers once its notes share their topic', async () => {
    const page = await openPaper('alpha-topic');
    expect(await listed(page, 'data-related')).not.toContain('h2o');

    await save(
      'h2o',
      (text) =>
        `${text.replace(/\s*$/, '')}\n\nOddly close to phonon heat transport on photonic lattices: a lattice solver for thermal conductivity.\n`,
    );
    await waitForShown(page, '[data-related="h2o"]');
    expect(await listed(page, 'data-related')).toContain('h2o');
    await page.close();
  });
});
