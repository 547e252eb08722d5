// `npm test`: builds the web UI if stale (the browser suite serves it), runs every Vitest project, and
// ends with one plain summary line ("N passed, N failed, N skipped") that CI can read.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const engines = spawnSync(process.execPath, [join(root, 'scripts/check-engines.mjs')], { stdio: 'inherit' });
if (engines.status !== 0) process.exit(engines.status ?? 1);
const build = spawnSync(process.execPath, [join(root, 'scripts/build-web-if-stale.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

mkdirSync(join(root, 'tmp'), { recursive: true });
const report = join(root, 'tmp/vitest-report.json');
rmSync(report, { force: true });
const vitest = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);

if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  console.log(`\n${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(vitest.status ?? 1);
