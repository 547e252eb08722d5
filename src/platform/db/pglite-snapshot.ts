import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openDatabase } from './client.ts';
import { listMigrations, migrate } from './migrate.ts';

/**
 * Creating a PGlite cluster (initdb inside WebAssembly) and migrating it takes seconds; loading a dumped,
 * already migrated cluster takes a fraction of that. The dump is cached in a file named after the PGlite
 * version and every migration's text, so a new migration (or PGlite upgrade) makes a new one.
 */
export function migratedSnapshotPath(cacheDir: string): string {
  const hash = createHash('sha1').update(pgliteVersion());
  for (const migration of listMigrations()) hash.update(`\0${migration.version}\0${migration.sql}`);
  return join(cacheDir, `pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The cached migrated cluster, building and caching it first when missing. */
export async function migratedSnapshot(cacheDir: string): Promise<Blob> {
  const path = migratedSnapshotPath(cacheDir);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
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

function pgliteVersion(): string {
  // The package exports no package.json; it sits one folder above the resolved entry (dist/).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}
