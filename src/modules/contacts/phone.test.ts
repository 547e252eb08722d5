import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneFromWhatsAppJid } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['+996 700 123 456', 'KG', '+996700123456'],
    ['0700 123 456', 'KG', '+996700123456'],
    ['00996700123456', 'KG', '+996700123456'],
    ['8 (912) 345-67-89', 'RU', '+79123456789'],
    ['\u202a+7 912 345-67-89\u202c', 'KG', '+79123456789'],
    ['+1 (415) 555-2671', 'KG', '+14155552671'],
  ])('%s in %s → %s', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toEqual({ e164: expected, problem: null });
  });

  it('reports numbers it cannot normalise instead of guessing', () => {
    expect(normalizePhone('12', 'KG').e164).toBeNull();
    expect(normalizePhone('12', 'KG').problem).toBeTruthy();
    expect(normalizePhone('call me', 'KG').problem).toBe('no digits');
    expect(normalizePhone('', 'KG')).toEqual({ e164: null, problem: null });
  });

  it('reads WhatsApp JIDs', () => {
    expect(phoneFromWhatsAppJid('996700123456@s.whatsapp.net')).toBe('+996700123456');
    expect(phoneFromWhatsAppJid('120363025246125486@g.us')).toBeNull();
  });
});
