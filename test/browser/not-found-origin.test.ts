// The 404 page's root probe in Chromium, against a host that serves 404.html at any unknown path: whatever the
// path holds (`//other-host/…`, `/\other-host/…`, empty segments, encoded slashes), the page never asks another
// origin for anything, never sets a <base> outside its own origin, and still finds its own root under a sub-path.
// A second server on another port plays the other host, with a search/search.js of its own: it must receive
// no request at all.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFoundProbeScript } from '../../src/lib/portable/not-found.ts';
import { closeAll, openPage } from '../helpers/browser.ts';
import { launchBrowser, makeTemp, type Server, serve } from '../helpers/site.ts';

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title><link rel="stylesheet" href="_astro/site.css"></head><body>${body}</body></html>`;
/** The 404 page as src/pages/404.astro writes it: the root probe first in <head>, styles inline, scripts waiting for it. */
const notFound = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><script>${notFoundProbeScript('search/search.js')}</script><title>Not found</title><style>body{color:#123}</style></head><body>${body}</body></html>`;

let browser: Browser | undefined;
let site: Server | undefined;
let subSite: Server | undefined;
let other: { port: number; requests: string[]; close(): Promise<void> } | undefined;

/** The "other host": answers everything with a script that would mark the page, and records each request. */
async function otherHost(): Promise<NonNullable<typeof other>> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('content-type', 'text/javascript');
    response.end('document.documentElement.setAttribute("data-pwned", "1");');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  const dist = await makeTemp('not-found-origin-');
  const files: Record<string, string> = {
    '_astro/site.css': 'body{color:#123}',
    'search/search.js': 'document.documentElement.setAttribute("data-own-script", document.baseURI);',
    'index.html': page('<a href="index.html">Home</a>'),
    '404.html': notFound(
      '<main><a id="home" href="index.html">Home</a></main><script data-portable-src="search/search.js"></script>',
    ),
  };
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dist, file)), { recursive: true });
    await fs.writeFile(path.join(dist, file), text);
  }
  other = await otherHost();
  site = await serve(dist);
  subSite = await serve(dist, { basePath: '/reading-list/' });
  browser = await launchBrowser();
}, 30_000);

afterAll(async () => {
  await other?.close();
  await subSite?.close();
  await closeAll(browser, site);
});

describe('the 404 page at hostile paths', () => {
  const hostilePaths = (port: number) => [
    `//127.0.0.1:${port}/a/b`,
    `//127.0.0.1:${port}/`,
    `/\\127.0.0.1:${port}/a/b`,
    `/%2F127.0.0.1:${port}/a/b`,
    `/%2f%2f127.0.0.1:${port}/a/b`,
    `/%5C127.0.0.1:${port}/a/b`,
    `///127.0.0.1:${port}/x/y/z`,
    `/a//127.0.0.1:${port}/b`,
    `/.//127.0.0.1:${port}/a/b`,
    `/@127.0.0.1:${port}/a/b`,
    `/x@127.0.0.1:${port}//127.0.0.1:${port}/a`,
    `/javascript:alert(1)//127.0.0.1:${port}/a`,
    `/%2F%2F127.0.0.1:${port}%2Fa/b`,
    `/\\127.0.0.1:${port}/a/b`,
    `/a/%2e%2e/%2e%2e//127.0.0.1:${port}/b`,
  ];

  it('never requests anything from another origin nor sets <base> outside its own', async () => {
    for (const hostile of hostilePaths(other!.port)) {
      const url = `${site!.url.replace(/\/$/, '')}${hostile}`;
      const requested: string[] = [];
      const { page: tab, response } = await openPage(browser!, url);
      tab.on('request', (request) => requested.push(request.url()));
      expect(response?.status(), hostile).toBe(404);
      // The own script runs once the probe is done: wait for it, so the probe had its chance to misbehave.
      await tab.waitForFunction(() => document.documentElement.hasAttribute('data-own-script'), undefined, {
        timeout: 5_000,
      });
      const state = await tab.evaluate(() => ({
        base: document.querySelector('base')?.href ?? null,
        pwned: document.documentElement.getAttribute('data-pwned'),
        origin: location.origin,
        scripts: [...document.scripts].map((s) => s.src).filter(Boolean),
      }));
      expect(state.pwned, hostile).toBeNull();
      if (state.base !== null) expect(new URL(state.base).origin, hostile).toBe(state.origin);
      for (const src of state.scripts) expect(new URL(src).origin, hostile).toBe(state.origin);
      for (const request of requested) expect(new URL(request).origin, hostile).toBe(state.origin);
      await tab.context().close();
    }
    expect(other!.requests).toEqual([]);
  }, 120_000); // up to 15 page loads of a few seconds each on a busy machine

  it('asks a bounded number of folders at a very deep URL, and still starts its own scripts', async () => {
    const context = await browser!.newContext();
    const tab = await context.newPage();
    const probes: string[] = [];
    tab.on('request', (request) => {
      if (request.method() === 'HEAD') probes.push(request.url());
    });
    const deep = `${'a/'.repeat(400)}missing.html`;
    const response = await tab.goto(`${subSite!.url}${deep}`);
    expect(response?.status()).toBe(404);
    await tab.waitForFunction(() => document.documentElement.hasAttribute('data-own-script'), undefined, {
      timeout: 5_000,
    });
    expect(probes.length).toBeLessThanOrEqual(17);
    // The sub-path root is among the folders nearest the domain root, so it is still found.
    expect(await tab.evaluate(() => document.querySelector('base')?.href)).toBe(subSite!.url);
    await context.close();
    expect(other!.requests).toEqual([]);
  });

  it('still finds its own root under a sub-path, so its links lead back into the site', async () => {
    const { page: tab, response } = await openPage(browser!, `${subSite!.url}papers/a/b/missing.html`);
    expect(response?.status()).toBe(404);
    await tab.waitForFunction(() => document.documentElement.hasAttribute('data-own-script'), undefined, {
      timeout: 5_000,
    });
    expect(await tab.evaluate(() => document.querySelector('base')?.href)).toBe(subSite!.url);
    expect(await tab.locator('#home').evaluate((a) => (a as HTMLAnchorElement).href)).toBe(`${subSite!.url}index.html`);
    await tab.context().close();
    expect(other!.requests).toEqual([]);
  });
});
