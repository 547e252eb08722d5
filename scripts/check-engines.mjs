// Fails when an installed package declares an `engines.node` range that excludes the running Node, so a
// dependency that needs a newer Node is caught by `npm test` instead of surfacing as EBADENGINE warnings.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/** Every package.json under node_modules (scoped and nested), as { name, version, path, engines }. */
function* installedPackages(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      yield* installedPackages(path);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        if (pkg.name && pkg.version) yield { name: pkg.name, version: pkg.version, path, engines: pkg.engines };
      } catch {
        // not a package (a fixture folder holding an unreadable package.json)
      }
    }
    yield* installedPackages(join(path, 'node_modules'));
  }
}

/** Installed packages whose engines.node does not admit `nodeVersion`. */
export function packagesExcludingNode(root, nodeVersion = process.versions.node) {
  const bad = [];
  for (const pkg of installedPackages(join(root, 'node_modules'))) {
    const range = pkg.engines?.node;
    if (typeof range !== 'string' || range.trim() === '' || range.trim() === '*') continue;
    if (semver.validRange(range) === null) continue;
    if (!semver.satisfies(nodeVersion, range, { includePrerelease: true })) bad.push({ name: pkg.name, version: pkg.version, range });
  }
  return bad;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const bad = packagesExcludingNode(root);
  if (bad.length > 0) {
    console.error(`These installed packages do not support Node ${process.versions.node}:`);
    for (const pkg of bad) console.error(`  ${pkg.name}@${pkg.version} needs node ${pkg.range}`);
    console.error('Pin a version that does (package.json "overrides") or replace the package.');
    process.exit(1);
  }
  console.log(`Every installed package supports Node ${process.versions.node}.`);
}
