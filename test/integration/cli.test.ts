import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type TestDatabase } from '../helpers/test-database.ts';

const dirs: string[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

/** Where the CLI should keep its data: a fresh PGlite directory, or a fresh PostgreSQL database. */
async function storageEnv(): Promise<Record<string, string>> {
  if (testDbKind() === 'postgres') {
    const db = await createTestDatabase();
    databases.push(db);
    return { DATABASE_URL: db.url! };
  }
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  dirs.push(dir);
  return { DATA_DIR: dir, DATABASE_URL: '' };
}

function parley(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['bin/parley.mjs', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('parley CLI', () => {
  it('prints help listing its commands', () => {
    const { code, out } = parley(['--help'], {});
    expect(code).toBe(0);
    for (const command of ['serve', 'jobs', 'migrate', 'demo']) expect(out).toContain(command);
  });

  it('analyze scores the demo dialogs, then skips them until something changes; --force re-analyses', async () => {
    const env = await storageEnv();
    expect(parley(['demo'], env).code).toBe(0);
    const again = spawnSync(process.execPath, ['bin/parley.mjs', 'analyze', '--org', 'demo', '--json'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 7, analyzed: 0, skipped: 7, errors: 0 });
    const forced = spawnSync(process.execPath, ['bin/parley.mjs', 'analyze', '--org', 'demo', '--force', '--json'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });
    const stats = JSON.parse(forced.stdout);
    expect(stats).toMatchObject({ total: 7, analyzed: 7, new_leads: 0, errors: 0 });
    expect(stats.hot + stats.warm + stats.cold).toBe(7);
    expect(parley(['analyze', '--org', 'no-such-org'], env).code).toBe(2);
    expect(parley(['analyze', '--org', 'demo', '--limit', 'ten'], env).code).toBe(2);
  });

  it('eval prints agreement on the shipped labelled set, ending with one JSON line', () => {
    // --no-cv keeps this smoke test quick; the cross-validated comparison has its own unit test.
    const result = spawnSync(process.execPath, ['bin/parley.mjs', 'eval', 'test/fixtures/labelled-dialogs.jsonl', '--no-cv'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(last.n).toBeGreaterThanOrEqual(60);
    expect(last.interestAgreement).toBeGreaterThan(0.5);
    expect(last.stageAgreement).toBeGreaterThan(0.5);
    expect(result.stdout).toContain("rows: expected, columns: actual");
    expect(parley(['eval', 'no-such-file.jsonl'], {}).code).toBe(2);
    expect(parley(['eval', '--folds', '1'], {}).code).toBe(2);
  });

  it('migrates, is idempotent, and loads and resets the demo organization', async () => {
    const env = await storageEnv();
    const first = parley(['migrate'], env);
    expect(first.code).toBe(0);
    if (testDbKind() === 'pglite') expect(first.out).toMatch(/Applied: .*foundation/);
    expect(parley(['migrate'], env).out).toContain('up to date');
    const demo = parley(['demo'], env);
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/Demo organization ready: \d+ contacts/);
    expect(parley(['demo', '--keep'], env).out).toContain('kept');
  });

  it('rejects a bad configuration, naming every bad key', () => {
    const { code, out } = parley(['migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(code).toBe(2);
    expect(out).toContain('PORT');
    expect(out).toContain('DATABASE_URL');
  });

  it('serve starts on a fresh store with demo data and keeps it across restarts', async () => {
    const env = await storageEnv();
    const start = () =>
      new Promise<{ url: string; stop: () => Promise<void> }>((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--port', '0'], {
          env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running at (http:\/\/[^\s]+)/.exec(output);
          if (match) {
            resolve({
              url: match[1]!,
              stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))),
            });
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });

    const loginAndCount = async (url: string) => {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@demo.parley.local', password: 'parley-demo' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const contacts = await fetch(`${url}/api/contacts?limit=200`, { headers: { cookie } });
      return ((await contacts.json()) as { items: unknown[] }).items.length;
    };

    const first = await start();
    const health = await fetch(`${first.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const contactsBefore = await loginAndCount(first.url);
    expect(contactsBefore).toBeGreaterThan(20);
    await first.stop();

    const second = await start();
    expect(await loginAndCount(second.url)).toBe(contactsBefore);
    await second.stop();
  });
});
