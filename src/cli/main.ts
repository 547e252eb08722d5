import { Command, Option } from 'commander';
import { ConfigError, describeConfig, loadConfig, type Config } from '../platform/config.ts';
import { openDatabase } from '../platform/db/client.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createLogger, logSettings } from '../platform/logger.ts';
import { createContext, createJobRunner, startServer } from '../app/runtime.ts';
import { DEMO_OWNER_EMAIL, seedDemo } from '../modules/demo/index.ts';
import { createOrganization } from '../modules/orgs/index.ts';
import { importCommand } from './import.command.ts';
import { backupCommands } from './backup.command.ts';
import { analyzeCommand } from './analyze.command.ts';
import { registerEvalCommand } from './eval.command.ts';
import { registerTrainCommand } from './train.command.ts';

const program = new Command()
  .name('parley')
  .description('Parley — messaging-first CRM. Configuration comes from the environment (see README).')
  .version('0.1.0');

function config(overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  try {
    return loadConfig(process.env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

function onSignals(stop: () => Promise<void>): void {
  let isStopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (isStopping) process.exit(1);
      isStopping = true;
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

program
  .command('serve')
  .description('Run the HTTP API, the web UI and the job loop')
  .option('--no-jobs', 'do not run the job loop in this process (run `parley jobs` separately)')
  .option('--no-demo', 'do not create the demo organization on an empty database')
  .addOption(new Option('-p, --port <port>', 'port (env PORT)'))
  .action(async (options: { jobs: boolean; demo: boolean; port?: string }) => {
    const cfg = config({ PORT: options.port });
    const logger = createLogger(cfg.LOG_LEVEL, logSettings(cfg).pretty);
    logger.info({ config: describeConfig(cfg) }, 'starting Parley');
    const server = await startServer({ config: cfg, logger, withJobs: options.jobs && cfg.JOBS_ENABLED, listen: false });
    if (options.demo) {
      const isEmpty = !(await server.ctx.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst());
      if (isEmpty) await seedDemo(server.ctx.db, { password: cfg.DEMO_PASSWORD, logger, ai: server.ctx.ai });
    }
    await server.app.listen({ port: cfg.PORT, host: cfg.HOST });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : cfg.PORT;
    const url = `http://${cfg.HOST === '0.0.0.0' ? 'localhost' : cfg.HOST}:${port}`;
    console.log(`\n  Parley is running at ${url}  (API docs: ${url}/docs)`);
    console.log(`  Database: ${server.ctx.database.kind === 'pglite' ? `embedded PGlite in ${cfg.DATA_DIR}` : 'PostgreSQL'}`);
    if (options.demo) console.log(`  Demo login: ${DEMO_OWNER_EMAIL} / ${cfg.DEMO_PASSWORD === 'parley-demo' ? 'parley-demo' : '(DEMO_PASSWORD)'}\n`);
    onSignals(() => server.close());
  });

program
  .command('jobs')
  .description('Run only the job loop (scale out next to `parley serve --no-jobs`)')
  .action(async () => {
    const cfg = config();
    const ctx = await createContext({ config: cfg });
    const runner = createJobRunner(ctx);
    runner.start();
    ctx.logger.info({ workerId: runner.workerId, concurrency: runner.concurrency }, 'job loop started');
    onSignals(async () => {
      await runner.stop();
      await ctx.database.close();
    });
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    const cfg = config();
    const database = await openDatabase({ url: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR });
    const applied = await migrate(database);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    await database.close();
  });

program
  .command('demo')
  .description('Reset the demo organization (slug "demo") and reload its data')
  .option('--keep', 'keep an existing demo organization instead of resetting it')
  .action(async (options: { keep?: boolean }) => {
    const cfg = config();
    const ctx = await createContext({ config: cfg });
    const result = await seedDemo(ctx.db, { password: cfg.DEMO_PASSWORD, reset: !options.keep, ai: ctx.ai });
    console.log(result ? `Demo organization ready: ${result.contacts} contacts, ${result.conversations} conversations. Login: ${result.email}` : 'Demo organization exists; kept.');
    await ctx.database.close();
  });

program
  .command('org:create')
  .description('Create an organization with its owner')
  .requiredOption('--slug <slug>', 'URL-safe id, e.g. acme')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--owner-email <email>')
  .requiredOption('--owner-name <name>')
  .option('--region <CC>', 'default phone region', 'KG')
  .option('--timezone <tz>', 'IANA time zone', 'UTC')
  .action(async (options: { slug: string; name: string; ownerEmail: string; ownerName: string; region: string; timezone: string }) => {
    const password = process.env.PARLEY_OWNER_PASSWORD;
    if (!password || password.length < 8) {
      console.error('Set PARLEY_OWNER_PASSWORD (at least 8 characters) in the environment; it is not taken as an argument so it stays out of shell history.');
      process.exit(2);
    }
    const cfg = config();
    const ctx = await createContext({ config: cfg });
    const { organization } = await createOrganization(ctx.db, {
      slug: options.slug,
      name: options.name,
      defaultRegion: options.region,
      timezone: options.timezone,
      owner: { email: options.ownerEmail, name: options.ownerName, password },
    });
    console.log(`Created organization ${organization.slug} (${organization.id}).`);
    await ctx.database.close();
  });

program.addCommand(importCommand(() => config()));
for (const command of backupCommands(() => config())) program.addCommand(command);
program.addCommand(analyzeCommand(() => config()));
registerEvalCommand(program);
registerTrainCommand(program);

await program.parseAsync(process.argv);
