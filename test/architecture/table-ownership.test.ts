import { describe, expect, it } from 'vitest';
import { compareWithAllowList, moduleOf, ownerOf, readAllowList, sourceFiles, type SourceFile } from './source-files.ts';

/**
 * Every table is declared by exactly one module, in its `*.tables.ts` (`export interface XTables { name: Row }`);
 * the platform declares its own in `src/platform/db/platform.tables.ts`. Only the owner's files name a table
 * in SQL; everyone else goes through the owner's index.ts.
 */
function tableOwners(files: SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files.filter((f) => f.path.endsWith('.tables.ts'))) {
    const declaration = /export interface \w+Tables(?: extends [\w, ]+)? \{([^}]*)\}/.exec(file.text);
    for (const line of declaration?.[1]?.split('\n') ?? []) {
      const table = /^\s*(\w+):/.exec(line)?.[1];
      if (!table) continue;
      if (owners.has(table)) throw new Error(`table ${table} is declared by two modules`);
      owners.set(table, ownerOf(file.path));
    }
  }
  return owners;
}

/** Kysely builder calls that name a table, and the table words of raw SQL inside sql`…` templates. */
const BUILDER = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|sql\.table)\(\s*'(\w+)/g;
const SQL_TEMPLATE = /\bsql(?:<[^`]*?>)?`((?:[^`\\]|\\.)*)`/g;
const RAW_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?(\w+)"?/gi;

function tablesNamed(text: string): Set<string> {
  const named = new Set<string>();
  for (const match of text.matchAll(BUILDER)) named.add(match[1]!);
  for (const template of text.matchAll(SQL_TEMPLATE)) {
    for (const match of template[1]!.matchAll(RAW_TABLE)) named.add(match[1]!);
  }
  return named;
}

function foreignTableUses(): string[] {
  const files = sourceFiles().filter((f) => !f.path.endsWith('.test.ts'));
  const owners = tableOwners(files);
  const found: string[] = [];
  for (const file of files) {
    if (!moduleOf(file.path) && !/^src\/(app|cli)\//.test(file.path)) continue;
    const self = ownerOf(file.path);
    for (const table of tablesNamed(file.text)) {
      const owner = owners.get(table);
      if (owner && owner !== self) found.push(`${file.path} -> ${table}`);
    }
  }
  return found;
}

describe('module boundaries: table ownership', () => {
  it('every table has one owning module', () => {
    const owners = tableOwners(sourceFiles());
    expect(owners.size).toBeGreaterThan(50);
    expect(owners.get('campaigns')).toBe('campaigns');
    expect(owners.get('jobs')).toBe('platform');
  });

  it("no module's SQL names a table another module owns except those still on the allow-list, which may only shrink", () => {
    const { unexpected, stale } = compareWithAllowList(foreignTableUses(), readAllowList('foreign-tables.allow'));
    expect(unexpected, "call the owning module's index.ts instead of naming its table").toEqual([]);
    expect(stale, 'these no longer happen: delete them from test/architecture/foreign-tables.allow').toEqual([]);
  });
});
