// `npm run test:bench`: the benchmark end to end at 200 papers (two site builds and Chromium); not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 900_000,
  },
});
