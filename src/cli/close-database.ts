import type { Database } from '../platform/db/client.ts';

/** Closes the database without losing the exit code: closing PGlite's WebAssembly runtime resets `process.exitCode`. */
export async function closeDatabase(database: Database): Promise<void> {
  const exitCode = process.exitCode;
  await database.close();
  process.exitCode = exitCode;
}
