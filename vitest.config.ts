// Test runner configuration: unit, integration (seed dumps) and browser (Chromium) suites.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Site builds are heavy; keep two workers on a two-core machine.
    maxWorkers: 2,
    // Year inference never puts a capture after today: pin today so no result depends on the clock.
    env: { READING_LIST_TODAY: '2026-12-01' },
  },
});
