/**
 * Upload benchmark (BENCH_ONLY=upload): a real `parley serve` process (with its job loop) on a fresh database
 * receives a synthetic WhatsApp export of BENCH_UPLOAD_MB megabytes (default 200) through `POST /api/imports`,
 * streamed from disk, and imports it. Prints the time to accept the upload, the time to import it and the
 * server's peak RSS (VmHWM). The goal: under 1 GiB for a 200 MB export.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeSyntheticExport } from './synthetic-export.ts';

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
/** Bytes per synthetic message, measured on the generator's output. */
const BYTES_PER_MESSAGE = 126;

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

export async function runUploadBench(): Promise<void> {
  const targetMb = Number(process.env.BENCH_UPLOAD_MB ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-upload-'));
  const file = join(dir, 'WhatsApp Chat with Айгуль Токтогулова.txt');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: join(dir, 'data'),
    DATABASE_URL: '',
    HOST: '127.0.0.1',
    IMPORT_MAX_BYTES: String(1024 * 1024 * 1024),
    PARLEY_OWNER_PASSWORD: 'bench-password-1',
    SECRET_KEY: 'c'.repeat(64),
  };
  const cli = ['bin/parley.mjs'];
  try {
    const size = await writeSyntheticExport(file, Math.round((targetMb * 1_000_000) / BYTES_PER_MESSAGE));
    console.log(`\n### Upload through POST /api/imports — synthetic WhatsApp export, ${mb(size)}, embedded PGlite, one process (API + jobs)\n`);
    const created = spawnSync(process.execPath, [...cli, 'org:create', '--slug', 'bench', '--name', 'Bench', '--owner-email', 'bench@example.test', '--owner-name', 'Bench'], { env, encoding: 'utf8' });
    if (created.status !== 0) throw new Error(created.stderr);
    const server = spawn(process.execPath, [...cli, 'serve', '--no-demo', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      server.stdout!.on('data', onData);
      server.stderr!.on('data', onData);
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    try {
      const idleRss = peakRss(server.pid!);
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'bench-password-1' }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const started = performance.now();
      const upload = await fetch(`${url}/api/imports?source=whatsapp&fileName=${encodeURIComponent('WhatsApp Chat with Айгуль Токтогулова.txt')}&me=${encodeURIComponent('Salon Ak Jol')}`, {
        method: 'POST',
        headers: { cookie, 'x-parley-client': 'bench', 'content-type': 'application/octet-stream', 'content-length': String(statSync(file).size) },
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      if (upload.status !== 202) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
      const acceptedMs = performance.now() - started;
      const afterUploadRss = peakRss(server.pid!);
      const { id } = (await upload.json()) as { id: string };
      let run: { status: string; report?: { messagesImported: number }; error?: string };
      do {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        run = (await (await fetch(`${url}/api/imports/${id}`, { headers: { cookie } })).json()) as typeof run;
      } while (run.status === 'queued' || run.status === 'running');
      const totalMs = performance.now() - started;
      const peak = peakRss(server.pid!);
      if (run.status !== 'completed') throw new Error(`import ${run.status}: ${run.error}`);
      console.log('| step | time | server peak RSS |');
      console.log('|---|---|---|');
      console.log(`| idle server | – | ${mb(idleRss)} |`);
      console.log(`| upload accepted (streamed to a temporary file, stored in 4 MiB parts) | ${(acceptedMs / 1000).toFixed(1)} s | ${mb(afterUploadRss)} |`);
      console.log(`| import finished (${run.report!.messagesImported.toLocaleString('en')} messages) | ${(totalMs / 1000).toFixed(1)} s | ${mb(peak)} |`);
      console.log(`\npeak RSS ${peak < 2 ** 30 ? 'under' : 'OVER'} the 1 GiB goal`);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
