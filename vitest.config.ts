// Test runner configuration: unit, integration (seed dumps, site builds) and browser (Chromium) suites.
// The benchmark's end-to-end run (two site builds and Chromium at 200 papers) has its own script, `npm run test:bench`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One folder of built sites per run: a content root is built once, whichever test files ask for it.
    globalSetup: ['test/setup/global.ts'],
    // beforeAll hooks build sites; on a busy 2-core machine a build of the default list can take minutes.
    hookTimeout: 900_000,
    // Two workers on a two-core machine: builds and Chromium keep both cores busy (a third worker measured no faster).
    maxWorkers: 2,
    // Year inference never puts a capture after today: pin today so no result depends on the clock.
    env: { READING_LIST_TODAY: '2026-12-01' },
    projects: [
      // Pure functions and small fixtures: a few seconds at most even on a busy machine.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      // Tests that run ingest on whole lists, build a site or drive Chromium inside the test itself.
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
