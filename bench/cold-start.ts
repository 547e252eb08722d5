/**
 * Cold start (issue 18): `parley serve` on PGlite from an empty data directory until /health answers, then
 * a second start on the same directory, and the server's RSS once idle — beside a minimal Fastify + pg
 * server (PostgreSQL, when BENCH_DATABASE_URL is set) started the same way in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts a server process, waits for /health, samples its RSS after `idleMs`, stops it. */
interface Started {
  seconds: number;
  idleRssMiB: number;
}

async function timeStart(command: string[], env: Record<string, string>, idleMs = 3000): Promise<Started> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const started = performance.now();
  const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (performance.now() - started > 120_000) throw new Error('no /health within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { seconds, idleRssMiB: Math.round(rssKb / 1024) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** What `npm install` and `npm start` prepare before the first start: the migrated PGlite cluster, the compiled server. */
function prepareLikeNpmStart(): void {
  for (const script of ['scripts/prepare-pglite.mjs', 'scripts/build-server.mjs']) {
    const result = spawnSync(process.execPath, [script, '--if-stale'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${script} failed`);
  }
}

async function startTwice(env: Record<string, string>): Promise<{ first: Started; second: Started }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-start-'));
  try {
    const serve = ['bin/parley.mjs', 'serve'];
    const first = await timeStart(serve, { ...env, DATA_DIR: dataDir, NODE_ENV: 'development' });
    const second = await timeStart(serve, { ...env, DATA_DIR: dataDir, NODE_ENV: 'development' });
    return { first, second };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runColdStartBench(): Promise<void> {
  prepareLikeNpmStart();
  const compiled = await startTwice({});
  // The same starts through the TypeScript sources (tsx), as `npm start` ran before the compiled build.
  const source = await startTwice({ PARLEY_FROM_SOURCE: '1' });
  const peer = process.env.BENCH_DATABASE_URL ? await timeStart([fileURLToPath(new URL('./peers/bare-health-server.mjs', import.meta.url))], { DATABASE_URL: process.env.BENCH_DATABASE_URL }) : null;
  const ratio = (value: number, base: number | undefined) => (base ? ` (${(value / base).toFixed(1)}× the peer)` : '');
  console.log('\n### Cold start — `parley serve` on PGlite until /health answers\n');
  console.log('| start | compiled (`npm start`) | from source (tsx) | goal |');
  console.log('|---|---:|---:|---|');
  const { first, second } = compiled;
  console.log(`| empty data directory | ${first.seconds.toFixed(2)} s${ratio(first.seconds, peer?.seconds)} | ${source.first.seconds.toFixed(2)} s | < 2 s: ${first.seconds < 2 ? 'met' : 'not met'} |`);
  console.log(`| second start, same directory | ${second.seconds.toFixed(2)} s${ratio(second.seconds, peer?.seconds)} | ${source.second.seconds.toFixed(2)} s | < 1 s: ${second.seconds < 1 ? 'met' : 'not met'} |`);
  console.log(`| idle RSS after the second start | ${second.idleRssMiB} MiB${ratio(second.idleRssMiB, peer?.idleRssMiB)} | ${source.second.idleRssMiB} MiB | < 300 MiB: ${second.idleRssMiB < 300 ? 'met' : 'not met'} |`);
  if (peer) console.log(`\npeer, same run: minimal Fastify + pg to /health ${peer.seconds.toFixed(2)} s, idle RSS ${peer.idleRssMiB} MiB`);
}
