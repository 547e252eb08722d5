// `npm install` (postinstall): builds the migrated PGlite cluster a new install starts from, so the first
// `npm start` loads it in a moment instead of creating and migrating a database. Never fails the install.
import { register } from 'tsx/esm/api';

register();
try {
  const { migratedSnapshot } = await import('../src/platform/db/pglite-snapshot.ts');
  await migratedSnapshot();
} catch (error) {
  console.warn(`[parley] could not prepare the embedded database (the first start will create it instead): ${error instanceof Error ? error.message : error}`);
}
