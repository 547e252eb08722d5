import { describe, expect, it } from 'vitest';
import { classifyReplyOffline, matchSlotChoice, type ReplyQuestion } from './reply-classifier.ts';
import type { OfferSlot } from './offer-message.ts';

const ZONE = 'Asia/Bishkek';
// Wednesday 2026-03-04 10:00 local.
const NOW = new Date('2026-03-04T04:00:00Z');
const slot = (start: string, staffName = 'Динара', staffId = 's1'): OfferSlot => ({ start, end: start, staffId, staffName, score: 0.5, explanation: '' });
// Thu 05.03 14:00, Fri 06.03 11:30, Sat 07.03 18:00 (local).
const SLOTS = [slot('2026-03-05T08:00:00Z'), slot('2026-03-06T05:30:00Z'), slot('2026-03-07T12:00:00Z')];

const q = (text: string, over: Partial<ReplyQuestion> = {}): ReplyQuestion => ({
  text,
  language: 'ru',
  timezone: ZONE,
  now: NOW.toISOString(),
  offeredService: 'Маникюр',
  offeredStaff: 'Динара',
  slots: SLOTS,
  services: ['Маникюр', 'Педикюр', 'Женская стрижка'],
  staff: ['Динара', 'Айгуль'],
  ...over,
});

describe('slot choice', () => {
  it.each([
    ['Давайте в 14:00', 0],
    ['в 11.30 удобно', 1],
    ['Второй вариант', 1],
    ['the second one', 1],
    ['3', 2],
    ['завтра', 0],
    ['tomorrow works', 0],
    ['в пятницу', 1],
    ['on Saturday please', 2],
    ['at 6 pm', 2],
    ['в 6', 2],
  ])('%s → slot %i', (text, index) => {
    expect(matchSlotChoice(text, SLOTS, ZONE, NOW)).toBe(index);
  });

  it.each(['да', 'в 16:00', 'в понедельник', 'hello'])('%s → no choice', (text) => {
    expect(matchSlotChoice(text, SLOTS, ZONE, NOW)).toBeNull();
  });

  it('combines a day with a time when the day alone is ambiguous', () => {
    const two = [slot('2026-03-05T04:00:00Z'), slot('2026-03-05T10:00:00Z'), slot('2026-03-06T04:00:00Z')];
    expect(matchSlotChoice('завтра', two, ZONE, NOW)).toBeNull();
    expect(matchSlotChoice('завтра в 16:00', two, ZONE, NOW)).toBe(1);
  });
});

describe('offline reply classification', () => {
  it.each([
    ['Да, давайте в 14:00', 'book'],
    ['Давайте второй', 'book'],
    ['Да', 'book'],
    ['Yes please, the first one', 'book'],
    ['Нет, спасибо', 'decline'],
    ['not interested', 'decline'],
    ['Я в отпуске до 20 марта', 'postpone'],
    ["I'm on holiday, write in 2 weeks", 'postpone'],
    ['А можно на педикюр?', 'other_service'],
    ['Хочу к Айгуль', 'other_staff'],
    ['можно к другому мастеру?', 'other_staff'],
    ['Мне теперь удобнее вечером', 'change_time'],
    ['only weekends now', 'change_time'],
    ['Я уже записалась', 'already_booked'],
    ['А сколько стоит?', 'question'],
  ])('%s → %s', (text, intent) => {
    expect(classifyReplyOffline(q(text)).intent).toBe(intent);
  });

  it('gives the class, the slot number, the days of a postponement and the new preferences', () => {
    expect(classifyReplyOffline(q('Давайте второй'))).toMatchObject({ replyClass: 'positive', slotNumber: 2 });
    expect(classifyReplyOffline(q('Нет'))).toMatchObject({ replyClass: 'negative' });
    expect(classifyReplyOffline(q('Уезжаю, напишите через 3 недели'))).toMatchObject({ replyClass: 'neutral', postponeDays: 21 });
    expect(classifyReplyOffline(q('Я в отпуске до 20 марта')).postponeDays).toBe(16);
    expect(classifyReplyOffline(q('лучше по субботам вечером'))).toMatchObject({ intent: 'change_time', timeOfDay: 'evening', weekdays: [6] });
    expect(classifyReplyOffline(q('А можно на педикюр?')).serviceName).toBe('Педикюр');
    expect(classifyReplyOffline(q('Хочу к Айгуль')).staffName).toBe('Айгуль');
  });
});
