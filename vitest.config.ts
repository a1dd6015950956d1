import { defineConfig } from 'vitest/config';

// Unit tests live beside each package (`packages/*/test`, mirroring `src`); end-to-end tests
// against real Prometheus and the demo services live in `test/`. Packages are built (`tsc -b`)
// before the tests run, so cross-package imports resolve to `dist`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Real servers share two cores: one file at a time keeps timings sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
