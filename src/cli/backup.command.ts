import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { openDatabase, pgliteDir } from '../platform/db/client.ts';
import { migrate } from '../platform/db/migrate.ts';
import { closeDatabase } from './close-database.ts';

/** PostgreSQL's custom-format dumps start with these bytes; PGlite's are gzip. */
const PG_DUMP_MAGIC = 'PGDMP';
const GZIP_MAGIC = [0x1f, 0x8b];

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

async function fileKind(path: string): Promise<'pg_dump' | 'pglite' | 'unknown'> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    if (head.toString('latin1') === PG_DUMP_MAGIC) return 'pg_dump';
    if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return 'pglite';
    return 'unknown';
  } finally {
    await handle.close();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) fail(`${tool} could not be started (${result.error.message}); install the PostgreSQL client tools of your server's version`);
  if (result.status !== 0) fail(`${tool} failed (exit code ${result.status})`);
}

/**
 * `parley backup` and `parley restore`: the embedded PGlite database is saved whole as a .tar.gz of its data
 * directory (stop `parley serve` first: PGlite allows one process); PostgreSQL with pg_dump / pg_restore in
 * their custom format, while Parley keeps running.
 */
export function backupCommands(loadConfig: () => Config): Command[] {
  const backup = new Command('backup')
    .description('Save the whole database to a file (PGlite: stop the server first; PostgreSQL: pg_dump, online)')
    .option('-o, --out <file>', 'where to write it (default parley-backup-<time>.tar.gz or .dump)')
    .action(async (options: { out?: string }) => {
      const cfg = loadConfig();
      if (cfg.DATABASE_URL) {
        const out = options.out ?? `parley-backup-${stamp()}.dump`;
        run('pg_dump', ['--format=custom', '--no-owner', '--file', out, cfg.DATABASE_URL]);
        console.log(`Backup written to ${out} (PostgreSQL custom format; restore with: parley restore ${out})`);
        return;
      }
      if (!existsSync(pgliteDir(cfg.DATA_DIR))) fail(`no embedded database in ${cfg.DATA_DIR} (set DATA_DIR or DATABASE_URL)`);
      const out = options.out ?? `parley-backup-${stamp()}.tar.gz`;
      const database = await openDatabase({ dataDir: cfg.DATA_DIR }).catch((error: Error) =>
        fail(`cannot open the embedded database in ${cfg.DATA_DIR} — is \`parley serve\` still running? (${error.message})`),
      );
      const dump = await database.dump!();
      await writeFile(out, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
      await closeDatabase(database);
      console.log(`Backup written to ${out} (embedded database; restore with: parley restore ${out})`);
    });

  const restore = new Command('restore')
    .description('Replace the database with a backup made by `parley backup`, then apply newer migrations')
    .argument('<file>', 'a backup file')
    .option('--yes', 'replace the current data without asking (required)')
    .action(async (file: string, options: { yes?: boolean }) => {
      const cfg = loadConfig();
      if (!existsSync(file)) fail(`${file}: no such file`);
      if (!options.yes) fail('restore replaces every organization in the database; run again with --yes to go ahead');
      const kind = await fileKind(file);
      if (cfg.DATABASE_URL) {
        if (kind !== 'pg_dump') fail(`${file} is not a PostgreSQL backup from \`parley backup\` (pg_dump custom format)`);
        run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', cfg.DATABASE_URL, file]);
      } else {
        if (kind !== 'pglite') fail(`${file} is not an embedded-database backup from \`parley backup\` (.tar.gz)`);
        const dir = pgliteDir(cfg.DATA_DIR);
        if (existsSync(dir) && readdirSync(dir).length > 0) {
          const aside = `${dir}.before-restore-${stamp()}`;
          renameSync(dir, aside);
          console.log(`The previous database was moved to ${aside}`);
        }
        const snapshot = new Blob([await readFile(file)]);
        const database = await openDatabase({ dataDir: cfg.DATA_DIR, snapshot });
        await migrate(database);
        await closeDatabase(database);
        console.log(`Restored ${file} into ${cfg.DATA_DIR}`);
        return;
      }
      const database = await openDatabase({ url: cfg.DATABASE_URL });
      const applied = await migrate(database);
      await closeDatabase(database);
      console.log(`Restored ${file}${applied.length ? `; applied ${applied.join(', ')}` : ''}`);
    });
  return [backup, restore];
}
