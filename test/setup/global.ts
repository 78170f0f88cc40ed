// Once per test run: a shared folder where test workers keep the sites they build, so that one content root is
// built once per run whoever asks for it (see buildSite in test/helpers/site.ts); removed at the end of the run.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SITE_CACHE_ENV } from '../helpers/site.ts';

export default async function setup(): Promise<() => Promise<void>> {
  // A folder named by the caller is kept: builds are then shared across runs too (for work on the tests themselves).
  if (process.env[SITE_CACHE_ENV]) return async () => {};
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reading-list-test-sites-'));
  process.env[SITE_CACHE_ENV] = dir;
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
