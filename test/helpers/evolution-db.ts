import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { EvolutionSql } from '../../src/modules/imports/evolution-db/evolution-db.reader.ts';
import { testDbKind } from './test-database.ts';
import { adminUrl, databaseUrl } from './postgres.ts';

const SCHEMA = readFileSync(new URL('../fixtures/evolution-v2-schema.sql', import.meta.url), 'utf8');

export interface EvolutionSourceDb {
  sql: EvolutionSql;
  /** A URL for `--db-url` (PostgreSQL only; PGlite lives in this process). */
  url: string | null;
  drop(): Promise<void>;
}

/**
 * An Evolution API v2 database with its published table layout: a separate database on the PostgreSQL server, or a
 * second in-memory PGlite on the PGlite project (the reader takes any SQL runner).
 */
export async function createEvolutionSourceDb(): Promise<EvolutionSourceDb> {
  if (testDbKind() === 'pglite') {
    const lite = new PGlite();
    await lite.exec(SCHEMA);
    return {
      sql: { query: async <R>(text: string, params: unknown[]) => (await lite.query<R>(text, params)).rows, close: async () => undefined },
      url: null,
      drop: () => lite.close(),
    };
  }
  const name = `evolution_src_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(SCHEMA);
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    sql: { query: async <R>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as R[], close: async () => undefined },
    url,
    async drop() {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A row of "Message" shaped like the gateway's messages.upsert webhook data (shared fixture). */
export function evolutionMessageRow(instanceId: string, m: { id: string; jid: string; fromMe: boolean; text: string; at: number; pushName?: string }) {
  return {
    id: `c${m.id.toLowerCase()}`,
    key: { remoteJid: m.jid, fromMe: m.fromMe, id: m.id },
    pushName: m.pushName ?? null,
    messageType: 'conversation',
    message: { conversation: m.text },
    source: 'android',
    messageTimestamp: m.at,
    instanceId,
    status: m.fromMe ? 'SERVER_ACK' : 'DELIVERY_ACK',
  };
}

export async function insertEvolutionRows(sql: EvolutionSql, rows: ReturnType<typeof evolutionMessageRow>[]) {
  for (const r of rows) {
    await sql.query(
      'INSERT INTO "Message" (id, key, "pushName", "messageType", message, source, "messageTimestamp", "instanceId", status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [r.id, JSON.stringify(r.key), r.pushName, r.messageType, JSON.stringify(r.message), r.source, r.messageTimestamp, r.instanceId, r.status],
    );
  }
}
