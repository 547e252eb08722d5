import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/db/client.ts';

export interface ScratchDatabase {
  database: Database;
  url?: string;
  drop(): Promise<void>;
}

/** A throw-away database for one bench section: in-memory PGlite, or a new database on BENCH_DATABASE_URL's server. */
export async function openScratchDatabase(kind: 'pglite' | 'postgres', prefix = 'parley_bench'): Promise<ScratchDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: null });
    return { database, drop: () => database.close() };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL!;
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await adminQuery(adminUrl, `DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
