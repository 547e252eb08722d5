import { chmodSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The floor for an import: `COPY` of `rows` message-like rows (fingerprint, time, author, text) into a table
 * with one unique index, on the same PostgreSQL server — the fastest way rows get into it. Server-side COPY
 * from a file, so the server must run on this machine (loopback) and the role may read files (superuser or
 * pg_read_server_files). Returns rows per second, or null with the reason it could not run.
 */
export async function copyFloor(adminUrl: string, rows: number): Promise<{ rowsPerSecond: number } | { skipped: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-copy-'));
  const file = join(dir, 'rows.tsv');
  const name = `parley_bench_copy_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await writeRows(file, rows);
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(`CREATE TABLE floor_messages (id bigserial PRIMARY KEY, fingerprint text NOT NULL UNIQUE, sent_at timestamptz NOT NULL, author text NOT NULL, body text NOT NULL)`);
      const started = performance.now();
      await client.query(`COPY floor_messages (fingerprint, sent_at, author, body) FROM '${file}'`);
      return { rowsPerSecond: rows / ((performance.now() - started) / 1000) };
    } catch (error) {
      return { skipped: (error as Error).message };
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeRows(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const start = Date.UTC(2021, 0, 1, 8, 0);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${(i * 2654435761).toString(16)}-${i}\t${new Date(start + i * 60_000).toISOString()}\t${i % 3 === 0 ? 'Salon Ak Jol' : 'Айгуль Токтогулова'}\tЗдравствуйте! Сколько стоит маникюр с покрытием? #${i}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
