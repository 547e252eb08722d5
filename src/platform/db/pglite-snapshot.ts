import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';
import { DEFAULT_SNAPSHOT_DIR, migratedSnapshotPath, readMigratedSnapshot } from './pglite-snapshot-file.ts';

/**
 * Creating a PGlite cluster (initdb inside WebAssembly) and migrating it takes seconds; loading a dumped,
 * already migrated cluster takes a fraction of that. New installs (an empty data directory) and every
 * test database start from it. Returns the cached cluster, building and caching it first when missing.
 */
export async function migratedSnapshot(cacheDir = DEFAULT_SNAPSHOT_DIR): Promise<Blob> {
  const cached = readMigratedSnapshot(cacheDir);
  if (cached) return cached;
  const path = migratedSnapshotPath(cacheDir);
  const database = await openDatabase({ dataDir: null });
  try {
    await migrate(database);
    const blob = await database.dump!();
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: processes building the same snapshot at once never read half a file.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, path);
    return blob;
  } finally {
    await database.close();
  }
}
