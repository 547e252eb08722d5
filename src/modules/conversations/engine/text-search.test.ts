import { describe, expect, it } from 'vitest';
import { excerptAround, searchQuery, searchTokens } from './text-search.ts';

describe('message search text', () => {
  it('keeps only words, so no input breaks the tsquery', () => {
    expect(searchTokens("Стрижка & 'завтра' | !:*")).toEqual(['стрижка', 'завтра']);
    expect(searchQuery(searchTokens('haircut tomorrow'))).toBe('haircut & tomorrow:*');
    expect(searchQuery(['стри'])).toBe('стри:*');
    expect(searchTokens('  ')).toEqual([]);
  });
  it('cuts an excerpt around the first hit', () => {
    const text = `${'а'.repeat(300)} сколько стоит стрижка ${'б'.repeat(300)}`;
    const excerpt = excerptAround(text, ['стрижка'], 60);
    expect(excerpt).toContain('стрижка');
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerptAround('short text', ['x'])).toBe('short text');
  });
});
