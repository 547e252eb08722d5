import { createHash } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/client.ts';
import { listMigrations, migrate } from '../../src/platform/db/migrate.ts';
import { testSnapshot } from './pglite-snapshot.ts';
import { TEMPLATE_DATABASE, adminUrl, databaseUrl } from './postgres.ts';

/**
 * Migrate once, and let each test file start from the result (fast, isolated): on PGlite a dumped
 * cluster cached on disk, on PostgreSQL a template database, kept between runs while the migrations
 * it was built from are unchanged (their fingerprint is the database's comment).
 */
export default async function setup(project: TestProject) {
  if (project.config.env?.PARLEY_TEST_DB !== 'postgres') {
    await testSnapshot();
    return;
  }
  const fingerprint = migrationsFingerprint();
  const pg = await import('pg');
  const admin = new pg.default.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const current = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [TEMPLATE_DATABASE],
    );
    if (current.rows[0]?.comment === fingerprint) return;
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    const database = await openDatabase({ url: databaseUrl(TEMPLATE_DATABASE), poolSize: 1 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    // Marked only once fully migrated: an interrupted run leaves no comment, so the next one rebuilds.
    await admin.query(`COMMENT ON DATABASE ${TEMPLATE_DATABASE} IS '${fingerprint}'`);
  } finally {
    await admin.end();
  }
}

function migrationsFingerprint(): string {
  const hash = createHash('sha1');
  for (const migration of listMigrations()) hash.update(`\0${migration.version}\0${migration.sql}`);
  return hash.digest('hex');
}
