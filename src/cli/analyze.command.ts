import { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Config } from '../platform/config.ts';
import { createContext } from '../app/runtime.ts';
import { closeDatabase } from './close-database.ts';
import { findOrganizationOrExit } from './find-organization.ts';
import { analyzeDialogs } from '../modules/analysis/index.ts';

interface AnalyzeCliOptions {
  org: string;
  limit?: string;
  minIncoming?: string;
  useLlm?: boolean;
  force?: boolean;
  json?: boolean;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${flag} must be a whole number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

/** `parley analyze` — seed 001's analyseDialogs script: analyse, score and stage an organization's dialogs. */
export function analyzeCommand(config: () => Config): Command {
  return new Command('analyze')
    .description('Analyse and score the organization’s dialogs as leads (offline analyser unless --use-llm)')
    .requiredOption('--org <id|slug>', 'organization')
    .option('--limit <n>', 'analyse at most N dialogs (newest activity first)')
    .option('--min-incoming <n>', 'only dialogs with at least N client messages (default: the organization’s setting, 3)')
    .option('--use-llm', 'use the configured AI provider (AI_* environment or the organization’s settings), falling back offline')
    .option('--force', 're-analyse dialogs with no new messages since their last analysis')
    .option('--json', 'print the stats as one JSON object')
    .action(async (options: AnalyzeCliOptions) => {
      const limit = positiveInt(options.limit, '--limit');
      const minIncoming = positiveInt(options.minIncoming, '--min-incoming');
      const ctx = await createContext({ config: { ...config(), LOG_LEVEL: 'warn' } });
      try {
        const organization = await findOrganizationOrExit(ctx.db, options.org);
        if (!organization) return;
        const bar = process.stderr.isTTY && !options.json ? new cliProgress.SingleBar({ format: 'Analysing {bar} {value}/{total} dialogs', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
        let started = false;
        const stats = await analyzeDialogs(
          ctx.db,
          ctx.ai,
          organization.id,
          { maxDialogs: limit, minIncoming, useLlm: Boolean(options.useLlm), force: Boolean(options.force) },
          {
            logger: ctx.logger,
            now: () => ctx.clock.now(),
            onProgress: (done, total) => {
              if (!bar) return;
              if (!started) {
                bar.start(total, 0);
                started = true;
              }
              bar.update(done);
            },
          },
        );
        bar?.stop();
        if (options.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
        else {
          console.log(`${organization.name} (${organization.slug}): ${stats.total} dialogs, ${stats.analyzed} analysed, ${stats.skipped} unchanged, ${stats.new_leads} new leads`);
          console.log(`hot ${stats.hot} · warm ${stats.warm} · cold ${stats.cold} · errors ${stats.errors}`);
        }
        if (stats.errors > 0) process.exitCode = 1;
      } finally {
        await closeDatabase(ctx.database);
      }
    });
}
