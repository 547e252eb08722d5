/**
 * One import benchmark run in a process of its own: `import-worker.ts <pglite|postgres> <file> <messages>`.
 * PGlite keeps its files in a temporary directory (as `npm start` does under ./data), not in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { benchConfig } from './bench-config.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import { createContext } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { runImport } from '../src/modules/imports/index.ts';
import { copyFloor } from './peers/copy-floor.ts';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/client.ts';

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

async function importInto(kind: 'pglite' | 'postgres', file: string, messages: number) {
  let database: Database;
  let cleanup = async () => {};
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-pglite-'));
    database = await openDatabase({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
    await admin.connect();
    const name = `parley_bench_import_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.BENCH_DATABASE_URL!);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString() });
    cleanup = async () => {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const ctx = await createContext({ config: benchConfig(), database, logger: pino({ level: 'silent' }) });
  const { organization } = await createOrganization(ctx.db, { slug: 'bench', name: 'Bench', owner: { email: 'b@example.test', name: 'Bench', password: 'bench-password' } });
  // The floor right before the import, so both see the same load on a shared machine.
  const floor = kind === 'postgres' ? await copyFloor(process.env.BENCH_DATABASE_URL!, messages) : null;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await runImport(ctx.db, { organizationId: organization.id, source: 'whatsapp', target: file, me: 'Salon Ak Jol' });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const peak = process.resourceUsage().maxRSS * 1024;
  if (report.messagesImported !== messages) throw new Error(`imported ${report.messagesImported} of ${messages}: ${JSON.stringify(report.errors.slice(0, 3))}`);
  const again = performance.now();
  const second = await runImport(ctx.db, { organizationId: organization.id, source: 'whatsapp', target: file, me: 'Salon Ak Jol' });
  const secondSeconds = (performance.now() - again) / 1000;
  const ceiling = await schemaCeiling(ctx.db, organization.id);
  const rate = messages / seconds;
  const row = (
    `| ${kind.padEnd(8)} | ${messages.toLocaleString('en')} | ${seconds.toFixed(1)} s (Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s) | ${Math.round(rate).toLocaleString('en')} msg/s | ${mb(peak)} | re-import: ${secondSeconds.toFixed(1)} s, ${second.messagesImported} new |`
  );
  const lines = [
    `${kind}: the database alone storing the same ${messages.toLocaleString('en')} rows into \`messages\` (INSERT … SELECT from rows already on the server, every index, foreign key and the full-text index): ${Math.round(ceiling).toLocaleString('en')} rows/s — the import runs at ${(rate / ceiling).toFixed(2)} of it`,
  ];
  if (floor && 'rowsPerSecond' in floor) {
    const ratio = rate / floor.rowsPerSecond;
    lines.unshift(
      `${kind}: COPY floor measured just before this import: ${Math.round(floor.rowsPerSecond).toLocaleString('en')} rows/s — the import runs at ${ratio.toFixed(2)} of it (goal ≥ 0.40: ${ratio >= 0.4 ? 'met' : 'not met'})`,
    );
  } else if (floor) {
    lines.unshift(`${kind}: COPY floor could not run (${floor.skipped})`);
  }
  if (kind === 'pglite') lines.unshift(`pglite: ${Math.round(rate).toLocaleString('en')} msg/s (goal ≥ 30,000: ${rate >= 30_000 ? 'met' : 'not met'})`);
  if (kind === 'postgres') lines.push(`postgres: peak RSS ${mb(peak)} (goal < 400 MiB: ${peak < 400 * 2 ** 20 ? 'met' : 'not met'})`);
  await database.close();
  await cleanup();
  return { row, notes: lines };
}

/**
 * What the database itself takes to store the rows just imported, with no client in the way: the imported messages
 * copied by one INSERT … SELECT into a second conversation of the same organization (the same table, indexes,
 * foreign keys and full-text index). An import cannot be faster than this on its database.
 */
async function schemaCeiling(db: Db, organizationId: string): Promise<number> {
  const source = await db.selectFrom('conversations').select('id').where('organization_id', '=', organizationId).where('channel', '=', 'whatsapp_export').executeTakeFirstOrThrow();
  const target = await db
    .insertInto('conversations')
    .values({ organization_id: organizationId, channel: 'whatsapp_export', channel_account_id: null, external_chat_id: 'bench:ceiling', contact_id: null, title: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const started = performance.now();
  const result = await sql`
    INSERT INTO messages (organization_id, conversation_id, direction, kind, external_id, author_contact_id, author_name, body, media, status, sent_at)
    SELECT organization_id, ${target.id}::uuid, direction, kind, external_id, author_contact_id, author_name, body, media, status, sent_at
    FROM messages WHERE conversation_id = ${source.id}::uuid
    ON CONFLICT (conversation_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) / ((performance.now() - started) / 1000);
}


const [kind, file, messages] = process.argv.slice(2);
// One JSON line for the parent: its table row and the ratios printed under the table.
console.log(JSON.stringify(await importInto(kind as 'pglite' | 'postgres', file!, Number(messages))));
