import pg from 'pg';
import { ImportSourceError } from '../sources/source-error.ts';

/**
 * Reads Evolution API v2's own PostgreSQL (its Prisma schema: tables "Instance", "Contact", "Chat", "Message", camel-case
 * quoted columns; a message's WhatsApp key and content are JSON columns, its time `messageTimestamp` in Unix seconds).
 * Read-only, a handful of queries, paged by (messageTimestamp, id) so a sync resumes exactly where the last one stopped.
 */
export interface EvolutionSql {
  query<R>(text: string, params: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export function connectEvolutionDb(url: string): EvolutionSql {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, application_name: 'parley-import' });
  // A dropped idle connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return {
    async query<R>(text: string, params: unknown[]) {
      return (await pool.query(text, params)).rows as R[];
    },
    close: () => pool.end(),
  };
}

export interface EvolutionDbInstance {
  id: string;
  name: string;
  ownerJid: string | null;
}

export interface EvolutionDbMessageRow {
  id: string;
  key: Record<string, unknown>;
  pushName: string | null;
  participant: string | null;
  messageType: string;
  message: Record<string, unknown>;
  messageTimestamp: number;
}

export interface EvolutionDbCursor {
  timestamp: number;
  id: string;
}

/** What a database error means to the person who typed the URL. */
function explain(error: unknown): never {
  const e = error as { code?: string; message?: string };
  if (e.code === '42P01') throw new ImportSourceError('this database has no Evolution API tables ("Instance", "Message"); is the URL the Evolution API database?');
  if (e.code === '28P01' || e.code === '28000') throw new ImportSourceError('Evolution database: the user name or password is wrong');
  if (e.code === '3D000') throw new ImportSourceError('Evolution database: no such database');
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT') throw new ImportSourceError(`Evolution database cannot be reached (${e.code})`);
  throw new ImportSourceError(`Evolution database: ${e.message ?? String(error)}`);
}

export async function findEvolutionInstance(sql: EvolutionSql, name: string): Promise<EvolutionDbInstance> {
  const rows = await sql.query<EvolutionDbInstance>('SELECT id, name, "ownerJid" FROM "Instance" WHERE name = $1', [name]).catch(explain);
  if (!rows[0]) {
    const names = await sql.query<{ name: string }>('SELECT name FROM "Instance" ORDER BY name LIMIT 20', []).catch(explain);
    throw new ImportSourceError(`no instance "${name}" in the Evolution database${names.length ? ` (it has: ${names.map((n) => n.name).join(', ')})` : ''}`);
  }
  return rows[0];
}

export async function readEvolutionDbContacts(sql: EvolutionSql, instanceId: string) {
  return sql.query<{ remoteJid: string; pushName: string | null }>('SELECT "remoteJid", "pushName" FROM "Contact" WHERE "instanceId" = $1', [instanceId]).catch(explain);
}

export async function readEvolutionDbChats(sql: EvolutionSql, instanceId: string) {
  return sql.query<{ remoteJid: string; name: string | null }>('SELECT "remoteJid", name FROM "Chat" WHERE "instanceId" = $1', [instanceId]).catch(explain);
}

/** Messages after the cursor, oldest first, a page at a time. */
export async function* readEvolutionDbMessages(sql: EvolutionSql, instanceId: string, after: EvolutionDbCursor | null, pageSize = 1000): AsyncIterable<EvolutionDbMessageRow[]> {
  let cursor = after;
  for (;;) {
    const rows = await sql
      .query<EvolutionDbMessageRow>(
        `SELECT id, key, "pushName", participant, "messageType", message, "messageTimestamp"
           FROM "Message"
          WHERE "instanceId" = $1 AND ($2::bigint IS NULL OR ("messageTimestamp", id) > ($2::bigint, $3::text))
          ORDER BY "messageTimestamp", id
          LIMIT $4`,
        [instanceId, cursor?.timestamp ?? null, cursor?.id ?? '', pageSize],
      )
      .catch(explain);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    cursor = { timestamp: Number(last.messageTimestamp), id: last.id };
    if (rows.length < pageSize) return;
  }
}

/** A message row in the shape the gateway's webhooks and REST API give it (what the normaliser reads). */
export function toEvolutionRecord(row: EvolutionDbMessageRow): Record<string, unknown> {
  const key = typeof row.key === 'string' ? JSON.parse(row.key) : row.key;
  const message = typeof row.message === 'string' ? JSON.parse(row.message) : row.message;
  return {
    key: { ...key, ...(row.participant && !key.participant ? { participant: row.participant } : {}) },
    pushName: row.pushName,
    message,
    messageType: row.messageType,
    messageTimestamp: Number(row.messageTimestamp),
  };
}
