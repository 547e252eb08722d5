/**
 * The shared fixtures (real exports written by others) live beside the repository, in `../shared/fixtures`
 * from the repo root. Suites that need them skip with a clear message when the folder is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This file is test/helpers/shared-fixtures.ts; the repo root is two folders up. */
export const fixturesDir = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
export const fixturesAvailable = existsSync(fixturesDir);
export const fixturesSkipMessage = `shared fixtures folder not found at ${fixturesDir} — fixture tests skipped`;

if (!fixturesAvailable) console.warn(`\n[fixtures] ${fixturesSkipMessage}\n`);

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, new URL('../../../shared/fixtures/', import.meta.url)));
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** Every WhatsApp export .txt among the fixtures. */
export function whatsappFixtureNames(): string[] {
  return fixturesAvailable ? readdirSync(fixturesDir).filter((f) => /^whatsapp_.*\.txt$/.test(f)).sort() : [];
}
