import { chromium } from 'playwright-core';
import { serveStatic } from './scripts/bench/search-bytes.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './src/lib/chromium.ts';
const dist = process.argv[2]!;
const site = await serveStatic(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.addInitScript(() => {
    (window as any).__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) (window as any).__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${site.origin}/search.html`, { waitUntil: 'load' });
  await page.waitForTimeout(1500);
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('#search-q').pressSequentially('long context', { delay: 30 });
  await page.locator('[data-search-results] .search-result').first().waitFor();
  await page.waitForTimeout(1000);
  const t1 = await page.evaluate(() => performance.now());
  const show = page.locator('[data-search-show-filters]');
  if (await show.isVisible()) await show.click(); else await page.locator('[data-search-filters-panel] > summary').click();
  await page.waitForSelector('[data-search-filters][data-for]', { state: 'attached' });
  await page.waitForTimeout(1000);
  const long = await page.evaluate(() => (window as any).__long);
  console.log(viewport.width, 'typing from', Math.round(t0), 'filters asked at', Math.round(t1), 'long tasks [start, ms]:', JSON.stringify(long));
}
await browser.close(); await site.close();
