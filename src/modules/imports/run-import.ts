import { basename } from 'node:path';
import type { Db } from '../../platform/db/client.ts';
import { importChats, importContactRecords, type ImportOptions } from './engine/importer.ts';
import type { ImportChat, ImportReport } from './engine/import-types.ts';
import { readWhatsAppChats } from './sources/whatsapp.source.ts';
import { readEvolutionChats } from './sources/evolution.source.ts';
import { ImportSourceError } from './sources/source-error.ts';
import { filesOf } from './sources/bundle.ts';
import { readEvolutionDbImportChats } from './sources/evolution-db.source.ts';
import { connectEvolutionDb } from './evolution-db/evolution-db.reader.ts';

export interface RunImportInput extends ImportOptions {
  /** A file or folder (whatsapp, telegram, csv) or an instance name (evolution). */
  target: string;
  evolution?: { baseUrl: string; apiKey: string; requestsPerSecond?: number };
  /** Read an Evolution instance from the gateway's own PostgreSQL instead of its REST API. */
  evolutionDbUrl?: string;
  csvMapping?: Record<string, string>;
}

/** Reads the source, imports it, and folds the source's own unreadable parts into the report's errors. */
export async function runImport(db: Db, input: RunImportInput): Promise<ImportReport> {
  const organization = await db.selectFrom('organizations').select(['timezone']).where('id', '=', input.organizationId).executeTakeFirstOrThrow();
  if (input.source === 'csv') {
    const { readContactsCsvFile } = await import('./csv/index.ts');
    // A folder (several files uploaded at once): every CSV in it, their problems named by file.
    const files = await filesOf(input.target, /\.(csv|txt|tsv)$/i);
    const rows = [];
    const problems = [];
    for (const file of files) {
      const parsed = await readContactsCsvFile(file, input.csvMapping ? { mapping: input.csvMapping } : undefined).catch(rethrowAsSourceError);
      rows.push(...parsed.rows);
      const label = files.length > 1 ? basename(file) : 'csv';
      problems.push(...parsed.problems.map((p) => ({ chat: label, line: p.line, reason: p.reason, code: p.code, ...(p.params ? { params: p.params } : {}) })));
    }
    const report = await importContactRecords(db, rows, input);
    report.errors.unshift(...problems);
    return report;
  }
  let chats: ImportChat[];
  let failures: { file: string; reason: string }[] = [];
  if (input.source === 'whatsapp') {
    ({ chats, failures } = await readWhatsAppChats(input.target, { timeZone: organization.timezone }));
  } else if (input.source === 'telegram') {
    const { readTelegramChats } = await import('./sources/telegram.source.ts');
    chats = [];
    for (const file of await filesOf(input.target, /\.json$/i)) {
      const read = await readTelegramChats(file);
      chats.push(...read.chats);
      failures.push(...read.failures);
    }
  } else if (input.evolutionDbUrl) {
    const sql = connectEvolutionDb(input.evolutionDbUrl);
    try {
      ({ chats, failures } = await readEvolutionDbImportChats(sql, input.target, { limit: input.limit }));
    } finally {
      await sql.close();
    }
  } else {
    if (!input.evolution) throw new ImportSourceError('the Evolution API URL and key are required (--url, --api-key or EVOLUTION_URL, EVOLUTION_API_KEY)');
    ({ chats, failures } = await readEvolutionChats({ ...input.evolution, instance: input.target }, { limit: input.limit }));
  }
  const report = await importChats(db, chats, input);
  report.errors.unshift(...failures.map((f) => ({ chat: f.file, line: null, reason: f.reason })));
  return report;
}

function rethrowAsSourceError(error: unknown): never {
  throw error instanceof Error && !(error instanceof ImportSourceError) ? new ImportSourceError(error.message) : error;
}
