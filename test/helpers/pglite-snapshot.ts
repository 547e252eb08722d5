import { fileURLToPath } from 'node:url';
import { migratedSnapshot } from '../../src/platform/db/pglite-snapshot.ts';

/** Where test runs cache the migrated PGlite cluster (ignored by git). */
export const TEST_SNAPSHOT_DIR = fileURLToPath(new URL('../../tmp/test-snapshots', import.meta.url));

let cached: Promise<Blob> | undefined;

/** The migrated cluster every PGlite test database starts from; built once per suite run by global setup. */
export function testSnapshot(): Promise<Blob> {
  cached ??= migratedSnapshot(TEST_SNAPSHOT_DIR);
  return cached;
}
