import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { testPgliteOptions } from './pglite-snapshot.ts';
import { TEMPLATE_DATABASE, adminUrl, databaseUrl } from './postgres.ts';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.PARLEY_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  database: Database;
  kind: TestDbKind;
  /** Connection URL, for spawning real `parley` processes against the same database (PostgreSQL only). */
  url?: string;
  /** Opens another, independent connection pool to the same database (a second "process"). */
  openAnother(): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite loaded from the migrated snapshot, or a
 * clone of the PostgreSQL template. (`migrate` then finds nothing to do; it stays as a guard.)
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() === 'pglite') {
    const database = await openDatabase({ dataDir: null, ...(await testPgliteOptions()) });
    await migrate(database);
    return {
      database,
      kind: 'pglite',
      openAnother: async () => {
        throw new Error('PGlite is a single in-process database; use PostgreSQL for multi-process tests');
      },
      drop: () => database.close(),
    };
  }
  const pg = await import('pg');
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.default.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const url = databaseUrl(name);
  const database = await openDatabase({ url });
  const others: Database[] = [];
  return {
    database,
    kind: 'postgres',
    url,
    openAnother: async () => {
      const other = await openDatabase({ url });
      others.push(other);
      return other;
    },
    drop: async () => {
      await Promise.all([database.close(), ...others.map((o) => o.close())]);
      const cleanup = new pg.default.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
