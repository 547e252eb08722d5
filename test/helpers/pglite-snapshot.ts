import { migratedSnapshot } from '../../src/platform/db/pglite-snapshot.ts';

let cached: Promise<Blob> | undefined;

/** The migrated cluster every PGlite test database starts from; built once per suite run by global setup. */
export function testSnapshot(): Promise<Blob> {
  cached ??= migratedSnapshot();
  return cached;
}
