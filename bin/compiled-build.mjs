// Where the compiled server lives and whether it is current. `bin/parley.mjs` runs dist/ only when no file
// under src/ is newer than the build, so a changed source is never shadowed by an old bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE_DIR = join(ROOT, 'src');
export const DIST_DIR = join(ROOT, 'dist');
export const DIST_ENTRY = join(DIST_DIR, 'parley.mjs');

/** The newest modification time under `dir`, directories included (a deleted file changes its folder's). */
function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/parley.mjs exists and was built after the last change under src/. */
export function isCompiledBuildCurrent() {
  if (!existsSync(DIST_ENTRY)) return false;
  return statSync(DIST_ENTRY).mtimeMs >= newestMtime(SOURCE_DIR);
}
