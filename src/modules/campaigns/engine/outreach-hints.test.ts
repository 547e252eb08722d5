import { describe, expect, it } from 'vitest';
import { countLinks, outreachHints } from './outreach-hints.ts';

const step = (source: string, rendered = source) => ({ source, rendered });

describe('outreach hints', () => {
  it('says nothing about a short personal first message', () => {
    expect(outreachHints([step('Hi {{ contact.first_name }}, we opened a second room.', 'Hi Aida, we opened a second room.')])).toEqual([]);
  });

  it('flags a link in the first message and more than one link later', () => {
    expect(countLinks('see https://a.example/x and www.b.com, or salon.kg/book')).toBe(3);
    const hints = outreachHints([step('Hi {{ contact.first_name }}: https://book.example'), step('a https://x.example b https://y.example')]);
    expect(hints).toEqual([
      { code: 'link_in_first_message', step: 0, value: 1, limit: 0 },
      { code: 'many_links', step: 1, value: 2, limit: 1 },
    ]);
  });

  it('flags no personalisation, long texts and shouting', () => {
    const hints = outreachHints([step(`Hello! ${'x'.repeat(420)}`), step('y'.repeat(1200)), step('BIG SALE TODAY ONLY FOR YOU')]);
    expect(hints.map((h) => [h.code, h.step])).toEqual([
      ['long_first_message', 0],
      ['long_message', 1],
      ['shouting', 2],
      ['no_personalisation', 0],
    ]);
    expect(outreachHints([step('{{ contact.first_name }}!!! Come!!!')]).map((h) => h.code)).toEqual(['shouting']);
  });
});
