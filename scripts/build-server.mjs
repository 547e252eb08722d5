// Compiles the server (src/, TypeScript) into one ES module bundle in dist/, so a start loads plain
// JavaScript instead of transpiling every file through tsx. Modules imported on demand (`await import(…)`)
// become chunks loaded when first used. Packages stay in node_modules, except the pure-JavaScript ES module
// ones in BUNDLED: each is hundreds of small files (kysely 263, openai 154, zod 95) that Node would resolve
// and compile one by one at every start. Packages that read their own files (PGlite's WebAssembly, the
// Swagger UI's assets, pino's transports) or load native code stay external.
// `node scripts/build-server.mjs --if-stale` builds only when a file under src/ is newer than the bundle.
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DIST_DIR, ROOT, isCompiledBuildCurrent } from '../bin/compiled-build.mjs';

const BUNDLED = new Set(['kysely', 'kysely-pglite-dialect', 'zod', 'fastify-type-provider-zod', 'openai', 'libphonenumber-js', 'csv-parse', 'csv-stringify']);

/** Leaves every package import external except those in BUNDLED (and their files). */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

if (process.argv.includes('--if-stale') && isCompiledBuildCurrent()) process.exit(0);

// Built beside dist/ and swapped in, so a process starting meanwhile never loads half a bundle.
const staging = join(ROOT, `dist.${process.pid}.partial`);
const started = performance.now();
try {
  await build({
    entryPoints: { parley: join(ROOT, 'src/cli/main.ts') },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [externalPackages],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  rmSync(DIST_DIR, { recursive: true, force: true });
  renameSync(staging, DIST_DIR);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
console.log(`Compiled the server into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
