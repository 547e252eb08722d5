import { defineConfig } from 'vitest/config';

/**
 * Three kinds of suites:
 * - unit: beside the code, no database;
 * - integration: test/integration, run twice — on embedded PGlite and on the PostgreSQL server named by
 *   TEST_DATABASE_URL (CI sets it; without it locally the PostgreSQL run is skipped with a notice);
 * - browser: test/browser, real headless Chromium against a real server.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  if (process.env.CI) throw new Error('TEST_DATABASE_URL must be set in CI: the integration suites run against PostgreSQL too');
  console.warn('\n[parley] TEST_DATABASE_URL is not set: integration suites run on PGlite only (CI runs them on PostgreSQL too).\n');
}

const integration = (name: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['test/integration/**/*.test.ts'],
    env: { PARLEY_TEST_DB: name },
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/architecture/**/*.test.ts'], testTimeout: 30_000 } },
      integration('pglite'),
      ...(postgresUrl ? [integration('postgres')] : []),
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
