// `npm run dev` as a workbench, against a real `astro dev` server on a copy of the workflow fixture:
// - the mark controls of a paper page write status, tags and rating into the MDX file (every other byte kept),
//   a file changed on disk since the page was rendered gets the 409 message and loses nothing, and another
//   origin cannot write through the server;
// - one note that is not valid MDX, one paper with a status the schema refuses and one whose frontmatter is not
//   YAML break only their own pages,
//   which name the file, the line and the fix; the search page says how to get search;
// - the static build of the same list holds no controls, in no page and no script.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKS_ENDPOINT } from '../../src/lib/dev/marks.ts';
import { closeAll, openPage } from '../helpers/browser.ts';
import { buildSite, launchBrowser, makeContentRoot, paperFile, startDev, type DevServer } from '../helpers/site.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/workflow');
const SHOTS = '/tmp/shots-dev';

/** A paper with comments, a key of the reader's own and notes: marking it must change only the keys marked. */
const MARKED = `---
# Added by hand after the reading group.
id: marked-paper
title: "Marked Paper: Keys Written from the Browser"
date: 2024-03-01 # the day it was on Hugging Face
upvotes: 2
themes: [kv-cache]
status: to-read   # not yet
tags: [old-tag]
my-own-key: keep me
---

My notes, with **bold** and a <Callout type="tip">callout</Callout>.

<PaperLink id="kivi" />
`;

/** A note whose <Callout> is never closed (line 13 of the file). */
const BROKEN_NOTE = `---
id: broken-note
title: A Paper with a Broken Note
date: 2024-05-02
upvotes: 1
themes: [kv-cache]
---

First paragraph of the notes.

Second paragraph.

<Callout title="Open">
This callout is never closed.
`;

/** A status the schema does not allow (line 7). */
const BAD_STATUS = `---
id: bad-status
title: A Paper with a Bad Status
date: 2024-05-03
upvotes: 1
themes: [kv-cache]
status: done
tags: [kept]
---

Notes of the paper with a bad status.
`;

/** Frontmatter that is not YAML: a list never closed (line 6). */
const BAD_YAML = `---
id: bad-yaml
title: A Paper with Broken YAML
date: 2024-05-04
upvotes: 1
tags: [never, closed
themes: [kv-cache]
---

Notes of the paper with broken YAML.
`;

let dev: DevServer;
let browser: Browser;
let root: string;

beforeAll(async () => {
  root = await makeContentRoot({
    from: FIXTURE,
    files: {
      'papers/kv-cache/marked-paper.mdx': MARKED,
      'papers/kv-cache/broken-note.mdx': BROKEN_NOTE,
      'papers/kv-cache/bad-status.mdx': BAD_STATUS,
      'papers/kv-cache/bad-yaml.mdx': BAD_YAML,
    },
  });
  dev = await startDev(root);
  browser = await launchBrowser();
  await fs.mkdir(SHOTS, { recursive: true });
});

afterAll(() => closeAll(browser, dev));

/** A page of the dev server as text, with its status. */
async function get(target: string): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(target, dev.url));
  return { status: response.status, text: await response.text() };
}

/** Opens a paper page of the dev server; `live: false` blocks Vite's client, so the page never reloads itself. */
async function openPaper(id: string, options: { live?: boolean; phone?: boolean } = {}) {
  const opened = await openPage(browser, 'about:blank', {
    ...(options.phone ? { viewport: { width: 390, height: 844 } } : {}),
  });
  if (options.live === false) await opened.page.route('**/@vite/client', (route) => route.abort());
  await opened.page.goto(new URL(`papers/${id}.html`, dev.url).href);
  return opened;
}

/** The text of the facts list's entry for a label (e.g. "Status"). */
async function fact(page: Page, label: string): Promise<string> {
  return (await page.locator(`dl.facts dt:text-is("${label}") + dd`).innerText()).trim();
}

describe('marking a paper from its page', () => {
  it('writes status, tags and rating into the file, every other byte as it was', async () => {
    const file = await paperFile(root, 'marked-paper');
    const { page, pageErrors } = await openPaper('marked-paper');
    const marks = page.getByRole('region', { name: 'Mark this paper' });
    await expect(marks.getByLabel('Status').inputValue()).resolves.toBe('to-read');
    await expect(marks.getByLabel('Tags').inputValue()).resolves.toBe('old-tag');
    await expect(marks.getByLabel('Rating').inputValue()).resolves.toBe('');

    // By keyboard: every control is reached with Tab and set from the keyboard; Enter submits.
    await marks.getByLabel('Status').focus();
    await marks.getByLabel('Status').selectOption('reading');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('dev-marks-tags');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('survey, must-cite, survey');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('dev-marks-rating');
    await marks.getByLabel('Rating').selectOption('5');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await expect
      .poll(() => fs.readFile(file, 'utf8'), { timeout: 30_000 })
      .toBe(
        MARKED.replace('status: to-read   # not yet', 'status: reading   # not yet').replace(
          'tags: [old-tag]\n',
          'tags: [survey, must-cite]\nrating: 5\n',
        ),
      );
    // The page shows the new values: the dev server reloads it on the file change.
    await expect.poll(() => fact(page, 'Status'), { timeout: 30_000 }).toMatch(/Reading/);
    await expect.poll(() => marks.getByLabel('Rating').inputValue(), { timeout: 30_000 }).toBe('5');
    await expect(marks.getByLabel('Tags').inputValue()).resolves.toBe('survey, must-cite');
    await expect(page.locator('[data-dev-marks-message]').innerText()).resolves.toMatch(
      /^Saved status, tags, rating to .*marked-paper\.mdx\.$/,
    );
    expect(pageErrors).toEqual([]);

    // Taking the rating away removes its line, and only it.
    await marks.getByLabel('Rating').selectOption('');
    await marks.getByRole('button', { name: 'Save to file' }).click();
    await expect
      .poll(() => fs.readFile(file, 'utf8'), { timeout: 30_000 })
      .toBe(
        MARKED.replace('status: to-read   # not yet', 'status: reading   # not yet').replace(
          'tags: [old-tag]\n',
          'tags: [survey, must-cite]\n',
        ),
      );
    await page.context().close();
  });

  it('refuses with the 409 message when the file changed on disk since the page was rendered, and loses nothing', async () => {
    const file = await paperFile(root, 'kivi');
    const { page } = await openPaper('kivi', { live: false });
    const edited = `${await fs.readFile(file, 'utf8')}\nA note saved in an editor meanwhile.\n`;
    await fs.writeFile(file, edited);
    const marks = page.getByRole('region', { name: 'Mark this paper' });
    await marks.getByLabel('Status').selectOption('read');
    const answer = page.waitForResponse((response) => response.url().endsWith(MARKS_ENDPOINT));
    await marks.getByRole('button', { name: 'Save to file' }).click();
    expect((await answer).status()).toBe(409);
    await expect
      .poll(() => page.locator('[data-dev-marks-message]').innerText())
      .toMatch(/kivi\.mdx changed on disk since this page was loaded, so nothing was written.*Reload the page/);
    await expect(fs.readFile(file, 'utf8')).resolves.toBe(edited);

    // After a reload the page carries the new fingerprint and the mark goes through, the note kept.
    await page.reload();
    await marks.getByLabel('Status').selectOption('read');
    await marks.getByRole('button', { name: 'Save to file' }).click();
    await expect
      .poll(() => fs.readFile(file, 'utf8'), { timeout: 30_000 })
      .toBe(edited.replace('status: to-read', 'status: read'));
    await page.context().close();
  });

  it('takes no write from another origin, and answers bad requests with the reason', async () => {
    const file = await paperFile(root, 'h2o');
    const before = await fs.readFile(file, 'utf8');
    const { page } = await openPaper('h2o', { live: false });
    const fingerprint = await page.locator('[data-dev-marks]').getAttribute('data-fingerprint');
    const endpoint = new URL(MARKS_ENDPOINT, dev.url).href;

    // Another web page (another origin) open in the same browser.
    const foreign = http.createServer((_request, response) => response.end('<!doctype html><title>other</title>'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const other = await page.context().newPage();
    await other.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    const body = JSON.stringify({ file: 'kv-cache/h2o.mdx', fingerprint, status: 'read' });
    const outcomes = await other.evaluate(
      async ({ endpoint, body }) => {
        const tries = [
          () => fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
          () => fetch(endpoint, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }),
        ];
        const out: string[] = [];
        for (const attempt of tries)
          out.push(
            await attempt().then(
              (r) => `answered ${r.status}`,
              () => 'failed',
            ),
          );
        return out;
      },
      { endpoint, body },
    );
    foreign.close();
    // Both reach the server and are refused (the JSON one passes the dev server's CORS preflight for local origins).
    expect(outcomes).toEqual(['answered 403', 'answered 0']);
    await expect(fs.readFile(file, 'utf8')).resolves.toBe(before);

    // From the page itself: a value the schema refuses, a key that is not a mark, a path out of papers/.
    const post = (data: unknown) =>
      page.evaluate(
        async ({ endpoint, data }) => {
          const response = await fetch(endpoint, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(data),
          });
          return { status: response.status, ...((await response.json()) as { error?: string }) };
        },
        { endpoint, data },
      );
    await expect(post({ file: 'kv-cache/h2o.mdx', fingerprint, status: 'done' })).resolves.toMatchObject({
      status: 400,
      error: expect.stringMatching(/^status: .*"to-read"\|"reading"\|"read"/),
    });
    await expect(post({ file: 'kv-cache/h2o.mdx', fingerprint, rating: 6 })).resolves.toMatchObject({
      status: 400,
      error: expect.stringMatching(/^rating: /),
    });
    await expect(post({ file: 'kv-cache/h2o.mdx', fingerprint, title: 'x' })).resolves.toMatchObject({
      status: 400,
      error: expect.stringMatching(/title; only status, tags, rating/),
    });
    await expect(post({ file: '../themes.yaml', fingerprint, status: 'read' })).resolves.toMatchObject({
      status: 400,
      error: expect.stringMatching(/is not a paper file/),
    });
    await expect(fs.readFile(file, 'utf8')).resolves.toBe(before);
    await page.context().close();
  });

  it('looks like the site, light and dark, desktop and phone', async () => {
    for (const dark of [false, true]) {
      for (const phone of [false, true]) {
        const { page } = await openPaper('snapkv', { phone, live: false });
        // The theme toggle, as a reader would use it, for the dark pictures.
        if (dark) {
          await page.locator('#theme-toggle').click();
          await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe('dark');
        }
        const name = `paper-${phone ? 'phone' : 'desktop'}-${dark ? 'dark' : 'light'}.png`;
        await page.locator('[data-dev-marks]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
        const box = await page.locator('[data-dev-marks]').boundingBox();
        const width = phone ? 390 : 1280;
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        await page.context().close();
      }
    }
  });
});

describe('a broken paper file under astro dev', () => {
  it('breaks only its own page, which names the file, the line and the fix', async () => {
    for (const target of [
      '',
      'index.html',
      'papers/snapkv.html',
      'papers/h2o.html',
      'themes/kv-cache.html',
      'all.html',
    ])
      expect((await get(target)).status, target).toBe(200);

    const broken = await get('papers/broken-note.html');
    expect(broken.status).toBe(200);
    const brokenFile = await paperFile(root, 'broken-note');
    expect(broken.text).toContain(`${brokenFile}:13:1`);
    expect(broken.text).toMatch(/the notes are not valid MDX: Expected a closing tag for `&lt;Callout&gt;`/);
    expect(broken.text).toMatch(/To fix:<\/strong> add `&lt;\/Callout&gt;` where the block ends/);

    const bad = await get('papers/bad-status.html');
    expect(bad.status).toBe(200);
    const badFile = await paperFile(root, 'bad-status');
    expect(bad.text).toContain(`${badFile}:7</code>: status: Invalid option`);
    expect(bad.text).toMatch(/To fix:<\/strong> write one of to-read, reading, read/);
    // The rest of the paper is read as written.
    expect(bad.text).toContain('Notes of the paper with a bad status.');
    expect(bad.text).toContain('A Paper with a Bad Status');

    const yaml = await get('papers/bad-yaml.html');
    expect(yaml.status).toBe(200);
    expect(yaml.text).toContain(`${await paperFile(root, 'bad-yaml')}:6</code>: YAML syntax error`);
    expect(yaml.text).toMatch(/To fix:<\/strong> fix the YAML at that line/);

    // The terminal says the same, from the start (the files the content layer flagged as it read the list).
    expect(dev.output()).toContain(`${badFile}:7: status: Invalid option`);
    expect(dev.output()).toContain(`${await paperFile(root, 'bad-yaml')}:6: YAML syntax error`);

    // In the browser the problem is the first thing under the title, announced as an alert.
    for (const id of ['broken-note', 'bad-status']) {
      const { page } = await openPaper(id, { live: false });
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(/To fix:/);
      await page.screenshot({ path: path.join(SHOTS, `paper-${id}-light.png`), fullPage: true });
      await page.context().close();
    }
  });

  it('shows a note or a status broken while the server runs on its page, and the other pages stay up', async () => {
    const file = await paperFile(root, 'minference');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, `${text}\n<Callout>\nnever closed\n`);
    const line = text.split('\n').length + 1;
    await expect
      .poll(async () => (await get('papers/minference.html')).text, { timeout: 30_000 })
      .toContain(`${file}:${line}:1`);
    for (const target of ['index.html', 'papers/snapkv.html', 'papers/streaming-llm.html', 'themes/kv-cache.html'])
      expect((await get(target)).status, target).toBe(200);
    await fs.writeFile(file, text);

    // A status the schema refuses, saved while the server runs: the page says so at once (never a stale page).
    const other = await paperFile(root, 'h2o');
    const before = await fs.readFile(other, 'utf8');
    const statusLine = before.split('\n').findIndex((line) => line.startsWith('status:')) + 1;
    expect(statusLine).toBeGreaterThan(1);
    await fs.writeFile(other, before.replace(/^status: .*$/m, 'status: done'));
    await expect
      .poll(async () => (await get('papers/h2o.html')).text, { timeout: 30_000 })
      .toContain(`${other}:${statusLine}</code>: status: Invalid option`);
    expect((await get('papers/snapkv.html')).status).toBe(200);
    await fs.writeFile(other, before);
  });

  it('says on the search page how to get search', async () => {
    const { page } = await openPage(browser, new URL('search.html', dev.url).href);
    await expect(page.getByRole('status').innerText()).resolves.toMatch(
      /Search works in the built site: run npm run build, then npm run preview/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'search-light.png') });
    await page.context().close();
    // The search page has only its own box; every other page's header box says it too.
    const { page: home } = await openPage(browser, dev.url);
    await expect(home.locator('#site-search-q').getAttribute('placeholder')).resolves.toBe('Search: built site only');
    await expect(home.locator('#site-search-q').getAttribute('title')).resolves.toBe(
      'Search works in the built site: npm run build, then npm run preview',
    );
    await home.context().close();
  });
});

describe('the static build', () => {
  it('holds no mark controls and no dev message, in no page and no script', async () => {
    const clean = await makeContentRoot({ from: FIXTURE, files: { 'papers/kv-cache/marked-paper.mdx': MARKED } });
    const { dist } = await buildSite({ contentRoot: clean });
    const page = await fs.readFile(path.join(dist, 'papers', 'marked-paper.html'), 'utf8');
    expect(page).toContain('Marked Paper');
    const files = (await fs.readdir(dist, { recursive: true })).filter((name) => /\.(html|js|mjs|css)$/.test(name));
    const leaks: string[] = [];
    for (const name of files) {
      const text = await fs.readFile(path.join(dist, name), 'utf8');
      for (const needle of ['dev-marks', '__reading-list', 'Mark this paper', 'data-search-dev', 'dev-problems'])
        if (text.includes(needle)) leaks.push(`${name}: ${needle}`);
    }
    expect(leaks).toEqual([]);
    const search = await fs.readFile(path.join(dist, 'search.html'), 'utf8');
    expect(search).toContain('Search runs in your browser and needs JavaScript.');
    expect(search).toMatch(/<script defer src="search\/search\.js"><\/script>/);
  });
});
