import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithAllowList, moduleOf, readAllowList, sourceFiles } from './source-files.ts';

/**
 * Folders import each other in one direction: app and cli on top, domain modules in the middle, the platform
 * underneath. The two composition points of the platform — the database type (every module's tables) and
 * the application context (the channel registry and AI service types) — name modules type-only and are
 * left out, as is every test file.
 */
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm;
const COMPOSITION = new Set(['src/platform/db/schema.ts', 'src/platform/context.ts']);

function unitOf(path: string): string {
  const module = moduleOf(path);
  return module ? `modules/${module}` : path.split('/')[1]!;
}

function unitGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    if (file.path.endsWith('.test.ts')) continue;
    for (const match of file.text.matchAll(IMPORT)) {
      if (COMPOSITION.has(file.path) && match[1]) continue;
      const target = posix.normalize(posix.join(posix.dirname(file.path), match[2]!));
      const from = unitOf(file.path);
      const to = unitOf(target);
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

function reaches(graph: Map<string, Set<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const unit = stack.pop()!;
    if (unit === to) return true;
    if (seen.has(unit)) continue;
    seen.add(unit);
    stack.push(...(graph.get(unit) ?? []));
  }
  return false;
}

/** Every edge that closes a cycle: A imports B while B (directly or not) imports A. */
function cycleEdges(): string[] {
  const graph = unitGraph();
  const edges: string[] = [];
  for (const [from, targets] of graph) for (const to of targets) if (reaches(graph, to, from)) edges.push(`${from} -> ${to}`);
  return edges;
}

describe('module boundaries: no import cycles between folders', () => {
  it('the only cycles left are those on the allow-list, which may only shrink', () => {
    const { unexpected, stale } = compareWithAllowList(cycleEdges(), readAllowList('import-cycles.allow'));
    expect(unexpected, 'this import closes a cycle between folders').toEqual([]);
    expect(stale, 'these no longer close a cycle: delete them from test/architecture/import-cycles.allow').toEqual([]);
  });
});
