import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module script without types
import { packagesExcludingNode } from '../../scripts/check-engines.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('installed dependencies', () => {
  it('all admit the running Node version in their engines.node', () => {
    expect(packagesExcludingNode(root)).toEqual([]);
  });

  it('a package needing a newer Node is reported', () => {
    const found = packagesExcludingNode(root, '18.0.0') as { name: string; range: string }[];
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((pkg) => typeof pkg.range === 'string')).toBe(true);
  });
});
