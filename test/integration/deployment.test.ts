/**
 * The deployment files are checked without a container engine: compose.yaml and the Dockerfile must name real
 * `parley` commands and options, real volumes and services; then the commands the image runs are exercised
 * here — `migrate`, `serve --no-jobs` with a separate `jobs` process (PostgreSQL), `backup` and `restore`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { adminUrl, databaseUrl } from '../helpers/postgres.ts';
import { testDbKind } from '../helpers/test-database.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function parley(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['bin/parley.mjs', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

/** `parley --help` lists the commands; `parley <command> --help` its options. */
function cliCommands(): Map<string, string> {
  const help = parley(['--help'], {}).out;
  const names = [...help.matchAll(/^\s{2}([a-z][\w:-]*)(?:\s|$)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
  return new Map(names.map((name) => [name, parley([name, '--help'], {}).out]));
}

/** The command line a container runs, checked against the CLI: a known command and only options it has. */
function expectRealCommand(commands: Map<string, string>, argv: string[], where: string) {
  const [name, ...rest] = argv;
  expect(commands.has(name!), `${where}: "${name}" is not a parley command`).toBe(true);
  for (const option of rest.filter((arg) => arg.startsWith('--'))) expect(commands.get(name!), `${where}: ${name} has no ${option}`).toContain(option);
}

describe('deployment files', () => {
  const commands = cliCommands();
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, { command?: string[]; image?: string; depends_on?: Record<string, { condition: string }>; volumes?: string[]; healthcheck?: { test?: string[]; disable?: boolean }; environment?: Record<string, string> }>;
    volumes: Record<string, unknown>;
  };

  it('compose.yaml runs PostgreSQL, a migration, API processes without jobs and job processes, with a media volume', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['api', 'db', 'jobs', 'migrate']);
    expect(services.db!.image).toMatch(/^postgres:15/);
    expect(services.api!.command).toEqual(['serve', '--no-jobs', '--no-demo']);
    expect(services.jobs!.command).toEqual(['jobs']);
    expect(services.migrate!.command).toEqual(['migrate']);
    for (const name of ['api', 'jobs', 'migrate']) {
      expectRealCommand(commands, services[name]!.command!, `compose service ${name}`);
      expect(services[name]!.environment!.DATABASE_URL).toMatch(/^postgres:\/\/parley:.+@db:5432\/parley$/);
      expect(services[name]!.volumes).toContain('media:/data');
    }
    for (const name of ['api', 'jobs']) expect(services[name]!.depends_on).toMatchObject({ db: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
  });

  it('every volume and dependency it names exists, and health checks test real things', () => {
    const { services, volumes } = compose;
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) expect(Object.keys(volumes), `${name}: ${volume}`).toContain(volume.split(':')[0]);
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
    }
    expect(services.db!.healthcheck!.test!.join(' ')).toContain('pg_isready -U parley -d parley');
    expect(services.api!.healthcheck!.test!.join(' ')).toContain('/health');
    expect(services.jobs!.healthcheck!.disable).toBe(true);
  });

  it('the Dockerfile is multi-stage, builds the web UI in, runs as a non-root user with a health check', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^FROM node:20\b/m);
    expect(dockerfile).toContain('npm run build:web');
    expect(dockerfile).toContain('/app/web/dist ./web/dist');
    // The compiled server (bin/parley.mjs runs it when current) is built and shipped.
    expect(dockerfile).toContain('npm run build:server');
    expect(dockerfile).toContain('/app/dist ./dist');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD node -e "fetch\('http:\/\/127\.0\.0\.1:' \+ \(process\.env\.PORT \|\| 3000\) \+ '\/health'\)/m);
    expect(dockerfile).toContain('ENTRYPOINT ["tini", "--", "node", "bin/parley.mjs"]');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expectRealCommand(commands, cmd, 'Dockerfile CMD');
    expect(JSON.parse(read('package.json')).scripts['build:web']).toBeDefined();
    expect(JSON.parse(read('package.json')).scripts['build:server']).toBeDefined();
  });

  it('.env.example sets only settings Parley reads, and a valid configuration', () => {
    const entries = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=') as [string, string]);
    const env = Object.fromEntries(entries.filter(([key]) => key !== 'POSTGRES_PASSWORD'));
    expect(Object.keys(env)).toContain('SECRET_KEY');
    const config = loadConfig({ ...env, SECRET_KEY: 'a'.repeat(64), DATABASE_URL: 'postgres://parley:x@db:5432/parley' });
    expect(config.TRUST_PROXY).toBe(1);
    expect(config.COOKIE_SECURE).toBe(true);
    for (const key of Object.keys(env)) expect(key in config || ['AI_API_KEY', 'SECRET_KEY'].includes(key), key).toBe(true);
  });
});

async function emptyPostgresDatabase(): Promise<string> {
  const name = `parley_deploy_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return databaseUrl(name);
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args], { env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'production', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))));
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`parley ${args.join(' ')} exited with ${code}: ${output}`)));
  });
}


describe('the commands the image runs', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'parley-deploy-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));

  it.runIf(testDbKind() === 'postgres')('migrate, serve --no-jobs and a separate jobs process share PostgreSQL: an upload is imported by the job process', async () => {
    const env = { DATABASE_URL: await emptyPostgresDatabase(), DATA_DIR: join(tmp, 'pg-data'), SECRET_KEY: 'b'.repeat(64) };
    const migrated = parley(['migrate'], env);
    expect(migrated.code, migrated.out).toBe(0);
    expect(migrated.out).toMatch(/Applied: /);
    expect(parley(['migrate'], env).out).toContain('Database is up to date.');
    const created = parley(['org:create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'owner@acme.test', '--owner-name', 'Owner'], { ...env, PARLEY_OWNER_PASSWORD: 'owner-password-1' });
    expect(created.code, created.out).toBe(0);

    const api = await startProcess(['serve', '--no-jobs', '--no-demo', '--port', '0'], env, /running at (http:\/\/\S+)/);
    const url = api.match[1]!;
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', database: 'postgres' });
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@acme.test', password: 'owner-password-1' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const upload = await fetch(`${url}/api/imports?source=csv&fileName=contacts.csv`, {
      method: 'POST',
      headers: { cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' },
      body: 'name,phone\nAlice,+996700100200\nBob,+996700100201\n',
    });
    expect(upload.status).toBe(202);
    const run = (await upload.json()) as { id: string };
    const status = async () => ((await (await fetch(`${url}/api/imports/${run.id}`, { headers: { cookie } })).json()) as { status: string }).status;
    // The API process has no job loop: the run waits for a job process.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await status()).toBe('queued');
    await startProcess(['jobs'], env, /job loop started/);
    await expect.poll(status, { timeout: 60_000, interval: 500 }).toBe('completed');

    const backupFile = join(tmp, 'pg.dump');
    const backup = parley(['backup', '--out', backupFile], env);
    expect(backup.code, backup.out).toBe(0);
    parley(['org:create', '--slug', 'later', '--name', 'Later', '--owner-email', 'later@acme.test', '--owner-name', 'Later'], { ...env, PARLEY_OWNER_PASSWORD: 'owner-password-2' });
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const slugs = async () => (await client.query<{ slug: string }>('SELECT slug FROM organizations ORDER BY slug')).rows.map((row) => row.slug);
    expect(await slugs()).toEqual(['acme', 'later']);
    expect(parley(['restore', backupFile], env).code).toBe(2); // needs --yes
    const restored = parley(['restore', backupFile, '--yes'], env);
    expect(restored.code, restored.out).toBe(0);
    expect(await slugs()).toEqual(['acme']);
    expect(Number((await client.query('SELECT count(*) AS n FROM contacts')).rows[0].n)).toBe(2);
    await client.end();
  }, 240_000);

  it.runIf(testDbKind() === 'pglite')('migrate, backup and restore the embedded database', async () => {
    const env = { DATABASE_URL: '', DATA_DIR: join(tmp, 'pglite-data') };
    expect(parley(['migrate'], env).code).toBe(0);
    expect(parley(['org:create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'owner@acme.test', '--owner-name', 'Owner'], { ...env, PARLEY_OWNER_PASSWORD: 'owner-password-1' }).code).toBe(0);
    const backupFile = join(tmp, 'embedded.tar.gz');
    const backup = parley(['backup', '--out', backupFile], env);
    expect(backup.code, backup.out).toBe(0);
    expect(parley(['org:create', '--slug', 'later', '--name', 'Later', '--owner-email', 'later@acme.test', '--owner-name', 'Later'], { ...env, PARLEY_OWNER_PASSWORD: 'owner-password-2' }).code).toBe(0);
    const restored = parley(['restore', backupFile, '--yes'], env);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain('previous database was moved to');
    // The restored data is from before "later" existed: creating it again succeeds.
    expect(parley(['org:create', '--slug', 'later', '--name', 'Later', '--owner-email', 'later@acme.test', '--owner-name', 'Later'], { ...env, PARLEY_OWNER_PASSWORD: 'owner-password-2' }).code).toBe(0);
  }, 240_000);
});
