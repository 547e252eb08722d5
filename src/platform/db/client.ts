import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { PgliteEngine } from './pglite-engine.ts';
import { readMigratedSnapshot } from './pglite-snapshot-file.ts';
import type { DB } from './schema.ts';

/** PostgreSQL's shared buffers inside PGlite (see openPglite). */
const PGLITE_SHARED_BUFFERS = '32MB';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the root handle or an open transaction; repositories accept both. */
export type DbOrTx = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script (migrations); the query path only takes one statement. */
  execScript(sql: string): Promise<void>;
  /** PGlite only: the whole cluster as a gzipped tarball, to open copies of it later (`snapshot`). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string;
  /** Directory for PGlite files; `null` keeps the database in memory (tests). */
  dataDir?: string | null;
  /** PGlite only: start from this dumped cluster (see `dump`) instead of creating an empty one. */
  snapshot?: Blob;
  /**
   * PGlite only: when the data directory is empty (a new install), start from the migrated cluster that
   * `npm install` prepared, if it matches these migrations, instead of creating and migrating one.
   */
  preMigrated?: boolean;
  /** PGlite only: an engine compiled once and shared (see loadPgliteEngine), for processes opening many databases. */
  engine?: PgliteEngine;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir ?? null, options.snapshot, options.preMigrated ?? false, options.engine);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection closed by the server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL idle connection error: ${error.message}`);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string | null, snapshot: Blob | undefined, preMigrated: boolean, engine?: PgliteEngine): Promise<Database> {
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  // pg_trgm backs the contact search's trigram indexes (PostgreSQL ships it as a contrib extension).
  const options: { loadDataDir?: Blob; extensions: { pg_trgm: typeof pg_trgm }; startParams: string[] } & Partial<PgliteEngine> = {
    loadDataDir: snapshot,
    extensions: { pg_trgm },
    // initdb's 128 MB of shared buffers are all touched in the WebAssembly heap and stay resident: 32 MB keeps
    // an idle server ~100 MiB smaller; one process has one connection, and the OS caches the files anyway.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    ...engine,
  };
  let client: InstanceType<typeof PGlite>;
  if (dataDir) {
    const dir = resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    // A new install starts from the migrated cluster `npm install` built, when it is there and current.
    if (preMigrated && !snapshot && !existsSync(join(dir, 'PG_VERSION'))) options.loadDataDir = readMigratedSnapshot();
    client = new PGlite(dir, options);
  } else {
    client = new PGlite(options);
  }
  await client.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    async execScript(script) {
      // Go through Kysely's connection so a script never interleaves with a running transaction.
      await db.connection().execute(async () => {
        await client.exec(script);
      });
    },
    dump: () => client.dumpDataDir('gzip'),
    close: () => db.destroy(),
  };
}

export function pgliteDir(dataDir: string): string {
  return join(resolve(dataDir), 'pglite');
}
