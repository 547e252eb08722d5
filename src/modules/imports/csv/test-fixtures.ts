/**
 * Test helper: the shared fixtures live beside the repository, in `../shared/fixtures` from the repo root
 * (/work/main → /work/shared/fixtures). Suites that need them skip with a clear message when the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Repo root: this file is src/modules/imports/csv/test-fixtures.ts. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../shared/fixtures/', new URL('../../../../', import.meta.url)));
export const fixturesAvailable = existsSync(fixturesDir);
export const fixturesSkipMessage = `shared fixtures folder not found at ${fixturesDir} — CSV fixture tests skipped`;

if (!fixturesAvailable) console.warn(`\n[csv] ${fixturesSkipMessage}\n`);

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, new URL('../shared/fixtures/', new URL('../../../../', import.meta.url))));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
