import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { projectPath } from '../project-root.ts';
import type { Database } from './client.ts';

const MIGRATIONS_DIR = projectPath('src/platform/db/migrations');
/** Arbitrary constant: serialises concurrent migrators (several processes booting at once). */
const MIGRATION_LOCK_ID = 482_163_001;

export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
}

/** Migration files are `<timestamp>_<name>.sql`, applied in timestamp order, forward only. */
export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d{14}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      return { version: version!, name: rest.join('_'), sql: readFileSync(join(dir, file), 'utf8') };
    });
}

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { db } = database;
  await database.execScript(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      const done = new Set((await conn.selectFrom('schema_migrations').select('version').execute()).map((row) => row.version));
      for (const migration of listMigrations(dir)) {
        if (done.has(migration.version)) continue;
        await conn.transaction().execute(async (tx) => {
          for (const statement of splitStatements(migration.sql)) {
            await sql.raw(statement).execute(tx);
          }
          await tx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
        });
        applied.push(`${migration.version}_${migration.name}`);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
  return applied;
}

/**
 * Splits a migration into statements so each runs through the ordinary query path inside one
 * transaction. Handles comments, quoted strings and dollar-quoted bodies.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    const rest = script.slice(i);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    if (rest.startsWith('/*')) {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === ch && script[j + 1] === ch) j += 2;
        else if (script[j] === ch) break;
        else j++;
      }
      current += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const tag = dollar[0];
      const end = script.indexOf(tag, i + tag.length);
      const stop = end === -1 ? script.length : end + tag.length;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
