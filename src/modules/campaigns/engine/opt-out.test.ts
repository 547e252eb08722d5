import { describe, expect, it } from 'vitest';
import { isOptOutMessage } from './opt-out.ts';

describe('opt-out replies', () => {
  it.each(['STOP', 'Stop.', 'stop please', 'Unsubscribe', 'please unsubscribe me from this list, thanks a lot', 'Отписаться', 'не пишите мне больше', 'Больше не пишите!', 'стоп', 'Хватит писать', 'remove me', "Don't contact me again"])(
    'recognises %j',
    (text) => expect(isOptOutMessage(text)).toBe(true),
  );

  it.each(['I cannot stop thinking about your offer, tell me more', 'Sounds good, what is the price?', 'Да, интересно', 'Остановка на Ленина, я буду в 5', ''])('ignores %j', (text) =>
    expect(isOptOutMessage(text)).toBe(false),
  );

  it('uses the organization phrases when given', () => {
    expect(isOptOutMessage('токтот', ['токтот'])).toBe(true);
    expect(isOptOutMessage('stop', ['токтот'])).toBe(false);
  });
});
