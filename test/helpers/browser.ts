/**
 * What every browser test does around its assertions: open a page of the
 * built site in a fresh context (JavaScript on or off, light or dark, a
 * viewport, permissions), over the server or from file://, while watching
 * for requests to other hosts, uncaught script errors, dialogs and console
 * errors; and close it all afterwards.
 *
 *   const { page, pageErrors } = await openPage(browser, fileUrl(dist, 'search.html?q=kv'), { foreign });
 *   afterAll(() => closeAll(browser, server));
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page, Response } from 'playwright-core';
import { recordForeignRequests, removeTemp } from './site.ts';

export interface OpenPageOptions {
  /** Default: true. */
  javaScript?: boolean;
  /** Dark colour scheme. Default: light. */
  dark?: boolean;
  /** Default: Playwright's (1280 x 720). */
  viewport?: { width: number; height: number };
  /** Permissions to grant to an origin before the page opens, e.g. the clipboard for the server's origin. */
  grant?: { permissions: string[]; origin: string };
  /** Where to record the page's requests to other hosts (the test asserts it stays empty). */
  foreign?: string[];
}

export interface OpenedPage {
  page: Page;
  /** The response of the page's own URL. */
  response: Response | null;
  /** Messages of the script errors nothing caught, in order. */
  pageErrors: string[];
  /** Dialogs (each dismissed), uncaught script errors and console errors, as text, in order. */
  incidents: string[];
}

/** Opens a URL in a new browser context; close it with `page.context().close()`. */
export async function openPage(browser: Browser, url: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    colorScheme: options.dark ? 'dark' : 'light',
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  if (options.grant) await context.grantPermissions(options.grant.permissions, { origin: options.grant.origin });
  const page = await context.newPage();
  if (options.foreign) recordForeignRequests(page, options.foreign);
  const pageErrors: string[] = [];
  const incidents: string[] = [];
  page.on('dialog', (dialog) => {
    incidents.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => {
    pageErrors.push(error.message);
    incidents.push(`page error: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') incidents.push(`console error: ${message.text()}`);
  });
  const response = await page.goto(url);
  return { page, response, pageErrors, incidents };
}

/** The file:// URL of a built page such as 'search.html?q=kv+cache', its query string kept. */
export function fileUrl(dist: string, target: string): string {
  const [pathname = '', query] = target.split('?');
  return `${pathToFileURL(path.join(dist, pathname)).href}${query ? `?${query}` : ''}`;
}

/** After a browser test: closes the browser, then the server (either may be missing when set-up failed), then removes the temporary folders. */
export async function closeAll(
  browser: Browser | undefined,
  server: { close(): Promise<void> } | undefined,
): Promise<void> {
  await browser?.close();
  await server?.close();
  await removeTemp();
}
