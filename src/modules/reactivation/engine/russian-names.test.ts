import { describe, expect, it } from 'vitest';
import { declineName } from './russian-names.ts';

describe('declineName', () => {
  it('declines first names and surnames for "к" (dative) and "у" (genitive)', () => {
    expect(declineName('Динара', 'dative')).toBe('Динаре');
    expect(declineName('Динара', 'genitive')).toBe('Динары');
    expect(declineName('Тимур', 'dative')).toBe('Тимуру');
    expect(declineName('Гульнара Осмонова', 'dative')).toBe('Гульнаре Осмоновой');
    expect(declineName('Илья', 'genitive')).toBe('Ильи');
  });

  it('keeps what does not decline: female names ending in a consonant, initials, Latin names', () => {
    expect(declineName('Айгуль', 'dative')).toBe('Айгуль');
    expect(declineName('Динара К.', 'dative')).toBe('Динаре К.');
    expect(declineName('Anna', 'dative')).toBe('Anna');
    expect(declineName('  ', 'dative')).toBe('');
  });
});
