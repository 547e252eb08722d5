import type { Db } from '../../platform/db/client.ts';
import { importChats, importContactRecords, type ImportOptions } from './engine/importer.ts';
import type { ImportChat, ImportReport } from './engine/import-types.ts';
import { readWhatsAppChats } from './sources/whatsapp.source.ts';
import { readEvolutionChats } from './sources/evolution.source.ts';
import { ImportSourceError } from './sources/source-error.ts';

export interface RunImportInput extends ImportOptions {
  /** A file or folder (whatsapp, telegram, csv) or an instance name (evolution). */
  target: string;
  evolution?: { baseUrl: string; apiKey: string; requestsPerSecond?: number };
  csvMapping?: Record<string, string>;
}

/** Reads the source, imports it, and folds the source's own unreadable parts into the report's errors. */
export async function runImport(db: Db, input: RunImportInput): Promise<ImportReport> {
  const organization = await db.selectFrom('organizations').select(['timezone']).where('id', '=', input.organizationId).executeTakeFirstOrThrow();
  if (input.source === 'csv') {
    const { readContactsCsvFile } = await import('./csv/index.ts');
    const parsed = await readContactsCsvFile(input.target, input.csvMapping ? { mapping: input.csvMapping } : undefined).catch(rethrowAsSourceError);
    const report = await importContactRecords(db, parsed.rows, input);
    report.errors.unshift(...parsed.problems.map((p) => ({ chat: 'csv', line: p.line, reason: p.reason })));
    return report;
  }
  let chats: ImportChat[];
  let failures: { file: string; reason: string }[] = [];
  if (input.source === 'whatsapp') {
    ({ chats, failures } = await readWhatsAppChats(input.target, { timeZone: organization.timezone }));
  } else if (input.source === 'telegram') {
    const { readTelegramChats } = await import('./sources/telegram.source.ts');
    ({ chats, failures } = await readTelegramChats(input.target));
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
