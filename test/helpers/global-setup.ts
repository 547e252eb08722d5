import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { TEMPLATE_DATABASE, adminUrl, databaseUrl } from './postgres.ts';

/** On PostgreSQL, migrate once into a template database; each test file clones it (fast, isolated). */
export default async function setup(project: TestProject) {
  if (project.config.env?.PARLEY_TEST_DB !== 'postgres') return;
  const pg = await import('pg');
  const admin = new pg.default.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: databaseUrl(TEMPLATE_DATABASE), poolSize: 1 });
  await migrate(database);
  await database.close();
}
