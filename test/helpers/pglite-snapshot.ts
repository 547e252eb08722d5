import { gunzipSync } from 'node:zlib';
import type { DatabaseOptions } from '../../src/platform/db/client.ts';
import { loadPgliteEngine } from '../../src/platform/db/pglite-engine.ts';
import { migratedSnapshot } from '../../src/platform/db/pglite-snapshot.ts';

let cached: Promise<Blob> | undefined;

/** The migrated cluster every PGlite test database starts from; built once per suite run by global setup. */
export function testSnapshot(): Promise<Blob> {
  cached ??= migratedSnapshot();
  return cached;
}

let options: Promise<Pick<DatabaseOptions, 'snapshot' | 'engine'>> | undefined;

/**
 * What `openDatabase` needs for a fresh PGlite test database, prepared once per worker process (which runs
 * many files): the migrated cluster already unzipped and PGlite already compiled.
 */
export function testPgliteOptions(): Promise<Pick<DatabaseOptions, 'snapshot' | 'engine'>> {
  options ??= (async () => {
    const zipped = Buffer.from(await (await testSnapshot()).arrayBuffer());
    return { snapshot: new Blob([gunzipSync(zipped)]), engine: await loadPgliteEngine() };
  })();
  return options;
}
