import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { listMigrations } from './migrate.ts';
import { projectPath } from '../project-root.ts';

/** Where `npm install` (and the test suite) leave the migrated PGlite cluster: the project's ignored tmp/. */
export const DEFAULT_SNAPSHOT_DIR = projectPath('tmp/pglite-snapshots');

/**
 * The file of a dumped, migrated cluster, named after the PGlite version and every migration's text, so a
 * new migration (or PGlite upgrade) makes a new one and a stale file is never loaded.
 */
export function migratedSnapshotPath(cacheDir = DEFAULT_SNAPSHOT_DIR): string {
  const hash = createHash('sha1').update(pgliteVersion());
  for (const migration of listMigrations()) hash.update(`\0${migration.version}\0${migration.sql}`);
  return join(cacheDir, `pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The migrated cluster for these migrations when one has been built, else undefined. */
export function readMigratedSnapshot(cacheDir = DEFAULT_SNAPSHOT_DIR): Blob | undefined {
  const path = migratedSnapshotPath(cacheDir);
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

function pgliteVersion(): string {
  // The package exports no package.json; it sits one folder above the resolved entry (dist/).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}
