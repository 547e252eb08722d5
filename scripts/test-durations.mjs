// Where the suite's time goes. Reads what a run left in tmp/:
// - tmp/test-cpu.jsonl, written when the run had PARLEY_TEST_CPU_LOG=tmp/test-cpu.jsonl (test/helpers/cpu-per-file.ts):
//   CPU time per file and project, including importing the app and starting databases and servers;
// - tmp/vitest-report.json, written by `npm test`: each test's duration.
// Prints totals per project, then the costliest files and tests.
//   PARLEY_TEST_CPU_LOG=tmp/test-cpu.jsonl npm test && node scripts/test-durations.mjs [--top N]
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const cpuLog = option('--cpu', 'tmp/test-cpu.jsonl');
const reportPath = option('--report', 'tmp/vitest-report.json');
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(8);

if (existsSync(cpuLog)) {
  const files = readFileSync(cpuLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .map((entry) => ({ ...entry, file: relative(root, entry.file) }));
  const projects = new Map();
  for (const f of files) {
    const p = projects.get(f.project) ?? { files: 0, cpuMs: 0 };
    p.files += 1;
    p.cpuMs += f.cpuMs;
    projects.set(f.project, p);
  }
  const total = files.reduce((sum, f) => sum + f.cpuMs, 0);
  console.log(`CPU of the test workers (${cpuLog}; Chromium and the PostgreSQL server not counted)`);
  console.log('project    files     cpu s');
  for (const [name, p] of [...projects].sort((a, b) => b[1].cpuMs - a[1].cpuMs)) {
    console.log(`${String(name).padEnd(9)} ${String(p.files).padStart(6)} ${seconds(p.cpuMs)}`);
  }
  console.log(`${'all'.padEnd(9)} ${String(files.length).padStart(6)} ${seconds(total)}`);
  console.log(`\ncostliest ${top} files by CPU`);
  for (const f of [...files].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, top)) {
    console.log(`${seconds(f.cpuMs)}  ${String(f.project).padEnd(8)} ${f.file}`);
  }
  console.log('');
}

if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const files = report.testResults.map((result) => ({
    file: relative(root, result.name),
    tests: result.assertionResults.length,
    // The report times a file from its first test's start to its last test's end (no import, no beforeAll).
    span: result.endTime - result.startTime,
  }));
  console.log(`${report.numTotalTests} tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${reportPath})`);
  console.log(`\nlongest ${top} files, first test's start to last test's end (integration files appear once per database)`);
  for (const f of [...files].sort((a, b) => b.span - a.span).slice(0, top)) {
    console.log(`${seconds(f.span)}  ${String(f.tests).padStart(4)} tests  ${f.file}`);
  }
  const tests = report.testResults.flatMap((result) =>
    result.assertionResults.map((test) => ({ file: relative(root, result.name), name: test.fullName, duration: test.duration ?? 0, status: test.status })),
  );
  console.log(`\nlongest ${top} tests`);
  for (const t of tests.sort((a, b) => b.duration - a.duration).slice(0, top)) {
    console.log(`${seconds(t.duration)}  ${t.file} › ${t.name.slice(0, 90)}`);
  }
  const failed = tests.filter((t) => t.status === 'failed');
  if (failed.length) {
    console.log(`\nfailed`);
    for (const t of failed) console.log(`  ${t.file} › ${t.name}`);
  }
}
