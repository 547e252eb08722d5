/** Latency percentiles and throughput of a measured run, printed as one table row. */
export interface Measurement {
  name: string;
  count: number;
  totalMs: number;
  latenciesMs: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function measure(name: string, count: number, operation: (i: number) => Promise<void>, concurrency = 1): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await operation(i);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { name, count, totalMs: performance.now() - started, latenciesMs };
}

export function formatRow(m: Measurement): string {
  const sorted = [...m.latenciesMs].sort((a, b) => a - b);
  const perSecond = m.count / (m.totalMs / 1000);
  const cells = [
    m.name.padEnd(48),
    String(m.count).padStart(7),
    perSecond.toFixed(0).padStart(9),
    percentile(sorted, 50).toFixed(2).padStart(8),
    percentile(sorted, 95).toFixed(2).padStart(8),
    percentile(sorted, 99).toFixed(2).padStart(8),
  ];
  return `| ${cells.join(' | ')} |`;
}

export const HEADER = `| ${'operation'.padEnd(48)} | ${'count'.padStart(7)} | ${'ops/s'.padStart(9)} | ${'p50 ms'.padStart(8)} | ${'p95 ms'.padStart(8)} | ${'p99 ms'.padStart(8)} |\n|${'-'.repeat(50)}|${'-'.repeat(9)}|${'-'.repeat(11)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|`;

export function memoryLine(): string {
  const m = process.memoryUsage();
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  return `memory: rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}`;
}
