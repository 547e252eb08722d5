import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, with paths below it written the same way on every machine. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface SourceFile {
  /** Path from the repository root, with forward slashes: `src/modules/campaigns/campaigns.service.ts`. */
  path: string;
  text: string;
}

/** Every TypeScript file under `src/`, tests included (a test may not reach into another module either). */
export function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) files.push({ path: relative(repoRoot, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(join(repoRoot, 'src'));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** `campaigns` for `src/modules/campaigns/…`; undefined for files outside the domain modules. */
export function moduleOf(path: string): string | undefined {
  return /^src\/modules\/([^/]+)\//.exec(path)?.[1];
}

/** The owner a file answers to for table ownership: its module, or `platform` / `app` / `cli`. */
export function ownerOf(path: string): string {
  return moduleOf(path) ?? path.split('/')[1]!;
}

/** Reads an allow-list: one entry a line, `#` comments and blank lines ignored. */
export function readAllowList(name: string): string[] {
  return readFileSync(new URL(name, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** Entries found but not allowed, and allowed entries that no longer occur (the list may only shrink). */
export function compareWithAllowList(found: Iterable<string>, allowed: string[]) {
  const foundSet = new Set(found);
  const allowedSet = new Set(allowed);
  return {
    unexpected: [...foundSet].filter((entry) => !allowedSet.has(entry)).sort(),
    stale: [...allowedSet].filter((entry) => !foundSet.has(entry)).sort(),
  };
}
