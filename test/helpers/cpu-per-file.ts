import { appendFileSync } from 'node:fs';
import { afterAll } from 'vitest';

/**
 * With PARLEY_TEST_CPU_LOG=<file>, appends one JSON line per test file: the CPU time its worker spent from
 * this setup file to the file's last hook (importing the file and the app, starting databases, the tests).
 * Unlike wall time it barely moves when other processes share the machine; scripts/test-durations.mjs
 * ranks files by it. Chromium and the PostgreSQL server are other processes and are not counted.
 */
const log = process.env.PARLEY_TEST_CPU_LOG;
if (log) {
  const start = process.cpuUsage();
  // The first argument (the fixtures) must be destructured; the file is the second.
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, suite) => {
    const used = process.cpuUsage(start);
    const file = 'filepath' in suite ? suite.filepath : suite.name;
    const project = 'projectName' in suite ? suite.projectName : undefined;
    appendFileSync(log, `${JSON.stringify({ project, file, cpuMs: Math.round((used.user + used.system) / 1000) })}\n`);
  });
}
