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
  const started = performance.now();
  const report = await runImport(ctx.db, { organizationId: organization.id, source: 'whatsapp', target: file, me: 'Salon Ak Jol' });
  const seconds = (performance.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  if (report.messagesImported !== messages) throw new Error(`imported ${report.messagesImported} of ${messages}: ${JSON.stringify(report.errors.slice(0, 3))}`);
  const again = performance.now();
  const second = await runImport(ctx.db, { organizationId: organization.id, source: 'whatsapp', target: file, me: 'Salon Ak Jol' });
  const secondSeconds = (performance.now() - again) / 1000;
  console.log(
    `| ${kind.padEnd(8)} | ${messages.toLocaleString('en')} | ${seconds.toFixed(1)} s | ${Math.round(messages / seconds).toLocaleString('en')} msg/s | ${mb(peak)} | re-import: ${secondSeconds.toFixed(1)} s, ${second.messagesImported} new |`,
  );
  await database.close();
  await cleanup();
}


const [kind, file, messages] = process.argv.slice(2);
await importInto(kind as 'pglite' | 'postgres', file!, Number(messages));
