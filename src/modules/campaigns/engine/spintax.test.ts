import { describe, expect, it } from 'vitest';
import { allExpansions, expandSpintax, parseSpintax, pickWeighted, seededRandom, SpintaxError } from './spintax.ts';

describe('spintax', () => {
  it('expands choices, nested too, and leaves Liquid alone', () => {
    const parsed = parseSpintax('{Hi|Hello {there|friend}}, {{ contact.first_name | default: "you" }}! {% if x %}{a|b}{% endif %}');
    expect(parsed.hasChoices).toBe(true);
    expect(allExpansions(parsed).sort()).toEqual(
      [
        'Hello friend, {{ contact.first_name | default: "you" }}! {% if x %}a{% endif %}',
        'Hello friend, {{ contact.first_name | default: "you" }}! {% if x %}b{% endif %}',
        'Hello there, {{ contact.first_name | default: "you" }}! {% if x %}a{% endif %}',
        'Hello there, {{ contact.first_name | default: "you" }}! {% if x %}b{% endif %}',
        'Hi, {{ contact.first_name | default: "you" }}! {% if x %}a{% endif %}',
        'Hi, {{ contact.first_name | default: "you" }}! {% if x %}b{% endif %}',
      ].sort(),
    );
  });

  it('keeps braces without a choice as text', () => {
    const parsed = parseSpintax('price {in USD} and {a|b}');
    expect(allExpansions(parsed).sort()).toEqual(['price {in USD} and a', 'price {in USD} and b']);
    expect(parseSpintax('{just text}').hasChoices).toBe(false);
  });

  it('refuses an unclosed group', () => {
    expect(() => parseSpintax('{Hi|Hello')).toThrow(SpintaxError);
    expect(() => parseSpintax('{{ contact.first_name ')).toThrow(SpintaxError);
  });

  it('is deterministic per seed and uses every option across seeds', () => {
    const parsed = parseSpintax('{a|b|c}');
    expect(expandSpintax(parsed, seededRandom('p1:s1'))).toBe(expandSpintax(parsed, seededRandom('p1:s1')));
    const seen = new Set(Array.from({ length: 200 }, (_, i) => expandSpintax(parsed, seededRandom(`p${i}`))));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });

  it('weighted pick follows the weights', () => {
    const items = [
      { key: 'A', weight: 3 },
      { key: 'B', weight: 1 },
      { key: 'C', weight: 0 },
    ];
    const counts: Record<string, number> = { A: 0, B: 0, C: 0 };
    for (let i = 0; i < 4000; i++) counts[pickWeighted(items, seededRandom(`x${i}`)).key]!++;
    expect(counts.C).toBe(0);
    expect(counts.A! / 4000).toBeGreaterThan(0.7);
    expect(counts.A! / 4000).toBeLessThan(0.8);
  });
});
