import { describe, expect, it } from 'vitest';
import { MessageFingerprinter } from './fingerprint.ts';

describe('MessageFingerprinter', () => {
  const at = new Date('2024-03-12T10:00:00Z');

  it('gives identical messages at the same time distinct, repeatable ids', () => {
    const first = new MessageFingerprinter('chat');
    const ids = [first.next(at, 'Bob', 'ok'), first.next(at, 'Bob', 'ok'), first.next(at, 'Ann', 'ok')];
    expect(new Set(ids).size).toBe(3);
    const again = new MessageFingerprinter('chat');
    expect([again.next(at, 'Bob', 'ok'), again.next(at, 'Bob', 'ok'), again.next(at, 'Ann', 'ok')]).toEqual(ids);
  });

  it('depends on the chat, the time, the author and the text', () => {
    const make = () => new MessageFingerprinter('chat');
    const base = make().next(at, 'Bob', 'ok');
    expect(new MessageFingerprinter('other').next(at, 'Bob', 'ok')).not.toBe(base);
    expect(make().next(new Date(at.getTime() + 60_000), 'Bob', 'ok')).not.toBe(base);
    expect(make().next(at, 'Ann', 'ok')).not.toBe(base);
    expect(make().next(at, 'Bob', 'ok!')).not.toBe(base);
    expect(make().next(at, null, 'ok')).not.toBe(base);
  });

  it('keeps the stored format: messages imported by earlier versions are recognised on re-import', () => {
    // Changing these values would make every re-imported WhatsApp history duplicate what is already stored.
    const f = new MessageFingerprinter('wa:chat:айгуль');
    const when = new Date(Date.UTC(2022, 2, 27, 21, 41));
    expect([f.next(when, 'Айгуль', 'Здравствуйте!'), f.next(when.toISOString(), 'Айгуль', 'Здравствуйте!'), f.next(when, null, 'x')]).toEqual([
      'fp:h3kELthDLS9OZqdi1t_C60uuhvg',
      'fp:VzhqRWDuExicEEh7AsroJaARmxM',
      'fp:xJk1bNiOMAllZhcztfq3NI8LDm4',
    ]);
  });
});
