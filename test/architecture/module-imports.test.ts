import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithAllowList, moduleOf, readAllowList, sourceFiles } from './source-files.ts';

/**
 * A module's public surface is its `index.ts`. A file outside module M that imports any other file of M
 * reaches into its internals. Two composition files of the platform are the exception: the database
 * type puts together every module's `*.tables.ts`, type-only.
 */
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm;

function internalImports(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles()) {
    const from = moduleOf(file.path);
    for (const match of file.text.matchAll(IMPORT)) {
      const target = posix.normalize(posix.join(posix.dirname(file.path), match[2]!));
      const to = moduleOf(target);
      if (!to || to === from) continue;
      if (target === `src/modules/${to}/index.ts`) continue;
      if (file.path === 'src/platform/db/schema.ts' && target.endsWith('.tables.ts') && match[1]) continue;
      found.push(`${file.path} -> ${target}`);
    }
  }
  return found;
}

describe('module boundaries: imports', () => {
  it("no file imports another module's internals except those still on the allow-list, which may only shrink", () => {
    const { unexpected, stale } = compareWithAllowList(internalImports(), readAllowList('internal-imports.allow'));
    expect(unexpected, "import the other module's index.ts instead (export what you need from there)").toEqual([]);
    expect(stale, 'these no longer happen: delete them from test/architecture/internal-imports.allow').toEqual([]);
  });
});
