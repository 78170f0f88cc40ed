// Search gives the same results in the same order over http (Pagefind as a module) and from file:// (the same
// Pagefind bundle through classic scripts), on the default reading list, for a set of queries a reader types:
// plain words, a quoted phrase, with and without a filter and a sort.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_CONTENT, buildSite, launchBrowser, serve, type Server } from '../helpers/site.ts';
import { closeAll, fileUrl, openPage } from '../helpers/browser.ts';
import { searchMode, shownResults, statusText, waitForSearch } from '../helpers/search-page.ts';

let server: Server;
let browser: Browser;
let dist: string;

beforeAll(async () => {
  ({ dist } = await buildSite({ contentRoot: PROJECT_CONTENT }));
  server = await serve(dist);
  browser = await launchBrowser();
});

afterAll(() => closeAll(browser, server));

const QUERIES = [
  'q=gaussian+splatting',
  'q=KV+cache',
  'q=speculative+decoding',
  'q=quantization',
  'q=mixture+of+experts',
  'q=diffusion',
  'q=matched',
  'q=%22KV+cache%22',
  'q=attention&sort=date',
  'q=memory&sort=upvotes',
  'q=reasoning&status=to-read',
];

async function results(url: string, query: string) {
  const { page, pageErrors } = await openPage(browser, url);
  await waitForSearch(page, query);
  const outcome = { mode: await searchMode(page), status: await statusText(page), results: await shownResults(page) };
  expect(pageErrors).toEqual([]);
  await page.context().close();
  return outcome;
}

describe('search over http and from file://', () => {
  it.each(QUERIES)('gives the same results in the same order for ?%s', async (query) => {
    const http = await results(new URL(`search.html?${query}`, server.url).href, query);
    const disk = await results(fileUrl(dist, `search.html?${query}`), query);
    expect([http.mode, disk.mode]).toEqual(['pagefind', 'fallback']);
    expect(disk.status).toBe(http.status);
    expect(disk.results).toEqual(http.results);
    // The default list holds no paper on gaussian splatting; every other query finds some.
    expect(http.results.length > 0).toBe(query !== 'q=gaussian+splatting');
  });
});
