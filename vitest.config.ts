import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Three kinds of suites:
 * - unit: beside the code, no database;
 * - integration: test/integration, run twice — on embedded PGlite and on the PostgreSQL server named by
 *   TEST_DATABASE_URL (CI sets it; without it locally the PostgreSQL run is skipped with a notice);
 * - browser: test/browser, real headless Chromium against a real server.
 *
 * Speed (docs/benchmarks.md, "Test suite"): at least two files run at once, even on two cores, so a file
 * waiting on PostgreSQL or Chromium overlaps with one computing; and a worker process is reused for the
 * next file of its project (`isolate: false`), so the app's modules are imported once per worker rather
 * than once per file. Files stay independent: each opens its own database (a PGlite copy or a clone of
 * the PostgreSQL template), its own server on port 0 and its own temporary directories.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  if (process.env.CI) throw new Error('TEST_DATABASE_URL must be set in CI: the integration suites run against PostgreSQL too');
  console.warn('\n[parley] TEST_DATABASE_URL is not set: integration suites run on PGlite only (CI runs them on PostgreSQL too).\n');
}

const setupFiles = ['test/helpers/cpu-per-file.ts'];

const integration = (name: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['test/integration/**/*.test.ts'],
    env: { PARLEY_TEST_DB: name },
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/architecture/**/*.test.ts'],
          setupFiles,
          isolate: false,
          testTimeout: 30_000,
        },
      },
      integration('pglite'),
      ...(postgresUrl ? [integration('postgres')] : []),
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles,
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
