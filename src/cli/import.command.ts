import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import type { Config } from '../platform/config.ts';
import { createContext } from '../app/runtime.ts';
import { closeDatabase } from './close-database.ts';
import { listChannelAccounts } from '../modules/channels/index.ts';
import { findOrganizationOrExit } from './find-organization.ts';
import type { Db } from '../platform/db/client.ts';
import { connectEvolutionDb, ensureEvolutionDbSyncRow, syncEvolutionDbAccount, createPipelineStageClassifier, renderImportReport, resolveImportPipeline, runImport, ImportSourceError, type ImportProgress, type ImportSource } from '../modules/imports/index.ts';

interface ImportCliOptions {
  org?: string;
  organizationId?: string;
  pipeline?: string;
  limit?: string;
  dryRun?: boolean;
  useLlm?: boolean;
  skipDuplicates: boolean;
  me?: string;
  defaultRegion?: string;
  report?: string;
  json?: boolean;
  url?: string;
  apiKey?: string;
  rate?: string;
  map?: string[];
  dbUrl?: string;
  account?: string;
}

/** Where `npm run import:whatsapp` looks without a path: a folder of "Export chat" files. */
const DEFAULT_WHATSAPP_FOLDER = './whatsapp-exports';

/** `parley import <source> <path|instance>` — the seed 004 importer, for exports, CSV and a live gateway. */
export function importCommand(config: () => Config): Command {
  return new Command('import')
    .description('Import WhatsApp/Telegram history, contacts CSV, or pull an Evolution API instance')
    .addArgument(new Command().createArgument('<source>', 'whatsapp | telegram | csv | evolution | evolution-db').choices(['whatsapp', 'telegram', 'csv', 'evolution', 'evolution-db']))
    .argument('[target]', `export file or folder (.txt/.zip, result.json, .csv), or the Evolution instance name; for whatsapp the default is ${DEFAULT_WHATSAPP_FOLDER}`)
    .option('--org <id|slug>', 'organization to import into')
    .option('--organization-id <id|slug>', 'the same as --org (seed 004’s spelling)')
    .option('--pipeline <name|key|id>', 'pipeline new leads go into, and whose stages --use-llm classifies into (default: the default pipeline)')
    .option('--limit <n>', 'import at most N chats (or CSV rows)')
    .option('--dry-run', 'read and match everything, write nothing, print the same report')
    .option('--use-llm', 'classify each new contact’s stage from its dialog with the AI provider (offline analyser without a key)')
    .option('--no-skip-duplicates', 'update existing contacts instead of skipping them')
    .option('--me <name|phone>', 'which author is you in the exports')
    .option('--default-region <CC>', 'region for phones without a country code (default: the organization’s)')
    .option('--report <file.md>', 'write the Markdown report to this file')
    .option('--json', 'print one JSON object with the report on stdout (progress goes to stderr)')
    .addOption(new Option('--url <url>', 'Evolution API base URL').env('EVOLUTION_URL'))
    .addOption(new Option('--api-key <key>', 'Evolution API key').env('EVOLUTION_API_KEY'))
    .option('--rate <n>', 'Evolution API requests per second', '5')
    .addOption(new Option('--db-url <postgres://…>', 'evolution-db: the Evolution API database (its DATABASE_CONNECTION_URI)').env('EVOLUTION_DB_URL'))
    .option('--account <id>', 'evolution-db: sync into this Evolution channel account (default: the account whose instance this is, if any)')
    .option('--map <field=Header...>', 'CSV column mapping overrides, e.g. --map phone="Mobile" firstName="Given"')
    .action(async (sourceArgument: ImportSource | 'evolution-db', targetArgument: string | undefined, options: ImportCliOptions) => {
      const orgRef = options.org ?? options.organizationId;
      if (!orgRef) {
        console.error('Name the organization to import into: --org <slug|id> (or --organization-id).');
        process.exitCode = 2;
        return;
      }
      const source: ImportSource = sourceArgument === 'evolution-db' ? 'evolution' : sourceArgument;
      if (sourceArgument === 'evolution-db' && !options.dbUrl) {
        console.error('Give the Evolution API database: --db-url postgres://user:password@host:5432/evolution (or EVOLUTION_DB_URL).');
        process.exitCode = 2;
        return;
      }
      const target = targetArgument ?? (source === 'whatsapp' ? (process.env.WHATSAPP_EXPORTS_DIR ?? DEFAULT_WHATSAPP_FOLDER) : undefined);
      if (!target) {
        console.error(`Give what to import: ${source === 'evolution' ? 'the Evolution instance name' : 'the export file or folder'}.`);
        process.exitCode = 2;
        return;
      }
      const cfg = config();
      const ctx = await createContext({ config: { ...cfg, LOG_LEVEL: 'warn' } });
      try {
        const organization = await findOrganizationOrExit(ctx.db, orgRef);
        if (!organization) return;
        if (sourceArgument === 'evolution-db') {
          const account = await evolutionAccountFor(ctx.db, organization.id, target, options.account);
          if (account && !options.dryRun) {
            await ensureEvolutionDbSyncRow(ctx.db, ctx.secrets, organization.id, account.id, options.dbUrl!, target);
            const sql = connectEvolutionDb(options.dbUrl!);
            try {
              const result = await syncEvolutionDbAccount(ctx.db, { organizationId: organization.id, channelAccountId: account.id, sql, instanceName: target, now: new Date() });
              if (options.json) process.stdout.write(`${JSON.stringify({ account: account.name, ...result })}\n`);
              else console.log(`Synced "${account.name}" from the Evolution database: ${result.messagesRead} messages read, ${result.messagesStored} new, ${result.messagesAlreadyPresent} already present, ${result.contactsNamed} contacts named.`);
            } finally {
              await sql.close();
            }
            return;
          }
        }
        const pipeline = await resolveImportPipeline(ctx.db, organization.id, options.pipeline);
        const progress = createProgressReporter(Boolean(process.stderr.isTTY) && !options.json);
        const report = await runImport(ctx.db, {
          organizationId: organization.id,
          source,
          target,
          dryRun: options.dryRun,
          limit: options.limit ? Number(options.limit) : undefined,
          skipDuplicates: options.skipDuplicates,
          me: options.me,
          defaultRegion: options.defaultRegion,
          evolution: options.url && options.apiKey ? { baseUrl: options.url, apiKey: options.apiKey, requestsPerSecond: Number(options.rate) } : undefined,
          csvMapping: parseMapping(options.map),
          evolutionDbUrl: sourceArgument === 'evolution-db' ? options.dbUrl : undefined,
          pipelineId: pipeline.id,
          classifyStage: options.useLlm ? await createPipelineStageClassifier(ctx.db, ctx.ai, organization.id, pipeline) : undefined,
          onProgress: progress.update,
        });
        progress.stop();
        const markdown = renderImportReport(report, { organization: `${organization.name} (${organization.slug})`, source: `${source} ${target}`, date: new Date(), classified: Boolean(options.useLlm), surface: 'cli' });
        if (options.report) await writeFile(options.report, markdown);
        if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else console.log(markdown);
      } catch (error) {
        if (error instanceof ImportSourceError) {
          console.error(`Import failed: ${error.message}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      } finally {
        await closeDatabase(ctx.database);
      }
    });
}

/** The Evolution account an `evolution-db` import syncs into: the one named, or the one whose instance it is. */
async function evolutionAccountFor(db: Db, organizationId: string, instance: string, accountId: string | undefined) {
  const accounts = (await listChannelAccounts(db, organizationId)).filter((a) => a.channel === 'evolution');
  if (accountId) {
    const named = accounts.find((a) => a.id === accountId);
    if (!named) throw new ImportSourceError(`no Evolution account ${accountId} in this organization`);
    return named;
  }
  return accounts.find((a) => (a.settings as { instanceName?: string }).instanceName === instance) ?? null;
}

function parseMapping(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  return Object.fromEntries(pairs.map((pair) => pair.split('=')).map(([field, header]) => [field!.trim(), (header ?? '').trim()]));
}

/** A progress bar on a terminal; JSON lines (at most one a second) when stderr is a pipe or a log. */
function createProgressReporter(isTty: boolean) {
  if (isTty) {
    const bar = new cliProgress.SingleBar(
      { format: 'importing |{bar}| {value}/{total} chats | {messages} messages | {rate} msg/s | ETA {eta_formatted}', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const t0 = Date.now();
    return {
      update(p: ImportProgress) {
        if (!started) {
          bar.start(Math.max(p.chatsTotal, 1), 0, { messages: 0, rate: 0 });
          started = true;
        }
        const rate = Math.round(p.messagesRead / Math.max((Date.now() - t0) / 1000, 0.001));
        bar.update(p.chatsDone, { messages: p.messagesRead, rate });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (now - last < 1000 && p.chatsDone < p.chatsTotal) return;
      last = now;
      process.stderr.write(`${JSON.stringify({ type: 'progress', ...p })}\n`);
    },
    stop() {},
  };
}
