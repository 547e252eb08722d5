import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** PGlite's compiled WebAssembly and its file bundle, which every database one process opens can share. */
export interface PgliteEngine {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

/**
 * Compiles PGlite once for a process that opens many databases (the test suite opens one per file): each
 * database then skips compiling the module and reading the bundle, about a third of opening one.
 */
export async function loadPgliteEngine(): Promise<PgliteEngine> {
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  return {
    pgliteWasmModule: await WebAssembly.compile(readFileSync(join(dist, 'pglite.wasm'))),
    fsBundle: new Blob([readFileSync(join(dist, 'pglite.data'))]),
  };
}
