/**
 * Import benchmark: a synthetic WhatsApp export of BENCH_IMPORT_MESSAGES messages (default 1,000,000),
 * streamed into PGlite and (with BENCH_DATABASE_URL) PostgreSQL. Prints throughput end to end (parse,
 * normalise, dedupe, insert) and peak RSS, beside peers measured in the same run: parse-only against
 * whatsapp-chat-parser, and the PostgreSQL import against a COPY of as many rows (the floor, measured in the import's
 * process right before it) and against the database alone storing the same rows (the schema's ceiling).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticExport } from './synthetic-export.ts';

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

/** Each database is measured in its own process, so one run's memory (PGlite's WebAssembly heap) cannot inflate the other's peak. */
/** Parse-only in a child process, so its peak RSS is the parser's alone. */
function parseInChild(which: 'parley' | 'peer', file: string): { messages: number; seconds: number; cpuSeconds: number; peakMiB: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./peers/parse-worker.ts', import.meta.url)), which, file], { encoding: 'utf8', env: process.env });
  if (result.status !== 0) throw new Error(`parse benchmark (${which}) failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

function importInChild(kind: 'pglite' | 'postgres', file: string, messages: number): { row: string; notes: string[] } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./import-worker.ts', import.meta.url)), kind, file, String(messages)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: process.env,
  });
  if (result.status !== 0) throw new Error(`import benchmark on ${kind} failed`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

export async function runImportBench(): Promise<void> {
  const messages = Number(process.env.BENCH_IMPORT_MESSAGES ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-import-'));
  const file = join(dir, 'WhatsApp Chat with Айгуль Токтогулова.txt');
  try {
    const size = await writeSyntheticExport(file, messages);
    console.log(`\n### Import — synthetic WhatsApp export, ${messages.toLocaleString('en')} messages, ${mb(size)}\n`);
    const ours = parseInChild('parley', file);
    const peer = parseInChild('peer', file);
    console.log('| parse only, same file | messages | msg/s (wall) | CPU time | peak RSS |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [label, run] of [['Parley (streaming, two passes)', ours], ['whatsapp-chat-parser 4 (whole file in memory)', peer]] as const) {
      console.log(`| ${label} | ${run.messages.toLocaleString('en')} | ${Math.round(run.messages / run.seconds).toLocaleString('en')} | ${run.cpuSeconds.toFixed(1)} s | ${run.peakMiB} MiB |`);
    }
    const speed = ours.messages / ours.seconds / (peer.messages / peer.seconds);
    const cpuSpeed = peer.cpuSeconds / ours.cpuSeconds;
    console.log(
      `\nparse speed vs whatsapp-chat-parser: ${speed.toFixed(2)}× by wall time, ${cpuSpeed.toFixed(2)}× by CPU time (goal ≥ 1: ${speed >= 1 ? 'met' : 'not met'}); peak RSS ${ours.peakMiB} MiB (goal < 250 MiB: ${ours.peakMiB < 250 ? 'met' : 'not met'})\n`,
    );
    console.log('| database | messages | time | throughput | peak RSS | idempotency |');
    console.log('|---|---:|---:|---:|---:|---|');
    const runs = [importInChild('pglite', file, messages)];
    console.log(runs[0]!.row);
    if (process.env.BENCH_DATABASE_URL) {
      runs.push(importInChild('postgres', file, messages));
      console.log(runs[1]!.row);
    }
    console.log('');
    for (const run of runs) for (const note of run.notes) console.log(note);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
