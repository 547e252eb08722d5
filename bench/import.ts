/**
 * Import benchmark: a synthetic WhatsApp export of BENCH_IMPORT_MESSAGES messages (default 1,000,000),
 * streamed into PGlite and (with BENCH_DATABASE_URL) PostgreSQL. Prints throughput end to end (parse,
 * normalise, dedupe, insert), the parse-only rate, and peak RSS sampled during the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamWhatsAppExport } from '../src/modules/imports/whatsapp/index.ts';
import { writeSyntheticExport } from './synthetic-export.ts';

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

/** Each database is measured in its own process, so one run's memory (PGlite's WebAssembly heap) cannot inflate the other's peak. */
function importInChild(kind: 'pglite' | 'postgres', file: string, messages: number): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./import-worker.ts', import.meta.url)), kind, file, String(messages)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: process.env,
  });
  if (result.status !== 0) throw new Error(`import benchmark on ${kind} failed`);
}

export async function runImportBench(): Promise<void> {
  const messages = Number(process.env.BENCH_IMPORT_MESSAGES ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-import-'));
  const file = join(dir, 'WhatsApp Chat with Айгуль Токтогулова.txt');
  try {
    const size = await writeSyntheticExport(file, messages);
    console.log(`\n### Import — synthetic WhatsApp export, ${messages.toLocaleString('en')} messages, ${mb(size)}\n`);
    const parseSampler = rssSampler();
    const parseStart = performance.now();
    const stream = await streamWhatsAppExport(file, { timeZone: 'Asia/Bishkek' });
    let parsed = 0;
    for await (const batch of stream.batches()) parsed += batch.length;
    const parseSeconds = (performance.now() - parseStart) / 1000;
    console.log(`parse only (two streaming passes, no database): ${parsed.toLocaleString('en')} messages in ${parseSeconds.toFixed(1)} s = ${Math.round(parsed / parseSeconds).toLocaleString('en')} msg/s, peak RSS ${mb(parseSampler.stop())} (this process also generated the file)\n`);
    console.log('| database | messages | time | throughput | peak RSS | idempotency |');
    console.log('|---|---:|---:|---:|---:|---|');
    importInChild('pglite', file, messages);
    if (process.env.BENCH_DATABASE_URL) importInChild('postgres', file, messages);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
